"""Telling the organisation's own payments files from another body's by the payer column."""

from __future__ import annotations

import pytest

from socialvalue.domain.payer import is_a_name, is_own_body, other_payers

LANCASHIRE = (
    "Office of the Police and Crime Commissioner for Lancashire and Lancashire Constabulary",
    "OPCC Lancashire",
)


@pytest.mark.parametrize(
    "payer",
    [
        "Chief Constable of Lancashire",
        "Lancashire Constabulary",
        "Police and Crime Commissioner for Lancashire",
        "PCC for Lancashire",
        "The Police & Crime Commissioner for Lancashire",
        "LANCASHIRE POLICE",
    ],
)
def test_the_two_contracting_bodies_are_ours(payer):
    assert is_own_body(payer, LANCASHIRE)


@pytest.mark.parametrize(
    "payer",
    [
        "Hyndburn Borough Council",
        "Lancashire County Council",
        "Chief Constable of Cumbria",
        "Police and Crime Commissioner for Merseyside",
    ],
)
def test_other_bodies_are_not(payer):
    assert not is_own_body(payer, LANCASHIRE)


def test_other_payers_lists_each_other_body_once_and_ignores_codes():
    payers = {"Hyndburn Borough Council", " Hyndburn Borough Council", "E23000003", "36", ""}
    payers |= {"Lancashire Constabulary"}
    assert other_payers(payers, LANCASHIRE) == ["Hyndburn Borough Council"]
    assert not is_a_name("E23000003")
    assert is_a_name("Hyndburn Borough Council")


def test_without_an_organisation_nothing_is_compared():
    assert other_payers({"Hyndburn Borough Council"}, ()) == []
