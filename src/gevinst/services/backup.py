"""Back up the database to a zip with a verified manifest, and restore it (`gevinst backup`,
`gevinst restore`; the consistent snapshot, checks and atomic swap are `store.backup`'s)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from gevinst.messages import Lang
from gevinst.reports.filenames import safe_filename
from gevinst.store.backup import Manifest, backup_database, restore_backup


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: Manifest


def default_backup_name(db: Path, now: dt.datetime | None = None) -> str:
    """`gevinst-backup-<database>-<UTC time>.zip`: sorts by time, safe on every file system."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    return safe_filename(f"gevinst-backup-{db.stem}-{stamp}", ".zip")


def backup(db: Path, output: Path | None = None, force: bool = False, lang: Lang = "da") -> Backup:
    """Snapshot `db` (read-only, so beside a running server) into `output`, by default a
    time-stamped name in the working directory; refuses to overwrite without `force`."""
    target = output or Path(default_backup_name(db))
    return Backup(target, backup_database(db, target, force, lang))


def restore(archive: Path, db: Path, force: bool = False, lang: Lang = "da") -> Manifest:
    """Check the backup whole, then swap it in for `db`; refuses to replace without `force`."""
    return restore_backup(archive, db, force, lang)
