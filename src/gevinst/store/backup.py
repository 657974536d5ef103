"""Backups: a consistent copy of the database in a zip with a manifest, and an atomic restore.

`write_backup(con, output)` copies the database a connection holds into a fresh DuckDB file in
one transaction (`ATTACH … (READ_WRITE)` + `COPY FROM DATABASE`, both built into DuckDB: no
extension to download). A DuckDB transaction reads one snapshot, so an import committing
meanwhile is in the copy whole or not at all, and the row counts in the manifest are taken in
the same transaction. It works on the server's own connection and on a read-only one, so it
never copies a file that someone is writing. The zip holds `gevinst.duckdb` and
`manifest.json` (format, gevinst and DuckDB versions, created_at, source, sha256 and size of
the file, row count of every table).

`restore_backup` checks everything before it touches the target: the zip and its CRCs, the
manifest, the file's sha256 and size, and the row count of every table in the unpacked file.
It unpacks next to the target, refuses a database that another process holds (and holds its
lock itself while it swaps), and moves the new file into place with one `os.replace`.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

import gevinst
from gevinst.errors import DatabaseInUse, GevinstError, InputRejected, Problem
from gevinst.messages import Lang, msg, register
from gevinst.store.db import connect, ensure_not_in_use, open_database
from gevinst.store.ownership import in_use_message

FORMAT = "gevinst-backup/1"
DB_MEMBER = "gevinst.duckdb"
MANIFEST_MEMBER = "manifest.json"
_ALIAS = "gevinst_backup_target"

register(
    {
        "backup.not_zip": {
            "da": "ikke en gevinst-backup (ikke en zip-fil, eller den er beskadiget)",
            "en": "not a gevinst backup (not a zip file, or it is damaged)",
        },
        "backup.missing": {
            "da": "backuppen mangler {member}; den er ikke lavet af gevinst backup",
            "en": "the backup has no {member}; it was not made by gevinst backup",
        },
        "backup.manifest": {
            "da": "backuppens manifest kan ikke læses ({detail})",
            "en": "the backup's manifest cannot be read ({detail})",
        },
        "backup.format": {
            "da": "ukendt backupformat {found} (denne version læser {known})",
            "en": "unknown backup format {found} (this version reads {known})",
        },
        "backup.damaged": {
            "da": "databasen i backuppen er beskadiget ({detail}); intet er gendannet",
            "en": "the database in the backup is damaged ({detail}); nothing was restored",
        },
        "backup.checksum": {
            "da": "databasen i backuppen passer ikke med manifestet (sha256 "
            "{found}, ventet {expected}); intet er gendannet",
            "en": "the database in the backup does not match its manifest (sha256 "
            "{found}, expected {expected}); nothing was restored",
        },
        "backup.rows": {
            "da": "tabellen {table} har {found} rækker i backuppen, manifestet siger "
            "{expected}; intet er gendannet",
            "en": "table {table} has {found} rows in the backup, the manifest says "
            "{expected}; nothing was restored",
        },
        "backup.tables": {
            "da": "backuppens tabeller passer ikke med manifestet ({detail}); intet er gendannet",
            "en": "the backup's tables do not match its manifest ({detail}); nothing was restored",
        },
        "backup.exists": {
            "da": "{db} findes allerede; gendan oven i den med --force (den "
            "nuværende database erstattes; tag evt. en backup af den først)",
            "en": "{db} already exists; restore over it with --force (the current "
            "database is replaced; consider backing it up first)",
        },
        "backup.output_exists": {
            "da": "{path} findes allerede; vælg et andet navn eller brug --force",
            "en": "{path} already exists; choose another name or use --force",
        },
        "backup.changed": {
            "da": "{db} blev ændret, mens gendannelsen stod på; intet er gendannet, prøv igen",
            "en": "{db} changed while the restore ran; nothing was restored, try again",
        },
    }
)


@dataclass(frozen=True)
class Manifest:
    format: str
    gevinst_version: str
    duckdb_version: str
    created_at: str
    source: str
    sha256: str
    size: int
    tables: dict[str, int]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ident(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def table_counts(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, int]:
    """Rows per base table of one attached database (views are derived from these)."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main' "
            "ORDER BY table_name",
            [catalog],
        ).fetchall()
    ]
    counts = {}
    for name in names:
        found = con.execute(f"SELECT count(*) FROM {_ident(catalog)}.main.{_ident(name)}")
        counts[name] = int(found.fetchall()[0][0])
    return counts


