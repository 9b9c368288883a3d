"""The payer column of a payments file, if it has one."""

from __future__ import annotations

from pathlib import Path

from socialvalue.analytics.payers import file_payers

FIXTURES = Path(__file__).parents[1] / "fixtures" / "spend"


def test_real_files_without_a_payer_column_name_no_payer():
    assert (
        file_payers("pcc.xlsx", (FIXTURES / "lancashire_pcc" / "pcc-2023-24.xlsx").read_bytes())
        == set()
    )
    april = FIXTURES / "hyndburn" / "hyndburn-spend-over-250-April-24.csv"
    assert file_payers(april.name, april.read_bytes()) == set()


def test_the_body_name_column_is_read_under_a_title_and_not_taken_for_the_supplier():
    data = (
        b"Payments over 500 pounds\n"
        b"\n"
        b"Body Name,Payment Date,Supplier Name,Amount\n"
        b"Hyndburn Borough Council,01/05/2024,Acme Ltd,600.00\n"
        b"Hyndburn Borough Council,02/05/2024,Other Ltd,700.00\n"
        b"Lancashire County Council,02/05/2024,Other Ltd,700.00\n"
        b",03/05/2024,Other Ltd,700.00\n"
    )
    assert file_payers("p.csv", data) == {"Hyndburn Borough Council", "Lancashire County Council"}
    assert file_payers("p.csv", data, max_rows=4) == {"Hyndburn Borough Council"}
