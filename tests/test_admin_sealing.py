"""The Django admin never reveals a sealed bid, to an administrator who is a superuser too.

A penetration test found ``/django-admin/tendering/bid/?tender__id__exact=3&price__lte=...``
answering 1 row and ``...&price__lt=...`` 0 rows: a sealed price found by halving, and the
list said who had bid. These tests walk every registered admin model and, for every field
(and every related path into a bid's content), try the lookups, ordering, search, the count
and the change and history pages, and check that the answers are the same:

* for a value just below and just above the sealed price (and for the price itself), and
* in a world where the sealed bid exists and one where nobody has bid at all.
"""

from __future__ import annotations

import logging
import re
import time
from datetime import timedelta
from urllib.parse import quote_plus

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.core.admin import SupportAdmin
from socialvalue.policy.models import Measure
from socialvalue.tendering import services
from socialvalue.tendering.models import Bid
from socialvalue.tendering.sealing import BID_CONTENT_MODELS
from tests.tendering.test_tenders_factory import complete_bid, published_tender

pytestmark = pytest.mark.django_db

PRICE = "777777.77"
BELOW, ABOVE = "777777.76", "777777.78"
MARKER = "SECRET-ANSWER-9183"
COMMITTED_MEASURE = "TEI4"
# (lookup, value for one answer, value for the other): each pair straddles the sealed price.
VALUE_PAIRS = [
    ("lte", BELOW, PRICE),
    ("lte", PRICE, ABOVE),
    ("gt", BELOW, PRICE),
    ("exact", PRICE, BELOW),
    ("in", PRICE, BELOW),
    ("startswith", "7777", "1234"),
    ("startswith", "SECRET", "PUBLIC"),
]
# Lookups whose answer may differ by value but must not differ between the two worlds.
WORLD_LOOKUPS = [("isnull", "True"), ("isnull", "False"), ("exact", "1")]  # noqa: E501
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|csrftoken=[^;]*')


def _admins():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _filter_name(field) -> str | None:
    """The name a query-string lookup uses for a field (reverse relations included)."""
    if field.is_relation and field.related_model is None:
        return None  # a generic foreign key: not a filter
    return field.name


def _paths(model, depth: int = 3) -> list[str]:
    """Every field of ``model``, and every related path (up to ``depth`` relations) into the
    fields of a model that holds bid content (``Bid.price``, ``BidResponse.text``, ...)."""
    paths: set[str] = set()
    for field in model._meta.get_fields():
        name = _filter_name(field)
        if name:
            paths.add(name)

    def walk(current, prefix: list[str], seen: set) -> None:
        if current in BID_CONTENT_MODELS and prefix:
            for field in current._meta.get_fields():
                name = _filter_name(field)
                if name:
                    paths.add("__".join([*prefix, name]))
        if len(prefix) >= depth:
            return
        for field in current._meta.get_fields():
            name = _filter_name(field)
            if not name or not field.is_relation or field.related_model is None:
                continue
            if field.related_model in seen or field.related_model is ContentType:
                continue
            walk(field.related_model, [*prefix, name], seen | {field.related_model})

    walk(model, [], {model})
    return sorted(paths)


def _answer(client, url: str) -> tuple[int, str]:
    """The status and page (a redirect followed once, so that its message is read too)."""
    response = client.get(url)
    if response.status_code in (301, 302):
        followed = client.get(response["Location"])
        page = CSRF.sub("", followed.content.decode())
        return response.status_code, f"{response['Location']}\n{page}"
    return response.status_code, CSRF.sub("", response.content.decode())


def _changelist(model) -> str:
    return f"/django-admin/{model._meta.app_label}/{model._meta.model_name}/"


@pytest.fixture
def superadmin(client, user_for) -> object:
    """The demo administrator, made a Django superuser too (the strongest admin user)."""
    user = user_for(Role.ADMINISTRATOR)
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    client.force_login(user)
    return client


@pytest.fixture
def sealed_bid(user_for) -> Bid:
    """supplier1's submitted bid, price 777777.77 and a commitment of 777777.77 of a measure,
    on a tender whose deadline is ahead."""
    tender = published_tender(user_for(Role.PROCUREMENT_OFFICER))
    supplier_user = user_for(Role.SUPPLIER)
    before = tender.deadline - timedelta(hours=1)
    bid = complete_bid(tender, supplier_user, price=PRICE, text=MARKER, submit=False)
    services.commitment_add(
        actor=supplier_user,
        bid=bid,
        measure=Measure.objects.get(code=COMMITTED_MEASURE),
        quantity=PRICE,
        year=1,
        now=before,
    )
    services.bid_submit(actor=supplier_user, bid=bid, now=before)
    bid.refresh_from_db()
    assert bid.status == "submitted" and bid.commitments.exists()
    return bid


