import pytest

from socialvalue.domain.organisation_type import (
    OrganisationType,
    PublicBodyKind,
    classify_organisation,
    public_body_kind,
)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("LANCASHIRE COUNTY COUNCIL (200398)", PublicBodyKind.COUNCIL),
        ("BLACKBURN WITH DARWEN BOROUGH COUNCIL", PublicBodyKind.COUNCIL),
        ("WEST MIDLANDS POLICE AUTHORITY", PublicBodyKind.POLICE),
        ("MERSEYSIDE POLICE AUTHORITY", PublicBodyKind.POLICE),
        ("LANCASHIRE TEACHING HOSPITALS NHS FOUNDATION TRUST", PublicBodyKind.NHS),
        ("LANCASHIRE FIRE AND RESCUE SERVICE", PublicBodyKind.FIRE),
        ("HM Land Registry", PublicBodyKind.CENTRAL_GOVERNMENT),
        ("DD Department of Levelling Up Housing and Comm", PublicBodyKind.CENTRAL_GOVERNMENT),
        ("UNIVERSITY OF CENTRAL LANCASHIRE", PublicBodyKind.UNIVERSITY),
        ("THE POLICE ICT COMPANY", None),  # a company owned by forces, not a force
        ("COUNCILLOR CARS LTD", None),
        ("SCC", None),
    ],
)
def test_public_bodies_by_name(name, kind):
    assert public_body_kind(name) is kind


def test_vcse_by_legal_form_is_certain_and_by_name_a_hint():
    by_form = classify_organisation("Blackburn Youth Zone", legal_form="Registered charity")
    assert (by_form.kind, by_form.confidence) == (OrganisationType.VCSE, 1.0)
    by_number = classify_organisation("Hyndburn Green Spaces Forum", charity_number="1012345")
    assert by_number.kind is OrganisationType.VCSE
    by_name = classify_organisation("Acme Community Interest Company")
    assert by_name.kind is OrganisationType.VCSE and by_name.confidence < 1.0
    assert classify_organisation("Acme CIC").kind is OrganisationType.VCSE
    assert classify_organisation("Acme Ltd").kind is OrganisationType.PRIVATE


@pytest.mark.parametrize(
    "form",
    [
        "Charitable Incorporated Organisation",
        "Community Benefit Society",
        "Co-operative",
        "Company limited by guarantee",
        "CIC",
    ],
)
def test_vcse_forms_from_the_framework_list(form):
    assert classify_organisation("Anyone", legal_form=form).kind is OrganisationType.VCSE


def test_legal_form_can_make_a_public_body():
    result = classify_organisation("Anything", legal_form="NHS Trust")
    assert (result.kind, result.public_body_kind, result.confidence) == (
        OrganisationType.PUBLIC_BODY,
        PublicBodyKind.NHS,
        1.0,
    )
