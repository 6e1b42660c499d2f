"""The notifications page, preferences and the API; nobody reaches another person's notices."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.notifications.models import Notification, NotificationPreference
from crosscluster.notifications.views import PER_PAGE

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
API = "/api/v1/notifications"
ROLES = ["administrator", "coordinator", "cluster_manager", "outsider"]
KIND = "marketplace.interest"


def _notice(user, text: str = "Hello") -> Notification:  # type: ignore[no-untyped-def]
    return Notification.objects.create(recipient=user, kind=KIND, text=text, created_at=NOW)


def _client(user=None) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_list_shows_unread_first_marks_read_and_counts_in_the_header(cast) -> None:  # type: ignore[no-untyped-def]
    old = _notice(cast.sme_member, "Old and read")
    old.read_at = NOW
    old.save()
    fresh = _notice(cast.sme_member, "Fresh news")
    _notice(cast.outsider, "Not for you")
    client = _client(cast.sme_member)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Not for you" not in page
    assert page.index("Fresh news") < page.index("Old and read")
    assert 'aria-label="1 unread"' in page
    client.post(reverse("notifications:mark_read", args=[fresh.pk]))
    fresh.refresh_from_db()
    assert fresh.is_read
    assert 'aria-label="1 unread"' not in client.get(reverse("notifications:list")).content.decode()
    _notice(cast.sme_member, "A")
    _notice(cast.sme_member, "B")
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=cast.sme_member, read_at__isnull=True)


def test_the_list_is_paginated(cast) -> None:  # type: ignore[no-untyped-def]
    Notification.objects.bulk_create(
        [
            Notification(recipient=cast.sme_member, kind=KIND, text=f"N{i}", created_at=NOW)
            for i in range(PER_PAGE + 3)
        ]
    )
    client = _client(cast.sme_member)
    first = client.get(reverse("notifications:list")).content.decode()
    assert "Page 1 of 2" in first
    second = client.get(reverse("notifications:list") + "?page=2").content.decode()
    assert second.count('class="unread"') == 3


@pytest.mark.parametrize("role", ROLES)
def test_nobody_marks_another_persons_notification(cast, role, token_for) -> None:  # type: ignore[no-untyped-def]
    theirs = _notice(cast.sme_member, "Private")
    user = getattr(cast, role)
    assert (
        _client(user).post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    )
    answer = _client().post(f"{API}/{theirs.pk}/read", HTTP_AUTHORIZATION=token_for(user))
    assert answer.status_code == 404
    listed = _client().get(API, HTTP_AUTHORIZATION=token_for(user)).json()
    assert all(item["text"] != "Private" for item in listed["items"])
    _client(user).post(reverse("notifications:mark_all_read"))
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_visitors_are_sent_to_log_in_and_the_api_wants_a_token(cast) -> None:  # type: ignore[no-untyped-def]
    theirs = _notice(cast.sme_member)
    visitor = _client()
    for name, args in (("list", []), ("preferences", []), ("mark_read", [theirs.pk])):
        method = visitor.post if name == "mark_read" else visitor.get
        response = method(reverse(f"notifications:{name}", args=args))
        assert response.status_code == 302, name
        assert "/accounts/login/" in response["Location"]
    for method, path in (
        ("get", API),
        ("get", f"{API}/unread"),
        ("post", f"{API}/read"),
        ("post", f"{API}/{theirs.pk}/read"),
        ("get", f"{API}/preferences"),
        ("put", f"{API}/preferences"),
    ):
        assert getattr(visitor, method)(path).status_code == 401, path
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_the_api_lists_marks_and_counts(cast, token_for) -> None:  # type: ignore[no-untyped-def]
    first = _notice(cast.sme_member, "First")
    _notice(cast.sme_member, "Second")
    auth = {"HTTP_AUTHORIZATION": token_for(cast.sme_member)}
    client = _client()
    assert client.get(f"{API}/unread", **auth).json() == {"unread": 2}
    listed = client.get(API, **auth).json()
    assert listed["count"] == 2
    assert {item["kind"] for item in listed["items"]} == {KIND}
    marked = client.post(f"{API}/{first.pk}/read", **auth).json()
    assert marked["read_at"] is not None
    assert client.post(f"{API}/read", **auth).json() == {"marked": 1}
    assert client.get(f"{API}/unread", **auth).json() == {"unread": 0}


def test_preferences_in_the_page_and_the_api(cast, token_for) -> None:  # type: ignore[no-untyped-def]
    client = _client(cast.sme_member)
    page = client.get(reverse("notifications:preferences")).content.decode()
    for label in ("Expressions of interest", "B2B meeting requests", "Opportunities you follow"):
        assert label in page
    assert "Earlier notices" not in page  # nobody chooses for the notices kept from before
    kinds = [
        row["kind"]
        for row in client.get(
            f"{API}/preferences", HTTP_AUTHORIZATION=token_for(cast.sme_member)
        ).json()
    ]
    form = dict.fromkeys(kinds, "immediately")
    form[KIND] = "never"
    assert client.post(reverse("notifications:preferences"), form).status_code == 302
    assert NotificationPreference.objects.get(user=cast.sme_member, kind=KIND).frequency == "never"
    # the profile page leads here
    assert (
        reverse("notifications:preferences")
        in client.get(reverse("accounts:profile")).content.decode()
    )
    # the API: read, change, refuse by name
    auth = {"HTTP_AUTHORIZATION": token_for(cast.sme_member)}
    api = _client()
    rows = {row["kind"]: row for row in api.get(f"{API}/preferences", **auth).json()}
    assert rows[KIND]["frequency"] == "never"
    assert rows["marketplace.opportunity"]["default_frequency"] == "daily"
    changed = api.put(
        f"{API}/preferences",
        {"preferences": {KIND: "daily"}},
        content_type="application/json",
        **auth,
    )
    assert changed.status_code == 200
    assert {row["kind"]: row["frequency"] for row in changed.json()}[KIND] == "daily"
    bad = api.put(
        f"{API}/preferences",
        {"preferences": {KIND: "hourly", "nobody.knows": "never"}},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {KIND, "nobody.knows"}
    assert NotificationPreference.objects.get(user=cast.sme_member, kind=KIND).frequency == "daily"
    # one person's preferences never change another's
    assert not NotificationPreference.objects.filter(user=cast.outsider).exists()


@pytest.mark.parametrize("model", ["notification", "notificationpreference"])
def test_admin_changelists_load(cast, model) -> None:  # type: ignore[no-untyped-def]
    _notice(cast.sme_member)
    client = _client(cast.administrator)
    assert client.get(reverse(f"admin:notifications_{model}_changelist")).status_code == 200


def test_unread_notices_are_counted_by_subject_for_their_recipient_only(cast) -> None:  # type: ignore[no-untyped-def]
    from crosscluster.notifications.queries import count_unread_by_subject

    def notice(user, kind: str, subject_id: int | None, **fields):  # type: ignore[no-untyped-def]
        return Notification.objects.create(
            recipient=user, kind=kind, subject_id=subject_id, text="x", created_at=NOW, **fields
        )

    notice(cast.sme_member, "conversations.message", 7)
    notice(cast.sme_member, "conversations.message", 7)
    notice(cast.sme_member, "conversations.invitation", 8)
    notice(cast.sme_member, "conversations.message", 9, read_at=NOW)  # read
    notice(cast.sme_member, KIND, 7)  # another kind
    notice(cast.sme_member, "conversations.message", None)  # about nothing
    notice(cast.outsider, "conversations.message", 7)  # someone else's
    kinds = ("conversations.message", "conversations.invitation")

    assert count_unread_by_subject(user=cast.sme_member, kinds=kinds) == {7: 2, 8: 1}
    assert count_unread_by_subject(user=cast.cluster_manager, kinds=kinds) == {}
