"""Organisation types: evidence (legal form, charity or company number) over name hints.

The names are real supplier names from the published spend files in
/work/shared/data/spend/ (Lancashire PCC 2018-19 and 2023-24 workbooks, Hyndburn Borough
Council April to September 2024), except where a comment says otherwise.
"""

import pytest

from socialvalue.domain.organisation_type import (
    DEFAULT_EXCLUDED_KINDS,
    REGISTRATION_FORMS,
    SUPPLIER_REGISTER_FORMS,
    VCSE_LEGAL_FORMS,
    LegalForm,
    OrganisationType,
    PublicBodyKind,
    classify_organisation,
    is_vcse_form,
    legal_form_choices,
    legal_form_from_text,
    public_body_kind,
)

COUNCIL = PublicBodyKind.COUNCIL
POLICE = PublicBodyKind.POLICE
NHS = PublicBodyKind.NHS
FIRE = PublicBodyKind.FIRE
GOV = PublicBodyKind.CENTRAL_GOVERNMENT
UNI = PublicBodyKind.UNIVERSITY


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        # councils of every kind, as the ledgers write them
        ("LANCASHIRE COUNTY COUNCIL (200398)", COUNCIL),
        ("BLACKBURN WITH DARWEN BOROUGH COUNCIL", COUNCIL),
        ("LANCASTER CITY COUNCIL [17340]", COUNCIL),
        ("ST ANNES ON THE SEA TOWN COUNCIL", COUNCIL),
        ("BLACKPOOL COUNCIL", COUNCIL),
        ("SEFTON COUNCIL", COUNCIL),
        ("GREATER MANCHESTER COMBINED AUTHORITY - GMP", COUNCIL),
        ("Wigan Metropolitan Borough Council", COUNCIL),  # written, not from the files
        ("WHITTLE-LE-WOODS PARISH COUNCIL", COUNCIL),  # written
        ("LONDON BOROUGH OF CAMDEN", COUNCIL),  # written
        ("ROYAL BOROUGH OF GREENWICH", COUNCIL),  # written
        ("BURNLEY BC", COUNCIL),  # written: ledger abbreviations
        ("LANCASHIRE CC", COUNCIL),
        ("PRESTON DC", COUNCIL),
        ("WIGAN MBC", COUNCIL),
        # police: forces, commissioners, policing bodies
        ("PCC FOR DYFED-POWYS", POLICE),
        ("PCC DEVON & CORNWALL (Formerly known aa DEVON & CORNWALL POLICE AUTHORTY)", POLICE),
        ("POLICE AND CRIME COMMISSIONER FOR THAMES VALLEY", POLICE),
        ("THE POLICE & CRIME COMMISSIONER FOR CUMBRIA", POLICE),
        ("POLICE & CRIME COMISSIONER HAMPSHIRE & IOW", POLICE),  # sic
        ("THE OFFICE OF THE POLICE AND CRIME COMMISSIONER FOR LEICESTERSHIRE", POLICE),
        ("WEST MERCIA POLICE & CRIME COMMISSIONER", POLICE),
        ("OPCC NORFOLK", POLICE),
        ("MAYOR'S OFFICE FOR POLICING & CRIME (MET POLICE AUTH)", POLICE),
        ("WEST MIDLANDS POLICE AUTHORITY", POLICE),
        ("SCOTTISH POLICE AUTHORITY", POLICE),
        ("POLICE SERVICE NORTHERN IRELAND", POLICE),
        ("DURHAM CONSTABULARY", POLICE),
        ("COLLEGE OF POLICING", POLICE),
        ("NPCC", POLICE),
        ("LANCASHIRE POLICE", POLICE),  # written
        # NHS, abbreviations included; "University Hospitals" is NHS
        ("LANCASHIRE TEACHING HOSPITALS FT", NHS),
        ("LANCASHIRE TEACHING NHS HOSPITALS FT", NHS),
        ("BLACKPOOL TEACHING HOSPITALS NHS FOUNDATION TRUST", NHS),
        ("EAST LANCASHIRE HOSPITALS NHS TRUST", NHS),
        ("MANCHESTER UNIVERSITY NHS FOUNDATION TRUST (MFT)", NHS),
        ("NHS LANCASHIRE AND SOUTH CUMBRIA ICB", NHS),
        ("NHS BLACKPOOL CCG", NHS),
        ("NHS ENGLAND", NHS),
        ("UNIVERSITY HOSPITALS OF MORECAMBE BAY NHSF TRUST", NHS),  # the register's spelling
        ("LANCASHIRE & SOUTH CUMBRIA NHSFT", NHS),  # written
        ("MERSEY CARE NHS FT", NHS),  # written
        ("LANCASHIRE AND SOUTH CUMBRIA INTEGRATED CARE BOARD", NHS),  # written
        # fire and rescue
        ("LANCASHIRE FIRE & RESCUE", FIRE),
        ("MERSEYSIDE FIRE & RESCUE AUTHORITY", FIRE),
        # central government and its agencies
        ("CABINET OFFICE", GOV),
        ("HOME OFFICE - AFU CASH MANAGEMENT", GOV),
        ("MINISTRY OF JUSTICE (KNOWN AS NATIONAL OFFENDERS MANAGEMENT SERVICE)", GOV),
        ("MINISTRY OF DEFENCE", GOV),
        ("HM PRISON & PROBATION SERVICE", GOV),
        ("HMCTS", GOV),
        ("DVLA SWANSEA", GOV),
        ("DRIVER & VEHICLE STANDARDS AGENCY (DVSA)", GOV),
        ("NATIONAL CRIME AGENCY", GOV),
        ("HM Land Registry", GOV),
        ("DD Department of Levelling Up Housing and Comm", GOV),
        ("HMRC", GOV),  # written
        ("HM REVENUE & CUSTOMS", GOV),  # written
        ("HM COURTS & TRIBUNALS SERVICE", GOV),  # written
        ("DEPARTMENT FOR EDUCATION", GOV),  # written
        # universities are their own kind
        ("UCLAN - UNIVERSITY OF CENTRAL LANCASHIRE", UNI),
        ("LANCASTER UNIVERSITY", UNI),
        ("THE UNIVERSITY OF MANCHESTER", UNI),
    ],
)
def test_public_bodies_by_name(name, kind):
    result = classify_organisation(name)
    assert (result.kind, result.public_body_kind) == (OrganisationType.PUBLIC_BODY, kind)
    assert result.confidence < 1.0  # a name is a hint, not evidence
    assert public_body_kind(name) is kind


