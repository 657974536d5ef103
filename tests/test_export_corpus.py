"""Our own corpus of export-shaped files (issue 11, point 9): every file is built by
`_export_shapes.corpus` in the shapes KMD Opus/SAP, Prisme, EG and Danmarks Statistik's
statbank write, with its expected totals per year and kind summed from the entries it was
written from — never by the importer. Given each file, when it is imported through the CLI,
then `budget_lines` holds exactly those totals, or the file is refused with the message that
says what to do, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from _export_shapes import MUNICIPALITY, CorpusFile, corpus
from _import_fixtures import budget_totals, run_import


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, CorpusFile]]:
    folder = tmp_path_factory.mktemp("export-corpus")
    return folder, {f.name: f for f in corpus(folder)}


def test_the_corpus_is_large_enough_and_deterministic(tmp_path: Path, files) -> None:
    folder, built = files
    assert len(built) >= 25
    again = {f.name: f for f in corpus(tmp_path)}
    assert again.keys() == built.keys()
    for name in built:
        if name.endswith(".csv"):  # xlsx carry a creation time; csv bytes must match
            assert (tmp_path / name).read_bytes() == (folder / name).read_bytes()


def _names() -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return [f.name for f in corpus(Path(tmp))]


@pytest.mark.parametrize("name", _names())
def test_each_file_imports_to_its_own_totals_or_is_refused_saying_why(
    tmp_path: Path, files, name: str
) -> None:
    folder, built = files
    spec = built[name]
    db = tmp_path / "g.duckdb"
    args = list(spec.args)
    municipality = MUNICIPALITY
    if "statbank-name-only" in name:  # the file names the municipality itself
        from click.testing import CliRunner

        from gevinst.cli import main

        result = CliRunner().invoke(
            main,
            ["import", str(folder / name), "--kind", spec.kind, "--db", str(db), "--user", "test"],
        )
    else:
        if "--municipality" in args:
            i = args.index("--municipality")
            municipality = int(args[i + 1])
            del args[i : i + 2]
        result = run_import([folder / name], db, *args, kind=spec.kind, municipality=municipality)
    if spec.expected is None:
        assert result.exit_code == 2, result.output
        assert spec.refusal in result.output, result.output
        assert not db.exists()
        return
    assert result.exit_code == 0, result.output
    assert budget_totals(db) == spec.expected
