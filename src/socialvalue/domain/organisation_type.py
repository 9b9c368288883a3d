"""What kind of organisation a supplier is: VCSE, public body or private.

VCSE (voluntary, community and social enterprise) is decided by legal form, following
frameworks/vcse_forms.csv: registered charities and CIOs, community interest companies,
community benefit societies, co-operatives and mutuals, companies limited by guarantee
that do not distribute profit, constituted community groups, and social enterprises with
an asset lock. A legal form or a charity number is evidence (confidence 1.0); a name
alone ("... CIC", "... Charity") is a hint (0.6-0.9).

Public bodies (councils, police, fire, NHS, central government and its agencies) are
found by name or legal form so the caller can leave spend with them out of
"influenceable spend". Universities are reported as their own kind: in law they are
charities and ONS classes them outside the public sector, so each body decides.
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


class PublicBodyKind(StrEnum):
    COUNCIL = "council"
    POLICE = "police"
    FIRE = "fire"
    NHS = "nhs"
    CENTRAL_GOVERNMENT = "central_government"
    UNIVERSITY = "university"


# Public bodies a social value policy normally leaves out of influenceable spend.
DEFAULT_EXCLUDED_KINDS = frozenset(PublicBodyKind) - {PublicBodyKind.UNIVERSITY}


@dataclass(frozen=True)
class TypeResult:
    kind: OrganisationType
    confidence: float
    reason: str
    public_body_kind: PublicBodyKind | None = None


_VCSE_FORMS = {
    # legal form words (normalised) -> label; from vcse_forms.csv
    "CHARITY": "registered charity",
    "REGISTERED CHARITY": "registered charity",
    "CHARITABLE INCORPORATED ORGANISATION": "CIO",
    "CIO": "CIO",
    "COMMUNITY INTEREST COMPANY": "CIC",
    "CIC": "CIC",
    "COMMUNITY BENEFIT SOCIETY": "community benefit society",
    "BENCOM": "community benefit society",
    "CO OPERATIVE": "co-operative",
    "COOPERATIVE": "co-operative",
    "CO OPERATIVE SOCIETY": "co-operative",
    "MUTUAL": "mutual",
    "COMPANY LIMITED BY GUARANTEE": "company limited by guarantee",
    "CLG": "company limited by guarantee",
    "COMMUNITY GROUP": "community group",
    "SOCIAL ENTERPRISE": "social enterprise",
}
_PUBLIC_FORMS = {
    "LOCAL AUTHORITY": PublicBodyKind.COUNCIL,
    "POLICE FORCE": PublicBodyKind.POLICE,
    "NHS TRUST": PublicBodyKind.NHS,
    "NHS FOUNDATION TRUST": PublicBodyKind.NHS,
    "CENTRAL GOVERNMENT": PublicBodyKind.CENTRAL_GOVERNMENT,
    "GOVERNMENT DEPARTMENT": PublicBodyKind.CENTRAL_GOVERNMENT,
    "FIRE AND RESCUE AUTHORITY": PublicBodyKind.FIRE,
    "UNIVERSITY": PublicBodyKind.UNIVERSITY,
}
_PUBLIC_NAMES: tuple[tuple[re.Pattern[str], PublicBodyKind], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"\bFIRE AND RESCUE\b|\bFIRE AUTHORITY\b|\bFIRE SERVICE\b", PublicBodyKind.FIRE),
        (
            r"\bPOLICE\b(?! ICT COMPANY)|\bCONSTABULARY\b|\bCRIME COMMISSIONER\b",
            PublicBodyKind.POLICE,
        ),
        (
            r"\bNHS\b|\bHEALTH BOARD\b|\bINTEGRATED CARE BOARD\b|\bCLINICAL COMMISSIONING\b",
            PublicBodyKind.NHS,
        ),
        (
            r"\b(?:COUNTY|BOROUGH|CITY|DISTRICT|PARISH|TOWN|METROPOLITAN) COUNCIL\b"
            r"|\bCOUNCIL OF THE\b|^COUNCIL\b|\bCOMBINED AUTHORITY\b",
            PublicBodyKind.COUNCIL,
        ),
        (
            r"^HM\b|^HMRC\b|^HIS MAJESTY|^HER MAJESTY|\bDEPARTMENT FOR\b|\bDEPARTMENT OF\b"
            r"|\bMINISTRY OF\b|^HOME OFFICE\b|^CABINET OFFICE\b|\bLAND REGISTRY\b|^DVLA\b"
            r"|\bDRIVER AND VEHICLE\b|\bCROWN PROSECUTION\b|\bENVIRONMENT AGENCY\b"
            r"|\bCOURTS AND TRIBUNALS\b",
            PublicBodyKind.CENTRAL_GOVERNMENT,
        ),
        (r"\bUNIVERSITY\b", PublicBodyKind.UNIVERSITY),
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


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^A-Z0-9]+", " ", text.upper())).strip()


def public_body_kind(name: str, legal_form: str | None = None) -> PublicBodyKind | None:
    """The kind of public body a supplier is, or None when it is not one."""
    if legal_form and _words(legal_form) in _PUBLIC_FORMS:
        return _PUBLIC_FORMS[_words(legal_form)]
    key = normalise_name(name)
    for pattern, kind in _PUBLIC_NAMES:
        if pattern.search(key):
            return kind
    return None


def classify_organisation(
    name: str, legal_form: str | None = None, charity_number: str | None = None
) -> TypeResult:
    """Whether a supplier is a VCSE, a public body or a private business, and how sure."""
    kind = public_body_kind(name, legal_form)
    if kind is not None:
        sure = 1.0 if legal_form else 0.9
        return TypeResult(OrganisationType.PUBLIC_BODY, sure, f"{kind.value} by name", kind)
    if legal_form:
        form = _words(legal_form)
        if form in _VCSE_FORMS:
            return TypeResult(OrganisationType.VCSE, 1.0, f"legal form: {_VCSE_FORMS[form]}")
    if charity_number and charity_number.strip():
        return TypeResult(OrganisationType.VCSE, 1.0, "has a charity number")
    # The raw name, not normalise_name: that drops "CIC" as a legal-form suffix.
    words = _words(name)
    for pattern, confidence, reason in _VCSE_NAMES:
        if pattern.search(words):
            return TypeResult(OrganisationType.VCSE, confidence, reason)
    sure = 1.0 if legal_form else 0.5
    return TypeResult(OrganisationType.PRIVATE, sure, "no VCSE or public body signal")
