"""What kind of file it is, from its first bytes (never from its name)."""

from __future__ import annotations

from pathlib import Path

from gevinst.ingest.container.report import Kind, Report
from gevinst.ingest.limits import Limits

_CHUNK = 1 << 20
_SNIFF_BYTES = 64 * 1024
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARQUET_MAGIC = b"PAR1"
_ENCRYPTION_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))


def sniff(path: Path, report: Report, limits: Limits) -> Kind:
    """Decide the kind from the first bytes, never from the extension."""
    size = path.stat().st_size
    if size == 0:
        raise report.fail("empty")
    if size > limits.max_file_bytes:
        raise report.fail("too_large", size=size, limit=limits.max_file_bytes)
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if head[:4] in _ZIP_MAGIC:
        return "xlsx"
    if head.startswith(_CFB_MAGIC):
        raise report.fail("encrypted" if _cfb_is_encrypted(path) else "xls")
    if head.startswith(_PARQUET_MAGIC):
        _check_parquet_tail(path, report)
        return "parquet"
    if _looks_like_csv(head):
        return "csv"
    raise report.fail("unknown")


def _cfb_is_encrypted(path: Path) -> bool:
    """An encrypted .xlsx is a CFB file with EncryptionInfo/EncryptedPackage streams (MS-OFFCRYPTO).

    The stream names sit in CFB directory sectors as UTF-16LE; searching the file for them in
    chunks (with an overlap for names split across chunks) needs no CFB parser.
    """
    overlap = max(len(name) for name in _ENCRYPTION_STREAMS)
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            window = tail + chunk
            if any(name in window for name in _ENCRYPTION_STREAMS):
                return True
            tail = window[-overlap:]
    return False


def _check_parquet_tail(path: Path, report: Report) -> None:
    with path.open("rb") as fh:
        fh.seek(-4, 2)
        if fh.read(4) != _PARQUET_MAGIC:
            raise report.fail("parquet_truncated")


def _looks_like_csv(head: bytes) -> bool:
    """Text in UTF-8 or Windows-1252 with a delimiter in its first line is taken for CSV."""
    if b"\x00" in head:
        return False
    text = _decode_text(head.removeprefix(b"\xef\xbb\xbf"))
    if text is None:
        return False
    first_line = text.split("\n", 1)[0]
    return any(delim in first_line for delim in (";", ",", "\t"))


def _decode_text(data: bytes) -> str | None:
    """UTF-8 (a multi-byte character cut at the sniff boundary is fine), else cp1252, else None."""
    import codecs

    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None
