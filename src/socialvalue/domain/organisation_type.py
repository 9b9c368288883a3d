"""What kind of organisation a supplier is: VCSE, public body or private.

One home for the rules, used by the supplier register, event registrations and the
spend analysis (no second list anywhere else):

* ``LegalForm``: every legal form the platform stores, with its label, and
  ``VCSE_LEGAL_FORMS``, the forms that count as VCSE (voluntary, community and social
  enterprise), following frameworks/vcse_forms.csv: registered charities and CIOs,
  community interest companies, community benefit societies, co-operatives and mutuals,
  companies limited by guarantee that do not distribute profit and community groups.
* ``classify_organisation``: evidence beats hints. A legal form from a register, then a
  charity number, then a company number decide first (confidence 1.0); only when there
  is no such evidence do name rules apply ("... CIC", "... COUNCIL": 0.6-0.9).

Public bodies (councils, police, fire, NHS, central government and its agencies) are
found by legal form or, failing that, by the names ledgers use for them, so the caller
can leave spend with them out of "influenceable spend". Universities are reported as
their own kind: in law they are charities and ONS classes them outside the public
sector, so each body decides. An NHS trust named "University Hospitals ..." is NHS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from socialvalue.domain.supplier_names import normalise_name


class OrganisationType(StrEnum):
    VCSE = "vcse"
    PUBLIC_BODY = "public_body"
    PRIVATE = "private"

    @property
    def label(self) -> str:
        """The words a page, a download heading or a chart uses: "VCSE"."""
        return ORGANISATION_TYPE_LABELS[self]


class PublicBodyKind(StrEnum):
    COUNCIL = "council"
    POLICE = "police"
    FIRE = "fire"
    NHS = "nhs"
    CENTRAL_GOVERNMENT = "central_government"
    UNIVERSITY = "university"
    OTHER = "other_public_body"  # a register says "public body" and the name says no more

    @property
    def label(self) -> str:
        """The words a page uses: "Central government"."""
        return PUBLIC_BODY_KIND_LABELS[self]


ORGANISATION_TYPE_LABELS: dict[OrganisationType, str] = {
    OrganisationType.VCSE: "VCSE",
    OrganisationType.PUBLIC_BODY: "Public body",
    OrganisationType.PRIVATE: "Private sector",
}
PUBLIC_BODY_KIND_LABELS: dict[PublicBodyKind, str] = {
    PublicBodyKind.COUNCIL: "Council",
    PublicBodyKind.POLICE: "Police",
    PublicBodyKind.FIRE: "Fire and rescue",
    PublicBodyKind.NHS: "NHS",
    PublicBodyKind.CENTRAL_GOVERNMENT: "Central government",
    PublicBodyKind.UNIVERSITY: "University",
    PublicBodyKind.OTHER: "Other public body",
}


# Public bodies a social value policy normally leaves out of influenceable spend.
DEFAULT_EXCLUDED_KINDS = frozenset(PublicBodyKind) - {PublicBodyKind.UNIVERSITY}


class LegalForm(StrEnum):
    """Every legal form the platform stores. The values are what the database holds."""

    PRIVATE_LIMITED = "private_limited"
    PUBLIC_LIMITED = "plc"
    COMPANY = "company"  # event registrations: private or public limited company
    LLP = "llp"
    SOLE_TRADER = "sole_trader"
    PARTNERSHIP = "partnership"
    CHARITY = "charity"
    CIO = "cio"
    CIC = "cic"
    COMMUNITY_BENEFIT_SOCIETY = "community_benefit_society"
    COOPERATIVE = "cooperative"
    GUARANTEE_NOT_FOR_PROFIT = "guarantee"
    COMMUNITY_GROUP = "community_group"
    PUBLIC_BODY = "public_body"
    OVERSEAS = "overseas"
    OTHER = "other"
    UNKNOWN = ""


# The supplier register records the exact form: its answers, in the order it shows them.
SUPPLIER_REGISTER_FORMS: tuple[tuple[LegalForm, str], ...] = (
    (LegalForm.PRIVATE_LIMITED, "Private limited company"),
    (LegalForm.PUBLIC_LIMITED, "Public limited company"),
    (LegalForm.LLP, "Limited liability partnership"),
    (LegalForm.SOLE_TRADER, "Sole trader"),
    (LegalForm.PARTNERSHIP, "Partnership"),
    (LegalForm.CHARITY, "Registered charity"),
    (LegalForm.CIO, "Charitable incorporated organisation"),
    (LegalForm.CIC, "Community interest company"),
    (LegalForm.COMMUNITY_BENEFIT_SOCIETY, "Community benefit society"),
    (LegalForm.COOPERATIVE, "Co-operative or mutual"),
    (LegalForm.GUARANTEE_NOT_FOR_PROFIT, "Company limited by guarantee (not for profit)"),
    (LegalForm.COMMUNITY_GROUP, "Community group"),
    (LegalForm.PUBLIC_BODY, "Public body"),
    (LegalForm.OVERSEAS, "Overseas organisation"),
    (LegalForm.OTHER, "Other"),
    (LegalForm.UNKNOWN, "Not known"),
)
# Someone registering for an event answers a shorter question: each answer groups forms
# (a CIO answers "charity", a community benefit society "co-operative"). Same values.
REGISTRATION_FORMS: tuple[tuple[LegalForm, str], ...] = (
    (LegalForm.COMPANY, "Private or public limited company"),
    (LegalForm.SOLE_TRADER, "Sole trader or partnership"),
    (LegalForm.CHARITY, "Charity or charitable incorporated organisation"),
    (LegalForm.CIC, "Community interest company"),
    (LegalForm.COOPERATIVE, "Co-operative or community benefit society"),
    (LegalForm.COMMUNITY_GROUP, "Unincorporated community or voluntary group"),
    (LegalForm.PUBLIC_BODY, "Public body"),
    (LegalForm.OTHER, "Other"),
)
VCSE_LEGAL_FORMS = frozenset(
    {
        LegalForm.CHARITY,
        LegalForm.CIO,
        LegalForm.CIC,
        LegalForm.COMMUNITY_BENEFIT_SOCIETY,
        LegalForm.COOPERATIVE,
        LegalForm.GUARANTEE_NOT_FOR_PROFIT,
        LegalForm.COMMUNITY_GROUP,
    }
)
# Forms that say "a business": evidence the supplier is private whatever its name says.
PRIVATE_LEGAL_FORMS = frozenset(
    {
        LegalForm.PRIVATE_LIMITED,
        LegalForm.PUBLIC_LIMITED,
        LegalForm.COMPANY,
        LegalForm.LLP,
        LegalForm.SOLE_TRADER,
        LegalForm.PARTNERSHIP,
        LegalForm.OVERSEAS,
    }
)


def legal_form_choices(forms: tuple[tuple[LegalForm, str], ...]) -> list[tuple[str, str]]:
    """Django ``choices`` for one of the lists above."""
    return [(form.value, label) for form, label in forms]


def is_vcse_form(value: str | None) -> bool:
    """Whether a stored legal-form value (or a label or common name for it) is VCSE."""
    return legal_form_from_text(value) in VCSE_LEGAL_FORMS


@dataclass(frozen=True)
class TypeResult:
    kind: OrganisationType
    confidence: float
    reason: str
    public_body_kind: PublicBodyKind | None = None


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^A-Z0-9]+", " ", text.upper())).strip()


# Other ways registers and supplier files write a legal form (normalised words).
_FORM_SYNONYMS = {
    "REGISTERED CHARITY": LegalForm.CHARITY,
    "CHARITABLE COMPANY": LegalForm.CHARITY,
    "EXEMPT CHARITY": LegalForm.CHARITY,
    "CHARITABLE INCORPORATED ORGANISATION": LegalForm.CIO,
    "COMMUNITY INTEREST COMPANY": LegalForm.CIC,
    "BENCOM": LegalForm.COMMUNITY_BENEFIT_SOCIETY,
    "CO OPERATIVE": LegalForm.COOPERATIVE,
    "CO OPERATIVE SOCIETY": LegalForm.COOPERATIVE,
    "MUTUAL": LegalForm.COOPERATIVE,
    "COMPANY LIMITED BY GUARANTEE": LegalForm.GUARANTEE_NOT_FOR_PROFIT,
    "CLG": LegalForm.GUARANTEE_NOT_FOR_PROFIT,
    "SOCIAL ENTERPRISE": LegalForm.COMMUNITY_GROUP,
    "LTD": LegalForm.PRIVATE_LIMITED,
    "LIMITED": LegalForm.PRIVATE_LIMITED,
    "LIMITED COMPANY": LegalForm.PRIVATE_LIMITED,
    "PUBLIC LIMITED COMPANY": LegalForm.PUBLIC_LIMITED,
    "LIMITED LIABILITY PARTNERSHIP": LegalForm.LLP,
    "NOT KNOWN": LegalForm.UNKNOWN,
    "UNKNOWN": LegalForm.UNKNOWN,
}
# Public-body legal forms that also say which kind of public body.
_PUBLIC_FORMS = {
    "LOCAL AUTHORITY": PublicBodyKind.COUNCIL,
    "POLICE FORCE": PublicBodyKind.POLICE,
    "POLICE AND CRIME COMMISSIONER": PublicBodyKind.POLICE,
    "NHS TRUST": PublicBodyKind.NHS,
    "NHS FOUNDATION TRUST": PublicBodyKind.NHS,
    "CENTRAL GOVERNMENT": PublicBodyKind.CENTRAL_GOVERNMENT,
    "GOVERNMENT DEPARTMENT": PublicBodyKind.CENTRAL_GOVERNMENT,
    "FIRE AND RESCUE AUTHORITY": PublicBodyKind.FIRE,
    "UNIVERSITY": PublicBodyKind.UNIVERSITY,
}
_FORMS_BY_TEXT: dict[str, LegalForm] = {
    **{_words(form.value): form for form in LegalForm if form.value},
    **{_words(label): form for form, label in REGISTRATION_FORMS},
    **{_words(label): form for form, label in SUPPLIER_REGISTER_FORMS},
    **_FORM_SYNONYMS,
    **dict.fromkeys(_PUBLIC_FORMS, LegalForm.PUBLIC_BODY),
}


# Registers write forms freely ("Charitable company limited by guarantee", "Registered
# charity no. 1078213"): when no exact name fits, the first of these words decides.
_FORM_WORDS: tuple[tuple[re.Pattern[str], LegalForm], ...] = tuple(
    (re.compile(pattern), form)
    for pattern, form in (
        (r"\bCHARITABLE INCORPORATED\b|\bCIO\b", LegalForm.CIO),
        (r"\bCHARIT(?:Y|IES|ABLE)\b", LegalForm.CHARITY),
        (r"\bCOMMUNITY INTEREST\b|\bCIC\b", LegalForm.CIC),
        (r"\bCOMMUNITY BENEFIT\b|\bBENCOM\b", LegalForm.COMMUNITY_BENEFIT_SOCIETY),
        (r"\bCO ?OPERATIVE\b|\bMUTUAL\b", LegalForm.COOPERATIVE),
        (r"\bLIMITED BY GUARANTEE\b|\bCLG\b", LegalForm.GUARANTEE_NOT_FOR_PROFIT),
        (r"\bLIMITED LIABILITY PARTNERSHIP\b|\bLLP\b", LegalForm.LLP),
        (r"\bPUBLIC LIMITED\b|\bPLC\b", LegalForm.PUBLIC_LIMITED),
        (r"\bPRIVATE LIMITED\b|\bLIMITED COMPANY\b|\bLTD\b", LegalForm.PRIVATE_LIMITED),
    )
)


def legal_form_from_text(text: str | None) -> LegalForm | None:
    """The legal form a stored value, a label or a common name means; None if not one."""
    if text is None:
        return None
    if not text.strip():
        return LegalForm.UNKNOWN
    words = _words(text)
    if words in _FORMS_BY_TEXT:
        return _FORMS_BY_TEXT[words]
    for pattern, form in _FORM_WORDS:
        if pattern.search(words):
            return form
    return None


# Public bodies by name, in the forms ledgers write them (after normalise_name: upper
# case, "&" as AND, punctuation and a leading THE dropped). Order matters: NHS before
# university ("UNIVERSITY HOSPITALS OF MORECAMBE BAY NHSF TRUST" is NHS).
_PLACE_COUNCIL_STOP = (
    "ADVISORY|ARTS|ASSOCIATION|BRITISH|CHIEFS|INDUSTRY|JUSTICE|MEDICAL|NATIONAL|NURSING"
    "|RESEARCH|SAFETY|SERVICE|SERVICES|SPORTS?|STANDARDS|TRAINING|TRADE|VOLUNTARY|YOUTH"
    "|CHURCH|STUDENTS?|WORKS|SCHOOL|PARENT|PARENTS"
)
_PUBLIC_NAMES: tuple[tuple[re.Pattern[str], PublicBodyKind, float, str], ...] = tuple(
    (re.compile(pattern), kind, confidence, reason)
    for pattern, kind, confidence, reason in (
        (
            r"\bFIRE AND RESCUE\b|\bFIRE AUTHORITY\b|\bFIRE SERVICE\b|\bFIRE BRIGADE\b",
            PublicBodyKind.FIRE,
            0.9,
            "fire and rescue by name",
        ),
        (
            # An association or staff body of commissioners is not a commissioner.
            r"^(?!ASSOCIATION OF\b).*\bCRIME COMM?ISS?IONERS?\b"
            r"|^(?:OFFICE OF THE )?PCC\b|^OPCC\b|\bOPCC$"
            r"|\bOFFICE FOR POLICING AND CRIME\b|\bPOLICE AUTHORITY$|\bPOLICE AUTH$"
            r"|\bCONSTABULARY$|\bPOLICE$|\bPOLICE SERVICE (?:OF )?(?:NORTHERN IRELAND|SCOTLAND)\b"
            r"|\bPOLICE FORCE$|^COLLEGE OF POLICING\b|^NPCC$|^NATIONAL POLICE CHIEFS COUNCIL\b",
            PublicBodyKind.POLICE,
            0.9,
            "police force, commissioner or policing body by name",
        ),
        (
            r"\bNHS(?:F|FT)?\b|\bUNIVERSITY HOSPITALS?\b|\bFOUNDATION TRUST$"
            r"|\bHOSPITALS? (?:NHS )?(?:FT|TRUST)\b|\bHEALTHCARE (?:NHS )?(?:FT|TRUST)$"
            r"|\bICB\b|\bINTEGRATED CARE BOARD\b|\bCCG\b|\bCLINICAL COMMISSIONING\b"
            r"|\bHEALTH BOARD\b|\bAMBULANCE SERVICE (?:NHS )?(?:FT|TRUST)\b",
            PublicBodyKind.NHS,
            0.9,
            "NHS body by name",
        ),
        (
            r"\b(?:COUNTY|BOROUGH|CITY|DISTRICT|PARISH|TOWN|METROPOLITAN|UNITARY|COMMUNITY)"
            r" COUNCIL\b|^COUNCIL OF THE\b|^(?:LONDON|ROYAL) BOROUGH OF\b|^CITY OF \w+ COUNCIL$"
            r"|\bCOMBINED AUTHORITY\b|\bCOMBNIED AUTHORITY\b|\bUNITARY AUTHORITY$"
            r"|^(?:\w+ ){0,2}\w+ (?:CC|BC|DC|MBC)$",
            PublicBodyKind.COUNCIL,
            0.9,
            "council by name",
        ),
        (
            # "X COUNCIL" with a place for X (one to three words); "RESTORATIVE JUSTICE
            # COUNCIL" or "COUNCIL FOR VOLUNTARY SERVICE" are not councils.
            rf"^(?!(?:\w+ ){{0,2}}(?:{_PLACE_COUNCIL_STOP}) )(?:\w+ ){{0,2}}"
            rf"(?!(?:{_PLACE_COUNCIL_STOP}) )\w+ COUNCIL$",
            PublicBodyKind.COUNCIL,
            0.8,
            "council by name (place and COUNCIL)",
        ),
        (
            r"^HM (?:REVENUE|COURTS|PRISON|LAND REGISTRY|TREASURY|PASSPORT|COASTGUARD"
            r"|GOVERNMENT|CUSTOMS)|^HMRC\b|^HMCTS\b|^HMPPS\b|^HIS MAJESTY|^HER MAJESTY"
            r"|\bDEPARTMENT FOR\b|^(?:\w+ )?DEPARTMENT OF\b|^MINISTRY OF\b|^HOME OFFICE\b"
            r"|^CABINET OFFICE\b|\bLAND REGISTRY\b|^DVLA\b|^DVSA\b|\bDRIVER AND VEHICLE\b"
            r"|\bCROWN PROSECUTION\b|\bENVIRONMENT AGENCY\b|\bCOURTS AND TRIBUNALS\b"
            r"|^NATIONAL CRIME AGENCY\b|\bNOMS AGENCY\b|\bPRISON AND PROBATION SERVICE\b"
            r"|^CROWN COMMERCIAL SERVICE\b",
            PublicBodyKind.CENTRAL_GOVERNMENT,
            0.9,
            "central government by name",
        ),
        (r"\bUNIVERSITY\b", PublicBodyKind.UNIVERSITY, 0.9, "university by name"),
    )
)
_VCSE_NAMES: tuple[tuple[re.Pattern[str], float, str], ...] = (
    (re.compile(r"\bC ?I ?C\b|\bCOMMUNITY INTEREST COMPANY\b"), 0.9, "CIC in the name"),
    (re.compile(r"\bCIO\b"), 0.9, "CIO in the name"),
    (re.compile(r"\bCHARITY\b|\bCHARITABLE\b"), 0.7, "charity in the name"),
    (
        re.compile(r"\bCO ?OPERATIVE\b|\bCOMMUNITY BENEFIT SOCIETY\b"),
        0.6,
        "co-operative in the name",
    ),
)


def _public_body_by_name(name: str) -> tuple[PublicBodyKind, float, str] | None:
    key = normalise_name(name)
    for pattern, kind, confidence, reason in _PUBLIC_NAMES:
        if pattern.search(key):
            return kind, confidence, reason
    return None


def public_body_kind(name: str, legal_form: str | None = None) -> PublicBodyKind | None:
    """The kind of public body a supplier is, or None when it is not one."""
    result = classify_organisation(name, legal_form)
    return result.public_body_kind if result.kind is OrganisationType.PUBLIC_BODY else None


def classify_organisation(
    name: str,
    legal_form: str | None = None,
    charity_number: str | None = None,
    company_number: str | None = None,
) -> TypeResult:
    """Whether a supplier is a VCSE, a public body or a private business, and how sure.

    Evidence first, in this order: a legal form a register gives, a charity number, a
    company number. Names are only hints, used when there is no evidence.
    """
    form = legal_form_from_text(legal_form)
    if form is LegalForm.PUBLIC_BODY:
        assert legal_form is not None  # noqa: S101 - a form was read from it
        by_name = _public_body_by_name(name)
        kind = _PUBLIC_FORMS.get(_words(legal_form)) or (
            by_name[0] if by_name else PublicBodyKind.OTHER
        )
        return TypeResult(OrganisationType.PUBLIC_BODY, 1.0, "legal form: public body", kind)
    if form in VCSE_LEGAL_FORMS:
        return TypeResult(OrganisationType.VCSE, 1.0, f"legal form: {_label(form)}")
    if form in PRIVATE_LEGAL_FORMS:
        return TypeResult(OrganisationType.PRIVATE, 1.0, f"legal form: {_label(form)}")
    if charity_number and charity_number.strip():
        return TypeResult(OrganisationType.VCSE, 1.0, "has a charity number")
    registered_company = bool(company_number and company_number.strip())
    if not registered_company:
        by_name = _public_body_by_name(name)
        if by_name is not None:
            kind, confidence, reason = by_name
            return TypeResult(OrganisationType.PUBLIC_BODY, confidence, reason, kind)
    # The raw name, not normalise_name: that drops "CIC" as a legal-form suffix.
    words = _words(name)
    for pattern, confidence, reason in _VCSE_NAMES:
        if pattern.search(words):
            return TypeResult(OrganisationType.VCSE, confidence, reason)
    if registered_company:
        # A company, so not a public body; which kind of company the number does not say.
        return TypeResult(OrganisationType.PRIVATE, 0.8, "has a company number")
    return TypeResult(OrganisationType.PRIVATE, 0.5, "no VCSE or public body signal")


def _label(form: LegalForm) -> str:
    for known, label in SUPPLIER_REGISTER_FORMS:
        if known is form:
            return label.lower()
    return form.value.replace("_", " ")
