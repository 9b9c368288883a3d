"""The Notifications page (own notifications only, unread count in the header, mark read),
the Notification settings page and a supplier's categories of interest."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socialvalue.accounts.models import User
from socialvalue.accounts.roles import Role
from socialvalue.audit.models import Event
from socialvalue.notifications.models import (
    CategoryInterest,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from socialvalue.procurement.models import Category

pytestmark = pytest.mark.django_db


def _notice(username: str, title: str) -> Notification:
    return Notification.objects.create(
        user=User.objects.get(username=username),
        kind=NotificationKind.BID_RECEIPT,
        title=title,
        body="We received your bid.",
        link="https://socialvalue.example.org/tenders/bids/1/",
    )


def test_the_list_shows_ones_own_notifications_and_the_unread_count(client_for):
    mine = _notice("supplier1", "Bid received: mine")
    _notice("supplier2", "Bid received: theirs")
    client = client_for(Role.SUPPLIER)

    page = client.get(reverse("notifications:list")).content.decode()
    assert "Bid received: mine" in page and "Bid received: theirs" not in page
    assert 'href="https://socialvalue.example.org/tenders/bids/1/"' in page
    unread = Notification.objects.filter(user__username="supplier1", read_at__isnull=True)
    count = unread.count()  # this one and the demo's
    home = client.get(reverse("core:home")).content.decode()
    assert 'id="notifications-link"' in home
    assert f'Notifications ({count}<span class="govuk-visually-hidden"> unread</span>)' in home

    response = client.post(reverse("notifications:read", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert unread.count() == count - 1
    client.post(reverse("notifications:read_all"))
    home = client.get(reverse("core:home")).content.decode()
    assert "Notifications (" not in home


def test_another_persons_notification_is_not_found(client_for):
    theirs = _notice("supplier2", "Bid received: theirs")
    response = client_for(Role.SUPPLIER).post(reverse("notifications:read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(client_for):
    _notice("officer", "One")
    _notice("officer", "Two")
    _notice("supplier1", "Someone else's")
    client = client_for(Role.PROCUREMENT_OFFICER)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user__username="officer", read_at__isnull=True)
    assert Notification.objects.filter(user__username="supplier1", read_at__isnull=True)


def test_settings_page_saves_each_kinds_choice(client_for):
    client = client_for(Role.SUPPLIER)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "Your bid is received" in page and "By e-mail" in page
    assert "A contract variation waits for approval" not in page  # staff only

    data = {kind.value: ["by_email", "in_service"] for kind in NotificationKind}
    data.pop(NotificationKind.VARIATION_TO_APPROVE)
    data[NotificationKind.TENDER_PUBLISHED] = ["in_service"]
    data[NotificationKind.RETURN_DUE] = []
    response = client.post(reverse("notifications:settings"), data)
    assert response.status_code == 302

    chosen = {
        p.kind: (p.by_email, p.in_service)
        for p in NotificationPreference.objects.filter(user__username="supplier1")
    }
    assert chosen == {
        NotificationKind.TENDER_PUBLISHED: (False, True),
        NotificationKind.RETURN_DUE: (False, False),
    }
    assert Event.objects.filter(verb="notification.preferences_changed").count() == 1


def test_a_manager_is_offered_variations_and_a_viewer_nothing(client_for):
    page = client_for(Role.CONTRACT_MANAGER).get(reverse("notifications:settings"))
    assert "A contract variation waits for approval" in page.content.decode()
    page = client_for(Role.VIEWER).get(reverse("notifications:settings")).content.decode()
    assert "Your role does not receive any notifications yet" in page


def test_a_supplier_chooses_its_categories(client_for):
    client = client_for(Role.SUPPLIER)
    url = reverse("notifications:categories")
    response = client.post(url, {"categories": [Category.WORKS, Category.SUPPLIES]})
    assert response.status_code == 302
    supplier = User.objects.get(username="supplier1").supplier
    chosen = CategoryInterest.objects.filter(supplier=supplier).values_list("category", flat=True)
    assert set(chosen) == {Category.WORKS, Category.SUPPLIES}
    client.post(url, {})  # none: every tender
    assert not CategoryInterest.objects.filter(supplier=supplier).exists()
    assert Event.objects.filter(verb="supplier.categories_chosen").count() == 2

    assert client_for(Role.PROCUREMENT_OFFICER).get(url).status_code == 403
