"""One label per stored code, kept beside its enum in domain/, and used on the pages and in
the downloads."""

from __future__ import annotations

import csv
import io

import pytest

from socialvalue.accounts.roles import Role
from socialvalue.domain.geography import Place
from socialvalue.domain.organisation_type import OrganisationType, PublicBodyKind
from socialvalue.domain.supplier_size import SizeBand


@pytest.mark.parametrize("enum", [Place, SizeBand, OrganisationType, PublicBodyKind])
def test_every_value_has_a_label_in_words(enum):
    for member in enum:
        assert member.label, member
        assert "_" not in member.label, member
        assert member.label[0].isupper(), member


def test_the_labels_read_as_the_style_guide_writes_them():
    assert Place.FORCE_AREA.label == "Force area"
    assert Place.NORTH_WEST.label == "North West"
    assert Place.REST_OF_UK.label == "Rest of the UK"
    assert Place.OUTSIDE_UK.label == "Outside the UK"
    assert OrganisationType.VCSE.label == "VCSE"
    assert PublicBodyKind.CENTRAL_GOVERNMENT.label == "Central government"
    assert PublicBodyKind.NHS.label == "NHS"
    assert SizeBand.UNKNOWN.label == "Size not known"


def test_spend_figures_page_uses_the_labels(client_for):
    page = client_for(Role.VIEWER).get("/spend/").content.decode()
    for words in ("Force area", "North West", "Rest of the UK", "Outside the UK", "VCSE"):
        assert f'<th scope="row" class="govuk-table__header">{words}</th>' in page, words
    # The note on what influenceable spend leaves out names the public bodies in words.
    assert "Central government" in page and "central_government" not in page
    for raw in ("Vcse", "Rest of uk", "north_west", "Force_area"):
        assert raw not in page


def test_spend_figures_download_has_headings_in_words(client_for):
    response = client_for(Role.VIEWER).get("/spend/figures.csv")
    headings = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert headings[:3] == ["Financial year", "Payments", "Total spend (£)"]
    assert "North West, force area included (£)" in headings
    assert not [h for h in headings if "_" in h]
