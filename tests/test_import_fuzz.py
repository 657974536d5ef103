"""Fuzz of the import path: a valid budget workbook, mutated (bytes flipped, truncated, cell XML
replaced with garbage, a DOCTYPE injected, a huge dimension, text in amount cells, duplicated
rows and zip entries) and imported through the CLI's own function into a database with known
content. Never a crash (exit 0, 1 or 2, no traceback); never a partial write (the database is
unchanged, or it holds exactly one new, whole import next to the old rows)."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _import_fixtures import db_content, lines_fixture, run_import, wide_workbook

SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "known.duckdb"
    assert run_import([wide_workbook(folder / "v1.xlsx", lines_fixture())], db).exit_code == 0
    return db, wide_workbook(folder / "v2.xlsx", lines_fixture()[::-1]).read_bytes()


def _parts(workbook: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(workbook)) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def _zip(parts: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are one of the mutations
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts:
                zf.writestr(name, data)
    return out.getvalue()


def _sheet(workbook: bytes, change) -> bytes:
    return _zip([(n, change(d) if n == SHEET else d) for n, d in _parts(workbook)])


def flip(data: st.DataObject, workbook: bytes) -> bytes:
    raw = bytearray(workbook)
    for at in data.draw(st.lists(st.integers(0, len(raw) - 1), min_size=1, max_size=8)):
        raw[at] ^= data.draw(st.integers(1, 255))
    return bytes(raw)


def truncate(data: st.DataObject, workbook: bytes) -> bytes:
    return workbook[: data.draw(st.integers(0, len(workbook) - 1))]


def garbage_value(data: st.DataObject, workbook: bytes) -> bytes:
    values = re.findall(rb"<v>[^<]*</v>", _parts_dict(workbook)[SHEET])
    target = data.draw(st.sampled_from(values))
    junk = data.draw(st.binary(max_size=40))
    return _sheet(workbook, lambda xml: xml.replace(target, b"<v>" + junk + b"</v>", 1))


def text_amount(data: st.DataObject, workbook: bytes) -> bytes:
    cells = re.findall(rb'<c r="[EF]\d+" t="n"><v>[^<]*</v></c>', _parts_dict(workbook)[SHEET])
    target = data.draw(st.sampled_from(cells))
    ref = re.search(rb'r="([A-Z]+\d+)"', target).group(1)  # type: ignore[union-attr]
    text = data.draw(st.text(max_size=30)).encode("utf-8", "replace")
    text = text.replace(b"&", b"&amp;").replace(b"<", b"&lt;")
    cell = b'<c r="' + ref + b'" t="inlineStr"><is><t>' + text + b"</t></is></c>"
    return _sheet(workbook, lambda xml: xml.replace(target, cell, 1))


def doctype(data: st.DataObject, workbook: bytes) -> bytes:
    entity = data.draw(
        st.sampled_from(
            [
                b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
                b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                b"<!DOCTYPE w>",
            ]
        )
    )
    return _sheet(workbook, lambda xml: entity + xml)


def huge_dimension(data: st.DataObject, workbook: bytes) -> bytes:
    ref = data.draw(st.sampled_from([b"A1:XFD1048576", b"A1:ZZZZ99999999", b"", b"A0:-1"]))
    return _sheet(
        workbook,
        lambda xml: re.sub(
            rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', xml, count=1
        ),
    )


def duplicate_row(data: st.DataObject, workbook: bytes) -> bytes:
    rows = re.findall(rb'<row r="\d+".*?</row>', _parts_dict(workbook)[SHEET])
    row = data.draw(st.sampled_from(rows))
    return _sheet(workbook, lambda xml: xml.replace(row, row + row, 1))


def duplicate_entry(data: st.DataObject, workbook: bytes) -> bytes:
    parts = _parts(workbook)
    name, content = data.draw(st.sampled_from(parts))
    extra = data.draw(st.sampled_from([content, b"", b"<worksheet/>"]))
    return _zip([*parts, (name, extra)])


def _parts_dict(workbook: bytes) -> dict[str, bytes]:
    return dict(_parts(workbook))


MUTATIONS = [
    flip,
    truncate,
    garbage_value,
    text_amount,
    doctype,
    huge_dimension,
    duplicate_row,
    duplicate_entry,
]


def _whole_new_import_or_nothing(before: dict, after: dict) -> None:
    if after == before:
        return
    registry_before = {r[0] for r in before["import_registry"]}
    new = [r for r in after["import_registry"] if r[0] not in registry_before]
    assert new, "the database changed without a new import"
    for table, rows in before.items():  # nothing old changed or went away
        if table not in ("import_registry", "raw_budget_lines"):
            assert after[table] == rows, table
        else:
            assert set(rows) <= set(after[table]), table
    added = [r for r in after["raw_budget_lines"] if r not in set(before["raw_budget_lines"])]
    ids = {r[0]: r[5] for r in new}  # import_id → rows it says it wrote
    assert {r[0] for r in added} <= set(ids)
    for import_id, rows in ids.items():
        assert sum(1 for r in added if r[0] == import_id) == rows


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), mutation=st.sampled_from(MUTATIONS))
def test_a_mutated_workbook_never_crashes_and_never_writes_half(
    base: tuple[Path, bytes], data: st.DataObject, mutation
) -> None:
    known, workbook = base
    mutated = mutation(data, workbook)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "g.duckdb"
        shutil.copy(known, db)
        before = db_content(db)
        path = Path(tmp) / "budget.xlsx"
        path.write_bytes(mutated)
        result = run_import([path], db)
        assert result.exit_code in (0, 1, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            mutation.__name__,
            repr(result.exception),
        )
        assert "Traceback" not in result.output
        after = db_content(db)
        if result.exit_code != 0:
            assert after == before, result.output
        else:
            _whole_new_import_or_nothing(before, after)