@pytest.mark.parametrize(
    "name",
    [
        # real names that look public but are not public bodies
        "BURNLEY PENDLE & ROSSENDALE COUNCIL FOR VOLUNTARY SERVICE",
        "RESTORATIVE JUSTICE COUNCIL",
        "ASSOCIATION OF POLICE AND CRIME COMMISSIONERS",
        "POLICE FEDERATION OF ENGLAND AND WALES",
        "LANCASHIRE POLICE FEDERATION",
        "CHRISTIAN POLICE ASSOCIATION",
        "CARE OF POLICE SURVIVORS",
        "POLICE DEPENDANTS TRUST",
        "THE POLICE TREATMENT CENTRES",
        "NORTH WEST POLICE BENEVOLENT FUND",
        "POLICE NOW ENTERPRISES LIMITED",
        "THE POLICE ICT COMPANY",
        "WN V TECH T/A VCS POLICE & SPECIAL PROJECTS",
        "ST PETERS PCC",  # a parochial church council, not a commissioner
        "JLA FIRE & SECURITY LTD",
        "PENNINE FIRE & SAFETY LTD",
        "THE PRINCES TRUST",
        "ROSSENDALE LEISURE TRUST LTD",
        "LANCASHIRE COUNTY DEVELOPMENTS (PROPERTY) LTD",
        "ARROW COUNTY SUPPLIES",
        "THE COPYRIGHT LICENSING AGENCY LIMITED",
        "CENTRIC OFFICE SOLUTIONS LTD",
        "MARLBOROUGH COMMUNICATIONS LTD",
        # written
        "POLICE MUTUAL",
        "COUNCILLOR CARS LTD",
        "SCC",
        "HM PLUMBING LTD",
    ],
)
def test_names_that_are_not_public_bodies(name):
    result = classify_organisation(name)
    assert result.kind is not OrganisationType.PUBLIC_BODY, result
    assert public_body_kind(name) is None


@pytest.mark.parametrize(
    ("name", "legal_form", "charity_number", "company_number", "expected"),
    [
        # a register's charity form beats "POLICE" in the name
        ("THE POLICE TREATMENT CENTRES", "charity", None, None, OrganisationType.VCSE),
        # (charity and company numbers below are made up: any number is evidence)
        (
            "NORTH WEST POLICE BENEVOLENT FUND",
            None,
            "1033392",
            None,
            OrganisationType.VCSE,
        ),
        ("POLICE DEPENDANTS TRUST", "Registered charity", None, None, OrganisationType.VCSE),
        ("VICTIM SUPPORT LANCASHIRE", "charity", None, None, OrganisationType.VCSE),
        (
            "BURNLEY PENDLE & ROSSENDALE COUNCIL FOR VOLUNTARY SERVICE",
            "cio",
            None,
            None,
            OrganisationType.VCSE,
        ),
        ("RESTORATIVE JUSTICE COUNCIL", "guarantee", None, None, OrganisationType.VCSE),
        # a register's business form beats a public-looking name
        ("POLICE MUTUAL", "private_limited", None, None, OrganisationType.PRIVATE),
        ("THE POLICE ICT COMPANY", "Private limited company", None, None, OrganisationType.PRIVATE),
        # a company number says "a company", so not a public body by its name
        ("COLLEGE OF POLICING", None, None, "08134000", OrganisationType.PRIVATE),
        ("ACME COMMUNITY INTEREST COMPANY", None, None, "12345678", OrganisationType.VCSE),
        # a register's public-body form beats a VCSE-looking name
        ("THE CHARITY COMMISSION", "public_body", None, None, OrganisationType.PUBLIC_BODY),
    ],
)
def test_evidence_beats_the_name(name, legal_form, charity_number, company_number, expected):
    result = classify_organisation(name, legal_form, charity_number, company_number)
    assert result.kind is expected, result
    if legal_form or charity_number:
        assert result.confidence == 1.0


