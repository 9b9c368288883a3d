"""Pages of finding and joining (issue 14 items 2 and 7): the public home, public tenders
and events, supplier registration, password reset, claims and colleagues."""

from __future__ import annotations

from socialvalue.accounts.roles import Role
from tests.pagekit import ALL, IMPORTERS, Page, _url


def _open_tender() -> int:
    from socialvalue.tendering.selectors import tenders_open_for_bids

    return tenders_open_for_bids().first().pk


def _signup(confirmed: bool):
    """A registration: waiting for its e-mail address, or (confirmed) claiming a supplier
    already on the register and waiting for an officer."""

    def make():
        from socialvalue.joining import services
        from socialvalue.suppliers.models import Supplier

        supplier = Supplier.objects.exclude(companies_house_number="").order_by("pk").first()
        signup = services.signup_create(
            email=f"new-{confirmed}@example.org",
            first_name="New",
            last_name="Person",
            password="a long passphrase of words",
            organisation_name=supplier.name,
            companies_house_number=supplier.companies_house_number,
            postcode="PR1 2AA",
            employees=5,
            legal_form="private_limited",
        )
        if not confirmed:
            return services.confirmation_token(signup)
        services.signup_confirm_email(token=services.confirmation_token(signup))
        return signup.pk

    return make


PAGES: list[Page] = [
    Page("open tenders", _url("tendering:public_list"), ALL, public=True),
    Page("open tender summary", _url("tendering:public_detail", _open_tender), ALL, public=True),
    Page("events", _url("procurement:event_list"), ALL, public=True),
    Page("register organisation", _url("joining:signup"), ALL, public=True),
    Page("registration email sent", _url("joining:signup_sent"), ALL, public=True),
    Page(
        "confirm email",
        _url("joining:confirm_email", _signup(confirmed=False)),
        ALL,
        public=True,
    ),
    Page("invitation link", _url("joining:invitation_accept", "not-a-token"), ALL, public=True),
    Page("password reset", _url("joining:password_reset"), ALL, public=True),
    Page("password reset sent", _url("joining:password_reset_sent"), ALL, public=True),
    Page(
        "password reset link",
        _url("joining:password_reset_confirm", "MQ", "not-a-token"),
        ALL,
        public=True,
    ),
    Page("password reset done", _url("joining:password_reset_done"), ALL, public=True),
    Page("supplier registrations", _url("joining:claim_list"), IMPORTERS),
    Page(
        "supplier registration",
        _url("joining:claim_detail", _signup(confirmed=True)),
        IMPORTERS,
    ),
    Page("colleagues", _url("joining:colleagues"), frozenset({Role.SUPPLIER})),
]