def snapshot(con: duckdb.DuckDBPyConnection, target: Path) -> dict[str, int]:
    """Copy the database `con` holds into the new file `target`; its row counts, same snapshot."""
    source = con.execute("SELECT current_database()").fetchall()[0][0]
    con.execute(f"ATTACH {_sql_text(str(target))} AS {_ALIAS} (READ_WRITE)")
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(f"COPY FROM DATABASE {_ident(source)} TO {_ALIAS}")
            counts = table_counts(con, source)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.execute(f"DETACH {_ALIAS}")
    return counts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_backup(
    con: duckdb.DuckDBPyConnection, output: Path, source: str = "", now: dt.datetime | None = None
) -> Manifest:
    """Back up the database `con` holds to the zip `output` (written whole, then renamed)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".gevinst-backup-", dir=output.parent) as tmp:
        copy = Path(tmp) / DB_MEMBER
        counts = snapshot(con, copy)
        with connect(copy, read_only=True) as check:  # the copy reads back as counted
            copied = table_counts(
                check, check.execute("SELECT current_database()").fetchall()[0][0]
            )
        if copied != counts:
            raise GevinstError(
                f"{output}: kopien af databasen har ikke samme rækker som "
                f"databasen (the copy differs): {copied} != {counts}"
            )
        manifest = Manifest(
            FORMAT,
            gevinst.__version__,
            duckdb.__version__,
            (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
            source,
            _sha256(copy),
            copy.stat().st_size,
            counts,
        )
        partial = Path(tmp) / "backup.zip"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr(MANIFEST_MEMBER, manifest.to_json())
            zf.write(copy, DB_MEMBER)
        os.replace(partial, output)
    return manifest


def backup_database(db: Path, output: Path, force: bool = False, lang: Lang = "da") -> Manifest:
    """`gevinst backup`: read-only, so it can run beside a read-only server."""
    if output.exists() and not force:
        raise GevinstError(msg("backup.output_exists", lang, path=output))
    with connect(db, read_only=True) as con:
        return write_backup(con, output, source=str(db))


def _reject(archive: Path, key: str, lang: Lang, **values: object) -> InputRejected:
    return InputRejected([Problem(archive.name, "", msg(key, lang, **values))])


def _manifest(archive: Path, zf: zipfile.ZipFile, lang: Lang) -> Manifest:
    names = set(zf.namelist())
    for member in (MANIFEST_MEMBER, DB_MEMBER):
        if member not in names:
            raise _reject(archive, "backup.missing", lang, member=member)
    try:
        raw = json.loads(zf.read(MANIFEST_MEMBER).decode("utf-8"))
        manifest = Manifest(**{**raw, "tables": {str(k): int(v) for k, v in raw["tables"].items()}})
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise _reject(archive, "backup.manifest", lang, detail=type(exc).__name__) from exc
    if manifest.format != FORMAT:
        raise _reject(archive, "backup.format", lang, found=manifest.format, known=FORMAT)
    return manifest


def _unpack(archive: Path, target: Path, lang: Lang) -> Manifest:
    """Unpack and check the backup's database into `target`; InputRejected if anything is off."""
    try:
        with zipfile.ZipFile(archive) as zf:
            manifest = _manifest(archive, zf, lang)
            digest = hashlib.sha256()
            with zf.open(DB_MEMBER) as src, target.open("wb") as dst:
                for block in iter(lambda: src.read(1 << 20), b""):
                    digest.update(block)
                    dst.write(block)
                dst.flush()
                os.fsync(dst.fileno())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError) as exc:
        raise _reject(archive, "backup.not_zip", lang) from exc
    if digest.hexdigest() != manifest.sha256 or target.stat().st_size != manifest.size:
        raise _reject(
            archive,
            "backup.checksum",
            lang,
            found=digest.hexdigest()[:12],
            expected=manifest.sha256[:12],
        )
    try:
        with connect(target, read_only=True) as con:
            found = table_counts(con, con.execute("SELECT current_database()").fetchall()[0][0])
    except (duckdb.Error, GevinstError) as exc:
        raise _reject(archive, "backup.damaged", lang, detail=str(exc)[:200]) from exc
    if set(found) != set(manifest.tables):
        detail = ", ".join(sorted(set(found) ^ set(manifest.tables)))
        raise _reject(archive, "backup.tables", lang, detail=detail)
    for table, expected in manifest.tables.items():
        if found[table] != expected:
            raise _reject(
                archive, "backup.rows", lang, table=table, found=found[table], expected=expected
            )
    return manifest


@contextmanager
def _held(db: Path) -> Iterator[None]:
    """Hold the same POSIX lock DuckDB takes on its file, so no server opens the old file
    while it is swapped (DuckDB locks the whole file with fcntl)."""
    if not db.exists():
        yield
        return
    with db.open("rb+") as f:
        try:
            fcntl.lockf(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise DatabaseInUse(in_use_message(db)) from exc
        try:
            yield
        finally:
            fcntl.lockf(f.fileno(), fcntl.LOCK_UN)


def restore_backup(archive: Path, db: Path, force: bool = False, lang: Lang = "da") -> Manifest:
    """`gevinst restore`: check the backup whole, then swap it in for `db` in one rename."""
    if db.exists() and not force:
        raise GevinstError(msg("backup.exists", lang, db=db))
    ensure_not_in_use(db)  # DatabaseInUse naming the server; checkpoints the old WAL
    db.parent.mkdir(parents=True, exist_ok=True)
    wal = Path(str(db) + ".wal")
    with tempfile.TemporaryDirectory(prefix=".gevinst-restore-", dir=db.parent) as tmp:
        unpacked = Path(tmp) / DB_MEMBER
        manifest = _unpack(archive, unpacked, lang)
        with _held(db):
            if db.exists():
                # a damaged old file may not have been checkpointed: its log must not be
                # replayed onto the restored file (with --force the old file is given up)
                wal.unlink(missing_ok=True)
            elif wal.exists():
                wal.unlink()  # a log without its database belongs to nothing
            os.replace(unpacked, db)
        _fsync_dir(db.parent)
    # the restored file opens (and is not held by anyone else): a last check for the caller
    open_database(db, read_only=True).close()
    return manifest


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
