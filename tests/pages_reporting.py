"""Pages of issue 7: annual review, transparency, OCDS, API. See tests/pages.py."""

from __future__ import annotations

from socialvalue.accounts.roles import Role
from tests.pagekit import ALL, STAFF, Page, _download, _url

# Engineer D: public transparency pages, Open Contracting data, annual review.
REVIEW_WRITERS = frozenset({Role.ADMINISTRATOR, Role.PROCUREMENT_OFFICER})


def _review_year() -> str:
    from socialvalue.transparency.selectors import current_year

    return current_year().label


def _first_ocid() -> str:
    from socialvalue.transparency.ocds import ocid_for
    from socialvalue.transparency.selectors import public_procurements

    return ocid_for(public_procurements().first())


PAGES: list[Page] = [
    Page("transparency headlines", _url("transparency:headlines"), ALL, public=True),
    Page("awarded contracts", _url("transparency:contracts"), ALL, public=True),
    Page("open data", _url("transparency:open_data"), ALL, public=True),
    Page(
        "OCDS package",
        _url("transparency:ocds_package", _first_ocid),
        ALL,
        public=True,
        html=False,
    ),
    Page("annual reviews", _url("reviews:review_list"), STAFF),
    Page("annual reviews CSV", _download("csv", "reviews:review_list"), STAFF, html=False),
    Page("annual reviews XLSX", _download("xlsx", "reviews:review_list"), STAFF, html=False),
    Page("annual review", _url("reviews:review_detail", _review_year), STAFF),
    Page("annual review PDF", _url("reviews:review_pdf", _review_year), STAFF, html=False),
    Page("review conclusions", _url("reviews:conclusions", _review_year), REVIEW_WRITERS),
    Page("review publish", _url("reviews:publish", _review_year), REVIEW_WRITERS),
]

# API pages (issue 7 part 4) and the CSV/XLSX downloads of the lists of policy, suppliers,
# procurement, spend and audit (issue 7 part 5, core/exports.py). Engineer C.
from tests.pagekit import AUDIT as _AUDIT  # noqa: E402


def _download(name: str, fmt: str, *args):
    page = _url(name, *args)
    return lambda: f"{page()}?format={fmt}"


PAGES += [
    Page("API token", _url("api:token"), ALL),
    Page("API documentation", _url("api:docs"), ALL, public=True),
    Page("API schema", _url("api:schema"), ALL, public=True, html=False),
]
for _name, _view, _roles, _public in [
    ("thresholds", "policy:threshold_list", STAFF, False),
    ("projects", "procurement:project_list", STAFF, False),
    ("value bands", "procurement:band_list", STAFF, False),
    ("engagement", "procurement:engagement_list", STAFF, False),
    ("reach report", "procurement:reach", STAFF, False),
    ("pipeline", "procurement:pipeline", ALL, True),
    ("supplier register", "suppliers:supplier_list", STAFF, False),
    ("payment imports", "spend:import_list", STAFF, False),
    ("unmatched suppliers", "spend:unmatched", STAFF, False),
    ("payments over £30,000", "spend:significant_payments", STAFF, False),
    ("payments compliance notices", "notices:payments_compliance", STAFF, False),
    ("audit log", "audit:event_list", _AUDIT, False),
]:
    for _fmt in ("csv", "xlsx"):
        PAGES.append(
            Page(
                f"{_name} download {_fmt.upper()}",
                _download(_view, _fmt),
                _roles,
                public=_public,
                html=False,
            )
        )