def _measure_pk() -> int:
    return Measure.objects.get(code=COMMITTED_MEASURE).pk


def _forget(bid: Bid) -> None:
    """The world in which nobody bid: the bid, its content and its audit events are gone."""
    Event.objects.filter(
        target_type=ContentType.objects.get_for_model(Bid), target_id=str(bid.pk)
    ).delete()
    bid.delete()


def test_the_penetration_test_attack_finds_nothing(superadmin, sealed_bid):
    base = f"/django-admin/tendering/bid/?tender__id__exact={sealed_bid.tender_id}"
    at_or_below = _answer(superadmin, f"{base}&price__lte={PRICE}")
    below = _answer(superadmin, f"{base}&price__lt={PRICE}")
    assert at_or_below == below
    assert at_or_below[0] == 400  # the lookup is refused, whatever the value
    listing = _answer(superadmin, base)[1]
    assert sealed_bid.tender.reference not in listing  # who has bid stays hidden
    assert f"/tendering/bid/{sealed_bid.pk}/" not in listing
    # Related lookups from other admins are refused too.
    for url in (
        f"/django-admin/tendering/tender/?bids__price__gt={BELOW}",
        "/django-admin/tendering/tender/?bids__isnull=False",
        f"/django-admin/suppliers/supplier/?bids__price__lte={PRICE}",
        f"/django-admin/suppliers/supplier/?bids={sealed_bid.pk}",
        f"/django-admin/accounts/user/?supplier__bids__price__lte={PRICE}",
        f"/django-admin/audit/event/?target_id={sealed_bid.pk}",
    ):
        assert superadmin.get(url).status_code == 400, url


def test_every_admin_of_the_service_is_a_support_admin():
    ours = [
        (model._meta.label, type(model_admin).__name__)
        for model, model_admin in _admins()
        if type(model_admin).__module__.startswith("socialvalue.")
    ]
    assert ours
    for model, model_admin in _admins():
        if type(model_admin).__module__.startswith("socialvalue."):
            assert isinstance(model_admin, SupportAdmin), model._meta.label
    labels = {model._meta.label for model, _ in _admins()}
    assert "auth.Group" not in labels  # roles are given on the users page only
    for model in BID_CONTENT_MODELS:
        if model is not Bid:
            assert model._meta.label not in labels


def _touches_content(model, path: str) -> bool:
    """Whether filtering ``model`` on ``path`` reads a model that holds bid content."""
    if model in BID_CONTENT_MODELS:
        return True
    current = model
    for name in path.split("__"):
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if not field.is_relation or field.related_model is None:
            return False
        current = field.related_model
        if current in BID_CONTENT_MODELS:
            return True
    return False


def test_no_lookup_ordering_search_or_count_depends_on_a_sealed_bid(superadmin, sealed_bid, rf):
    """Every field and related path of every admin, with every lookup.

    Django's changelist asks the admin's ``lookup_allowed`` about each query parameter before
    it makes any query, and answers 400 when it says no. So each lookup into bid content is
    first put to ``lookup_allowed``; the ones it allows are requested for real (values just
    below, at and just above the sealed price, each with and without the bid), and for the ones
    it refuses a sample per admin is requested for real to show the 400.
    """
    logging.disable(logging.CRITICAL)  # each refused lookup logs a SuspiciousOperation
    try:
        _walk(superadmin, sealed_bid, rf)
    finally:
        logging.disable(logging.NOTSET)


