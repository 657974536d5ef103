"""The one column-letter conversion agrees with openpyxl's for every column Excel has."""

from __future__ import annotations

from openpyxl.utils.cell import column_index_from_string, get_column_letter

from gevinst.ingest.cells import address, column_letters, column_number, where


def test_column_letters_are_openpyxls_for_every_column() -> None:
    for col in range(1, 16_385):
        letters = column_letters(col)
        assert letters == get_column_letter(col)
        assert column_number(letters) == column_index_from_string(letters) == col


def test_addresses_name_the_cell_a_person_finds() -> None:
    assert address(14, 3) == "C14"
    assert where("Budget", "C14") == "Budget!C14" and where(None, "C14") == "C14"