def test_public_body_form_keeps_the_kind_the_name_gives_or_says_other():
    council = classify_organisation("BLACKPOOL COUNCIL", legal_form="public_body")
    assert (council.public_body_kind, council.confidence) == (COUNCIL, 1.0)
    other = classify_organisation("THE CHARITY COMMISSION", legal_form="public_body")
    assert other.public_body_kind is PublicBodyKind.OTHER
    assert PublicBodyKind.OTHER in DEFAULT_EXCLUDED_KINDS
    assert UNI not in DEFAULT_EXCLUDED_KINDS


def test_unknown_or_other_form_is_no_evidence():
    for form in ("", "other", "Not known", "something odd"):
        assert classify_organisation("SEFTON COUNCIL", form).public_body_kind is COUNCIL


def test_vcse_by_legal_form_is_certain_and_by_name_a_hint():
    by_form = classify_organisation("Blackburn Youth Zone", legal_form="Registered charity")
    assert (by_form.kind, by_form.confidence) == (OrganisationType.VCSE, 1.0)
    by_number = classify_organisation("Hyndburn Green Spaces Forum", charity_number="1012345")
    assert by_number.kind is OrganisationType.VCSE
    by_name = classify_organisation("Acme Community Interest Company")
    assert by_name.kind is OrganisationType.VCSE and by_name.confidence < 1.0
    assert classify_organisation("Acme CIC").kind is OrganisationType.VCSE
    assert classify_organisation("NSPCC REGISTERED CHARITY").kind is OrganisationType.VCSE
    assert classify_organisation("Acme Ltd").kind is OrganisationType.PRIVATE


@pytest.mark.parametrize(
    "form",
    [
        "Charitable Incorporated Organisation",
        "Community Benefit Society",
        "community_benefit_society",
        "Co-operative",
        "Company limited by guarantee",
        "guarantee",
        "CIC",
        "cio",
        "community_group",
        "Co-operative or community benefit society",
    ],
)
def test_vcse_forms_from_the_framework_list(form):
    assert classify_organisation("Anyone", legal_form=form).kind is OrganisationType.VCSE
    assert is_vcse_form(form)


def test_legal_form_can_make_a_public_body():
    result = classify_organisation("Anything", legal_form="NHS Trust")
    assert (result.kind, result.public_body_kind, result.confidence) == (
        OrganisationType.PUBLIC_BODY,
        PublicBodyKind.NHS,
        1.0,
    )


def test_one_list_of_legal_forms_for_both_models():
    register = {value for value, _label in legal_form_choices(SUPPLIER_REGISTER_FORMS)}
    registration = {value for value, _label in legal_form_choices(REGISTRATION_FORMS)}
    assert register | registration == {form.value for form in LegalForm}
    # every stored value and every label reads back as its form
    for forms in (SUPPLIER_REGISTER_FORMS, REGISTRATION_FORMS):
        for form, label in forms:
            assert legal_form_from_text(form.value) is form
            assert legal_form_from_text(label) is form
    assert {f.value for f in VCSE_LEGAL_FORMS} == {
        "charity",
        "cio",
        "cic",
        "community_benefit_society",
        "cooperative",
        "guarantee",
        "community_group",
    }
    assert not is_vcse_form("company") and not is_vcse_form(None) and not is_vcse_form("")


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("Charitable company limited by guarantee", LegalForm.CHARITY),
        ("Registered charity no. 1078213", LegalForm.CHARITY),
        ("Charity (CIO)", LegalForm.CIO),
        (
            "Private company limited by guarantee without share capital",
            LegalForm.GUARANTEE_NOT_FOR_PROFIT,
        ),
        ("Community Interest Company limited by shares", LegalForm.CIC),
        ("Private limited company (Ltd)", LegalForm.PRIVATE_LIMITED),
        ("Public limited company (PLC)", LegalForm.PUBLIC_LIMITED),
        ("Something else", None),
    ],
)
def test_a_legal_form_written_freely_is_still_read(text, form):
    assert legal_form_from_text(text) is form
