"""The zip container's checks, all before any XML is parsed: the central directory, entry names,
counts and declared sizes, what kind of package it is, macros, and every entry's CRC."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections import Counter
from pathlib import Path

from gevinst.ingest.container.report import Reject, Report
from gevinst.ingest.limits import Limits

_CHUNK = 1 << 20
_RATIO_MIN_BYTES = 1 * 2**20


def check_central_directory_size(path: Path, report: Report, limits: Limits) -> None:
    """Refuse an archive whose directory alone would cost a lot to load.

    zipfile reads the whole central directory into memory and builds an object per entry, so
    the entry count is checked from the end-of-central-directory record before opening it.
    """
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 65_557))
        tail = fh.read()
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or len(tail) - pos < 22:
        return  # zipfile will say it is not a zip (truncated)
    count, cd_size = struct.unpack("<HI", tail[pos + 10 : pos + 16])
    if count != 0xFFFF and count > limits.max_entries:
        raise report.fail("too_many_entries", count=count, limit=limits.max_entries)
    if cd_size != 0xFFFFFFFF and cd_size > limits.max_entries * 1024:
        raise report.fail(
            "too_many_entries", count=f"> {limits.max_entries}", limit=limits.max_entries
        )


def check_entries(infos: list[zipfile.ZipInfo], report: Report, limits: Limits) -> None:
    """Names, counts and declared sizes: all from the central directory, nothing inflated yet."""
    if len(infos) > limits.max_entries:
        raise report.fail("too_many_entries", count=len(infos), limit=limits.max_entries)
    names = Counter(info.filename.lower() for info in infos)
    for name, count in names.items():
        if count > 1:
            report.add("duplicate_entry", part=name)
    for info in infos:
        _check_name(info.filename, report)
        if info.flag_bits & 0x1:
            report.add("zip_encrypted", part=info.filename)
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        report.add("too_big_uncompressed", size=total, limit=limits.max_uncompressed_bytes)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_MIN_BYTES and ratio > limits.max_ratio:
            report.add("ratio", part=info.filename, ratio=ratio, limit=limits.max_ratio)
    if report.has_errors:
        raise Reject("entries")


def _check_name(name: str, report: Report) -> None:
    if "\\" in name:
        report.add("nonstandard_package", part=name)
    segments = name.split("/")
    if name.startswith("/") or ".." in segments or "\x00" in name or re.match(r"[A-Za-z]:", name):
        report.add("unsafe_path", part=name)


def identify(zf: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo], report: Report) -> None:
    """Name a non-workbook package for what it is (ODS, Word, PowerPoint) instead of 'corrupt'."""
    if "mimetype" in parts:
        mimetype = _read_small(zf, parts["mimetype"], 200).decode("ascii", "replace").strip()
        if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
            raise report.fail("ods")
        if mimetype.startswith("application/vnd.oasis.opendocument"):
            raise report.fail("opendocument", mimetype=mimetype)
    has_xl = any(name.startswith("xl/") or name == "workbook.xml" for name in parts)
    if not has_xl and "word/document.xml" in parts:
        raise report.fail("docx")
    if not has_xl and "ppt/presentation.xml" in parts:
        raise report.fail("pptx")


def check_macros(parts: dict[str, zipfile.ZipInfo], report: Report) -> None:
    for name, info in parts.items():
        if name.endswith("vbaproject.bin") or "/macrosheets/" in f"/{name}":
            report.add("macro", part=info.filename)
            return


def _read_small(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    with zf.open(info) as fh:
        return fh.read(limit)


def check_crcs(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], report: Report) -> None:
    """Inflate every entry in chunks; zipfile checks the CRC-32 when an entry's end is reached.

    zipfile stops at the declared size, so an entry that inflates past it fails its CRC here
    instead of growing: the work is bounded by the declared sizes checked before.
    """
    for info in infos:
        if info.is_dir():
            continue
        try:
            with zf.open(info) as fh:
                while fh.read(_CHUNK):
                    pass
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as exc:
            if "CRC" in str(exc):
                report.add("crc", part=info.filename)
            else:
                report.add("truncated", detail=f"{info.filename}: {exc}")
        except (NotImplementedError, RuntimeError) as exc:
            report.add("truncated", detail=f"{info.filename}: {exc}")
