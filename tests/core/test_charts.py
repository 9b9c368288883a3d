"""The spend share trend chart leaves out a share that is only known as a range."""

from __future__ import annotations

from socialvalue.core.charts import share_trend_chart

LABELS = {"force_area": "In the force area", "sme": "With SMEs", "vcse": "With VCSEs"}


def _year(**flags) -> dict:
    return {
        "year": "2025-26",
        "shares": {"force_area": "0.4000", "sme": "0.3000", "vcse": "0.0500"},
        **flags,
    }


def test_every_share_known_is_drawn():
    svg = share_trend_chart([_year()], LABELS, title="Shares")
    assert all(label in svg for label in LABELS.values())


def test_a_share_known_only_as_a_range_is_left_out():
    svg = share_trend_chart([_year(place_reliable=False, size_reliable=False)], LABELS, title="S")
    assert "With VCSEs" in svg
    assert "In the force area" not in svg
    assert "With SMEs" not in svg
