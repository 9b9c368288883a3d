"""The ``socialvalue tender score`` command, on the documented example and on bad input."""

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from socialvalue.domain.evaluation.cli import main

EXAMPLE = Path(__file__).parents[3] / "docs" / "examples" / "tender-example.json"


def run(capsys, path) -> tuple[int, dict | None, str]:
    code = main([str(path)])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


def write(tmp_path, data) -> Path:
    path = tmp_path / "tender.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def test_documented_example_gives_the_documented_results(capsys):
    # Every figure here is worked by hand, step by step, in docs/tender-scoring.md.
    code, out, err = run(capsys, EXAMPLE)
    assert code == 0, err
    rows = {
        r["bidder"]: (
            r["rank"],
            r["price_score"],
            r["quality_score"],
            r["social_value_score"],
            r["total"],
        )
        for r in out["results"]
    }
    assert rows == {
        "Beacon Care CIC": (1, "60.0000", "28.1780", "3.3780", "88.1780"),
        "Castle Services plc": (2, "43.2000", "38.3840", "2.3840", "81.5840"),
        "Amber Support Ltd": (3, "54.0000", "27.5760", "1.9760", "81.5760"),
    }
    assert [r["shown"]["total"] for r in out["results"]] == ["88.18", "81.58", "81.58"]
    amber = out["results"][2]
    assert amber["social_value_pounds"] == "7750.00"  # 20 x 300 + 100 x 17.50
    assert amber["awaiting_agreement"] == ["Community litter picks"]
    assert out["results"][1]["social_value_pounds"] == "4800.00"  # 10 x 300 + 12 x 150
    assert out["model"]["social_value_share_of_quality"] == "10.00"
    assert out["model"]["social_value_share_of_total"] == "4.00"
    assert [(f["bidder"], f["kind"]) for f in out["flags"]] == [
        ("Beacon Care CIC", "abnormally low price"),
        ("Amber Support Ltd", "past social value delivery fell short"),
        ("Amber Support Ltd", "own proposal without an agreed value"),
    ]


def example():
    return json.loads(EXAMPLE.read_text())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["bids"][2].update(price="12,x"), 'bids[2].price: "12,x" is not an amount'),
        (lambda d: d["bids"][0].pop("bidder"), "bids[0].bidder: required, but missing"),
        (
            lambda d: d["bids"][1]["scores"].update(Q1="four"),
            'bids[1].scores.Q1: "four" is not a number',
        ),
        (
            lambda d: d["bids"][1]["commitments"][0].update(quantity=True),
            "bids[1].commitments[0].quantity: true is not a number",
        ),
        (
            lambda d: d["criteria"][3]["method"].update(method="best"),
            'criteria[3].method.method: "best" is not one of "relative_to_best", "target"',
        ),
        (lambda d: d.update(weights=[60, 40]), "weights: expected an object {...}, found a list"),
        (lambda d: d["proxies"].update({"APP-WEEK": "lots"}), 'proxies.APP-WEEK: "lots" is not'),
    ],
)
def test_bad_input_names_the_json_path(capsys, tmp_path, change, message):
    data = example()
    change(data)
    code, _, err = run(capsys, write(tmp_path, data))
    assert code == 2
    assert message in err


def test_invalid_json_text(capsys, tmp_path):
    code, _, err = run(capsys, write(tmp_path, '{"bids": [}'))
    assert code == 2
    assert "not valid JSON" in err and "line 1" in err


def test_missing_file(capsys, tmp_path):
    code, _, err = run(capsys, tmp_path / "nope.json")
    assert code == 2
    assert "cannot read" in err


def test_rule_breaking_model_lists_every_problem(capsys, tmp_path):
    data = example()
    data["weights"]["price"] = 70
    data["bids"][0]["scores"]["Q1"] = 7
    code, _, err = run(capsys, write(tmp_path, data))
    assert code == 1
    assert err.splitlines() == [
        "weights: price 70 + quality 40 = 110, not 100",
        "bid Amber Support Ltd, Q1: 7 is not on the 0-5 scale",
    ]


def test_lots_are_scored_separately_and_inherit_proxies(capsys, tmp_path):
    data = example()
    lot = {k: data.pop(k) for k in ("weights", "price_method", "criteria", "bids", "scale")}
    data["lots"] = [dict(lot, lot=1, title="North"), dict(lot, lot="2", bids=lot["bids"][:1])]
    code, out, err = run(capsys, write(tmp_path, data))
    assert code == 0, err
    first, second = out["lots"]
    assert (first["lot"], first["title"]) == ("1", "North")
    assert first["results"][0]["total"] == "88.1780"
    # Lot 2 has Amber alone: lowest price is its own, 60 + 27.576 = 87.576.
    assert second["results"][0]["total"] == "87.5760"
    assert second["title"] == "Victim support helpline"  # inherited from the tender


def test_floats_in_json_are_read_exactly(capsys, tmp_path):
    data = example()
    text = json.dumps(data).replace('"target_per_pound": "0.10"', '"target_per_pound": 0.1')
    code, out, _ = run(capsys, write(tmp_path, text))
    assert code == 0
    assert D(out["results"][0]["total"]) == D("88.1780")


def test_other_methods_and_scales_are_read_from_json(capsys, tmp_path):
    data = example()
    data["price_method"] = {"method": "set_band", "lowest": "£150,000", "highest": "250000"}
    data["criteria"][3]["method"] = {"method": "relative_to_best"}
    data["criteria"][0]["scale"] = {"maximum": 10, "descriptors": {"0": "None", "10": "Full"}}
    for b in data["bids"]:
        b["scores"]["Q1"] *= 2  # same share of the marks on a 0-10 scale
    code, out, err = run(capsys, write(tmp_path, data))
    assert code == 0, err
    beacon = out["results"][0]
    # Band: 60 x (250000 - 180000) / 100000 = 42; SV2 relative to best: Beacon is best, 2.
    # Quality 12 + 12.8 + 1.6 + 2 = 28.4; total 70.4.
    assert (beacon["bidder"], beacon["price_score"], beacon["total"]) == (
        "Beacon Care CIC",
        "42.0000",
        "70.4000",
    )
    assert out["model"]["formulas"]["Q1"] == "Q1 marks = consensus score / 10 x 20"


def test_targets_score_unit_commitments_of_measures_without_a_proxy(capsys, tmp_path):
    # YP has no proxy: Beacon commits 50 of the 100 targeted, the others nothing. SV2 (2
    # marks, against 10p per £1) is then (pounds part + YP share) / 2 x 2.
    data = example()
    data["targets"] = {"YP": "100"}
    data["bids"][1]["commitments"].append({"measure": "YP", "quantity": 50, "year": 2})
    code, out, err = run(capsys, write(tmp_path, data))
    assert code == 0, err
    rows = {r["bidder"]: r for r in out["results"]}
    beacon, amber = rows["Beacon Care CIC"], rows["Amber Support Ltd"]
    assert beacon["units"] == {"YP": {"committed": "50", "target": "100", "share": "0.5000"}}
    assert beacon["criteria"]["SV2"]["marks"] == "1.3890"  # (0.889 + 0.5) / 2 x 2
    assert amber["criteria"]["SV2"]["marks"] == "0.3880"  # (0.388 + 0) / 2 x 2
    assert beacon["social_value_pounds"] == "16000.00"  # units are not pounds
