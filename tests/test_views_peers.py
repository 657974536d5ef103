"""The peers view as plain functions: given key figures, expect the comparison, the table and
the figure a finance director reads."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from dashboards import data
from dashboards.views import peers
from dashboards.views.peers import (
    comparison,
    comparison_figure,
    comparison_table,
    default_municipality,
    function_options,
    municipality_options,
    peers_body,
    with_groups,
)
from gevinst.ingest.key_figures import read_key_figures
from gevinst.store.key_figures import write_key_figures
from tests.conftest import shared_path

EXTRACT = "marieleth__marieleth--hvad-bruger-din-kommune-pengene-paa__2024.csv"


def figures(rows: list[tuple]) -> pl.DataFrame:
    """(code, name, kind, function, amount, group) rows as the peers_key_figures query gives."""
    return pl.DataFrame(
        [
            (
                2024,
                code,
                name,
                kind,
                fn,
                f"name {fn}",
                "Pr. indbygger, løbende priser (kr.)",
                amount,
                1,
                "2024.csv",
                group,
                {1: "Hovedstadskommuner", 5: "Landkommuner"}.get(group),
            )
            for code, name, kind, fn, amount, group in rows
        ],
        schema={
            "year": pl.Int32,
            "municipality_code": pl.Int32,
            "area_name": pl.String,
            "area_kind": pl.String,
            "function": pl.String,
            "function_name": pl.String,
            "price_unit": pl.String,
            "amount_per_inhabitant_dkk": pl.Int64,
            "import_id": pl.Int32,
            "source_file": pl.String,
            "dst_group": pl.Int32,
            "dst_group_name": pl.String,
        },
        orient="row",
    )


SMALL = figures(
    [
        (None, "Hele landet", "country", "5.28.21", 1_351, None),
        (169, "Høje-Taastrup", "municipality", "5.28.21", 2_441, 1),
        (151, "Ballerup", "municipality", "5.28.21", 1_500, 1),
        (101, "København", "municipality", "5.28.21", 1_254, 1),
        (825, "Læsø", "municipality", "5.28.21", 3_000, 5),
        (None, "Hele landet", "country", "5.25.14", 3_777, None),
        (169, "Høje-Taastrup", "municipality", "5.25.14", 0, 1),
        (151, "Ballerup", "municipality", "5.25.14", 0, 1),
        (101, "København", "municipality", "5.25.14", 0, 1),
        (825, "Læsø", "municipality", "5.25.14", 100, 5),
    ]
)


def test_comparison_is_the_group_plain_mean_and_dsts_country_figure():
    comp = comparison(SMALL, 169, ["5.28.21"])
    row = comp.row(0, named=True)
    # the group mean counts Høje-Taastrup itself and not Læsø (another group), unweighted
    assert row["group_mean_dkk"] == pytest.approx((2_441 + 1_500 + 1_254) / 3)
    assert row["group_n"] == 3 and row["country_dkk"] == 1_351
    assert row["dev_group_dkk"] == pytest.approx(2_441 - 1_731.6667, abs=1e-3)
    assert row["dev_country_dkk"] == 1_090
    assert row["dev_country_share"] == pytest.approx(1_090 / 1_351)


def test_a_share_of_a_zero_group_mean_is_left_empty():
    comp = comparison(SMALL, 169, ["5.25.14"])
    assert comp["dev_group_dkk"][0] == 0 and comp["dev_group_share"][0] is None


def test_all_functions_when_none_chosen_and_an_unknown_municipality_gives_nothing():
    assert comparison(SMALL, 169)["function"].to_list() == ["5.25.14", "5.28.21"]
    assert comparison(SMALL, 999).is_empty()


def test_table_in_danish_format_with_deviations_and_a_total_row():
    table = comparison_table(comparison(SMALL, 169, ["5.28.21"]), 2024, "da")
    text = str(table)
    assert "Høje-Taastrup sammenlignet med Hovedstadskommuner og hele landet, 2024" in text
    assert "Gns. Hovedstadskommuner (3 kommuner)" in text
    for shown in ("2.441", "1.732", "1.351", "+709", "+41,0 %", "+1.090", "+80,7 %"):
        assert f"'{shown}'" in text, shown


def test_table_in_english():
    text = str(comparison_table(comparison(SMALL, 169, ["5.28.21"]), 2024, "en"))
    assert "Mean Hovedstadskommuner (3 municipalities)" in text
    assert "'2,441'" in text and "'+80.7%'" in text


def test_figure_has_three_grouped_series_that_print_apart():
    fig = comparison_figure(comparison(SMALL, 169), 2024, "da")
    assert fig.layout.barmode == "group"
    assert [trace.name for trace in fig.data] == [
        "Høje-Taastrup",
        "Gns. Hovedstadskommuner",
        "Hele landet",
    ]
    assert list(fig.data[0].y) == [0, 2_441]
    assert len({trace.marker.pattern.shape for trace in fig.data}) == 3


def test_default_municipality_is_the_one_asked_for_else_hoeje_taastrup():
    assert default_municipality(SMALL, "151") == 151
    assert default_municipality(SMALL, None) == 169
    assert default_municipality(SMALL, "not a code") == 169
    assert default_municipality(SMALL.filter(pl.col("municipality_code") != 169), 999) == 101


def test_options_list_municipalities_and_functions():
    assert municipality_options(SMALL)[0] == {"label": "Ballerup (151)", "value": 151}
    assert [o["value"] for o in function_options(SMALL)] == ["5.25.14", "5.28.21"]


def test_groups_come_from_the_bundled_reference_when_the_database_has_none(ref):
    bare = SMALL.with_columns(
        pl.lit(None, pl.Int32).alias("dst_group"), pl.lit(None, pl.String).alias("dst_group_name")
    )
    filled = with_groups(bare, ref)
    assert filled.filter(pl.col("area_name") == "Læsø")["dst_group"].to_list() == [5, 5]
    assert filled.filter(pl.col("area_kind") == "country")["dst_group"].null_count() == 2


@pytest.fixture
def app_db(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = tmp_path / "peers.duckdb"
    yield db
    data.close()


def test_without_key_figures_the_page_says_how_to_import(app_db: Path):
    data.open_for_app(app_db)
    body = str(peers_body(None, None, None, "da"))
    assert "Der er ikke importeret nøgletal endnu" in body
    assert peers.IMPORT_COMMAND in body


def test_the_real_extract_for_hoeje_taastrup(app_db: Path):
    write_key_figures(app_db, read_key_figures(shared_path("real-data", EXTRACT)), "t")
    data.open_for_app(app_db)
    figures_2024 = with_groups(data.db().query("peers_key_figures", year=2024))
    row = comparison(figures_2024, 169, ["5.28.21"]).row(0, named=True)
    # DST 2024: Høje-Taastrup 2.441 kr. per inhabitant on 5.28.21, Hele landet 1.351;
    # the group is the 24 Hovedstadskommuner
    assert (row["municipality_dkk"], row["country_dkk"], row["group_n"]) == (2_441, 1_351, 24)
    group = figures_2024.filter((pl.col("dst_group") == 1) & (pl.col("function") == "5.28.21"))
    assert row["group_mean_dkk"] == pytest.approx(group["amount_per_inhabitant_dkk"].mean())
    body = str(peers_body(None, None, ["5.28.21"], "en"))
    assert "'2,441'" in body and "REGK31" in body and EXTRACT in body


def test_a_database_without_key_figures_gets_the_bundled_extract(tmp_path: Path) -> None:
    """Given a database built with the reference data only (no key figures), when the server
    starts on it, then the bundled REGK31 2024 extract (Danmarks Statistik) is there and the
    peers page shows a comparison; a second start adds nothing."""
    from gevinst.reference import bundled_reference
    from gevinst.store import build_model, connect
    from gevinst.store.key_figures import ensure_bundled_key_figures
    from gevinst.store.reference import write_reference

    path = tmp_path / "fresh.duckdb"
    ref = bundled_reference()
    with connect(path) as con:
        build_model(con)
        write_reference(con, ref)
        assert con.execute("SELECT count(*) FROM key_figures").fetchone()[0] == 0
        assert ensure_bundled_key_figures(con, ref, "test") is True
        rows = con.execute(
            "SELECT count(*), min(year), count(DISTINCT municipality_code) FROM key_figures"
        ).fetchone()
        assert rows[0] > 0 and rows[1] == 2024 and rows[2] >= 98
        assert ensure_bundled_key_figures(con, ref, "test") is False
    data.open_for_app(path, read_only=True)
    try:
        body = peers_body(None, 169, None, "da")
        assert "peers-table" in str(body)
    finally:
        data.close()