def _walk(client, sealed_bid, rf) -> None:
    started = time.monotonic()
    request = rf.get("/django-admin/")
    request.user = User.objects.get(username="admin")
    lookups = sorted({lookup for lookup, _, _ in VALUE_PAIRS} | {"isnull"})
    world_urls: list[str] = []
    counted = {"paths": 0, "lookups put": 0, "requests": 0}
    for model, model_admin in _admins():
        changelist = _changelist(model)
        world_urls += [changelist, f"{changelist}?_facets=True"]
        if model_admin.get_search_fields(request):
            for term in (PRICE, str(sealed_bid.supplier), sealed_bid.tender.reference):
                world_urls.append(f"{changelist}?q={quote_plus(term)}")
        if tuple(model_admin.list_display) != ("__str__",):
            for index in range(len(model_admin.list_display)):
                world_urls += [f"{changelist}?o={index}", f"{changelist}?o=-{index}"]
        refused_sample = []
        for path in _paths(model):
            if not _touches_content(model, path):
                continue
            counted["paths"] += 1
            for lookup in lookups:
                counted["lookups put"] += 1
                key = f"{path}__{lookup}"
                if not model_admin.lookup_allowed(key, PRICE, request):
                    if len(refused_sample) < 4:
                        refused_sample.append(key)
                    continue
                # Allowed (a list filter): the answer may depend on the value, never on the bid.
                world_urls += [f"{changelist}?{key}={value}" for _, value in WORLD_LOOKUPS]
                world_urls += [
                    f"{changelist}?{key}={value}"
                    for pair_lookup, one, other in VALUE_PAIRS
                    if pair_lookup == lookup
                    for value in (one, other)
                ]
        for key in refused_sample:  # refused whatever the value: the same 400 page
            below = _answer(client, f"{changelist}?{key}={BELOW}")
            above = _answer(client, f"{changelist}?{key}={ABOVE}")
            assert below[0] == 400 and below == above, key
            counted["requests"] += 2
    # The same pages in a world where nobody has bid must give the same answers.
    with_bid = {url: _answer(client, url) for url in world_urls}
    for url, (_, page) in with_bid.items():
        assert MARKER not in page and str(sealed_bid) not in page, url
        assert PRICE not in page or PRICE in url, url  # a search box shows what was typed
    _forget(sealed_bid)
    for url in world_urls:
        assert _answer(client, url) == with_bid[url], url
    counted["requests"] += 2 * len(world_urls)
    assert counted["paths"] > 100  # the walk reached the related paths into bid content
    print(f"\n{counted} in {time.monotonic() - started:.1f}s")


def test_change_and_history_pages_of_sealed_objects_are_not_found(superadmin, sealed_bid):
    events = list(
        Event.objects.filter(
            target_type=ContentType.objects.get_for_model(Bid), target_id=str(sealed_bid.pk)
        ).values_list("pk", flat=True)
    )
    assert events  # bid.started, bid.changed, bid.submitted
    urls = [
        f"/django-admin/tendering/bid/{sealed_bid.pk}/change/",
        f"/django-admin/tendering/bid/{sealed_bid.pk}/history/",
        f"/django-admin/tendering/bid/{sealed_bid.pk}/delete/",
        *(f"/django-admin/audit/event/{pk}/change/" for pk in events),
        *(f"/django-admin/audit/event/{pk}/history/" for pk in events),
        f"/django-admin/tendering/tender/{sealed_bid.tender_id}/change/",
        f"/django-admin/tendering/tender/{sealed_bid.tender_id}/history/",
        f"/django-admin/suppliers/supplier/{sealed_bid.supplier_id}/change/",
        f"/django-admin/suppliers/supplier/{sealed_bid.supplier_id}/history/",
        f"/django-admin/suppliers/supplier/{sealed_bid.supplier_id}/delete/",
        "/django-admin/autocomplete/?app_label=contracts&model_name=contract&field_name=bid",
        "/django-admin/contracts/contract/add/",
        f"/django-admin/policy/measure/{_measure_pk()}/delete/",
        f"/django-admin/policy/measure/{_measure_pk()}/change/",
    ]
    with_bid = {url: _answer(superadmin, url) for url in urls}
    for url, (_status, page) in with_bid.items():
        assert MARKER not in page and PRICE not in page, url
        assert str(sealed_bid) not in page, url  # "Bid by Red Rose ... for TEST-001"
    _forget(sealed_bid)
    for url in urls:
        assert _answer(superadmin, url) == with_bid[url], url


def test_a_bid_is_listed_once_its_deadline_has_passed(superadmin, sealed_bid):
    from django.utils import timezone

    tender = sealed_bid.tender
    tender.deadline = timezone.now()
    tender.save(update_fields=["deadline"])
    listing = superadmin.get("/django-admin/tendering/bid/").content.decode()
    assert f"/tendering/bid/{sealed_bid.pk}/change/" in listing
    assert PRICE not in listing  # the admin never shows a price, opened or not


def test_the_users_admin_offers_no_way_round_the_second_administrator(superadmin, user_for):
    supplier_user = user_for(Role.SUPPLIER)
    officer = user_for(Role.PROCUREMENT_OFFICER)
    base = f"/django-admin/accounts/user/{officer.pk}"
    page = superadmin.get(f"{base}/password/", follow=True).content.decode()
    assert 'name="password1"' not in page  # no password form: the change page, read-only
    officer_page = superadmin.get(f"{base}/change/").content.decode()
    assert 'name="supplier"' not in officer_page and 'name="groups"' not in officer_page
    assert superadmin.get("/django-admin/accounts/user/add/").status_code == 403
    assert superadmin.get("/django-admin/auth/group/").status_code == 404
    response = superadmin.post(
        f"{base}/change/",
        {"username": officer.username, "supplier": supplier_user.supplier_id, "groups": []},
    )
    assert response.status_code == 403
    officer.refresh_from_db()
    assert officer.supplier_id is None
    with pytest.raises(FieldDoesNotExist):
        User._meta.get_field("bids")
