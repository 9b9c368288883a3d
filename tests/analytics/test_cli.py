"""``spend analyse`` as the management command will call it."""

from __future__ import annotations

import io
import json

from socialvalue.analytics.cli import main

from .independent import csv_lines


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    return main(argv, out=out), out.getvalue()


def test_json_figures_for_the_real_files(hyndburn_files):
    status, text = run(["analyse", *map(str, hyndburn_files), "--format", "json"])
    assert status == 0
    data = json.loads(text)
    amounts = [a for p in hyndburn_files for a in csv_lines(p)]
    assert data["lines"] == len(amounts) == 4086
    assert data["total"] == str(sum(amounts))
    assert data["negatives"] == 46
    assert (data["first_date"], data["last_date"]) == ("2024-04-09", "2024-09-26")
    for key in ("shares_by_place", "shares_by_size", "shares_by_type"):
        shares = [v for v in data[key].values() if v is not None]
        assert all(0 <= float(v) <= 1 for v in shares)
    assert data["top_suppliers"][0]["supplier"].startswith("LANCASHIRE COUNTY COUNCIL")
    assert set(data["top_suppliers"][0]) == {"supplier", "total", "lines"}


def test_year_filter_and_table_and_csv(pcc_files):
    status, text = run(["analyse", *map(str, pcc_files), "--year", "2023-24"])
    assert status == 0
    assert "9289 lines" in text and "2023-24" in text and "2018-19" not in text
    status, text = run(["analyse", str(pcc_files[0]), "--format", "csv"])
    assert status == 0
    assert text.splitlines()[0].startswith("year,month,category,lines,total")


def test_bad_input_exits_non_zero_with_a_message(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,Supplier,Amount\n01/04/2024,Acme,lots\n")
    assert run(["analyse", str(bad)])[0] == 1
    assert "bad.csv, row 2, column C (Amount)" in capsys.readouterr().err
    status, text = run(["analyse", str(bad), "--lenient", "--format", "json"])
    assert status == 1  # nothing readable is left
    assert run(["analyse", str(tmp_path / "missing.csv")])[0] == 1
    assert "no such file" in capsys.readouterr().err
    assert run(["analyse", str(bad), "--year", "2023"])[0] == 1
    assert run(["analyse"])[0] == 2


def test_lenient_reports_and_carries_on(tmp_path, capsys):
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("Date,Supplier,Amount\n01/04/2024,Acme,lots\n02/04/2024,Acme,2.00\n")
    status, text = run(["analyse", str(mixed), "--lenient", "--format", "json"])
    assert status == 0
    assert json.loads(text)["total"] == "2.00"
    assert "warning: mixed.csv, row 2" in capsys.readouterr().err


def test_supplier_register_file(tmp_path):
    register = tmp_path / "suppliers.csv"
    register.write_text("name,aliases,postcode,employees\nAcme Ltd,Acme Widgets,BB5 1AA,4\n")
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(
        "Date,Supplier,Amount\n01/04/2024,ACME WIDGETS LIMITED,10.00\n01/04/2024,Other Ltd,30.00\n"
    )
    status, text = run(["analyse", str(ledger), "--suppliers", str(register), "--format", "json"])
    data = json.loads(text)
    assert status == 0
    # 75% of the spend has no known place: the force-area share is a range, not a figure.
    assert data["shares_by_place"]["force_area"] is None
    assert data["share_ranges_by_place"]["force_area"] == {"low": "0.2500", "high": "1.0000"}
    assert data["shares_by_place"]["unknown"] == "0.7500"
    assert data["shares_by_size"]["micro"] == "0.2500"
    assert data["unmatched_suppliers"] == ["OTHER"]
