from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialvalue.domain.dates import DateError, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/03/2024", date(2024, 3, 31)),
        ("1/4/2024", date(2024, 4, 1)),
        ("15/07/24", date(2024, 7, 15)),
        ("01-Apr-24", date(2024, 4, 1)),
        ("01-Apr-2024", date(2024, 4, 1)),
        ("2024-03-31", date(2024, 3, 31)),
        ("31 March 2024", date(2024, 3, 31)),
        ("31/03/2024 00:00:00", date(2024, 3, 31)),
        ("45044", date(2023, 4, 28)),
    ],
)
def test_uk_text_dates_are_read_day_first(text, expected):
    assert parse_date(text) == expected


def test_cells_from_a_spreadsheet():
    assert parse_date(datetime(2023, 4, 1, 0, 0)) == date(2023, 4, 1)
    assert parse_date(45044) == date(2023, 4, 28)  # serial as the PCC 2023-24 sheets hold
    assert parse_date(45382.75) == date(2024, 3, 31)


@pytest.mark.parametrize("bad", ["", "   ", "31/13/2024", "yesterday", "2024/31/03", 123, True])
def test_what_is_not_a_date_says_so(bad):
    with pytest.raises(DateError):
        parse_date(bad)


def test_blank_is_reported_as_blank():
    with pytest.raises(DateError, match="blank"):
        parse_date(None)


@given(st.dates(min_value=date(1960, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_round_trips_through_uk_text(day):
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(day.isoformat()) == day
