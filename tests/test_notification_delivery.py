"""Notifications across apps (the marketplace's notices through the centre): who gets one, the
immediate e-mail, the daily digest, unsubscribing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from crosscluster.accounts.models import OrganisationMembership
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.marketplace import services as marketplace_services
from crosscluster.marketplace.tests.helpers import NOW, make_opportunity
from crosscluster.notifications import jobs, services
from crosscluster.notifications.models import Frequency, Notification, NotificationPreference

pytestmark = pytest.mark.django_db

ANSWER = {"offer": "Vision systems", "timeframe": "soon", "budget_range": "50k_250k"}
INTEREST = "marketplace.interest"
TOMORROW = NOW + dt.timedelta(days=1)


def _interest(cast):  # type: ignore[no-untyped-def]
    """Unrelated SME (the outsider's) answers a need of Vision Systems SME (the member's)."""
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    return marketplace_services.express_interest(
        user=cast.outsider,
        opportunity=opportunity,
        organisation=cast.other_sme,
        message="",
        now=NOW,
        **ANSWER,
    )


def test_an_immediate_mail_carries_a_one_click_unsubscribe(cast) -> None:  # type: ignore[no-untyped-def]
    interest = _interest(cast)
    run_queued_tasks()
    [message] = [m for m in mail.outbox if m.to == [cast.sme_member.email]]
    assert "Unrelated SME is interested" in message.subject
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body
    notice = Notification.objects.get(recipient=cast.sme_member, kind=INTEREST)
    assert notice.emailed_at is not None
    # a link checker opening the link changes nothing; the mail client's POST, without a
    # session or CSRF token, turns the kind off
    visitor = Client(enforce_csrf_checks=True)
    path = link.removeprefix("http://127.0.0.1:8000").removeprefix("http://testserver")
    page = visitor.get(path)
    assert page.status_code == 200
    assert "Expressions of interest" in page.content.decode()
    assert not NotificationPreference.objects.exists()
    assert visitor.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    preference = NotificationPreference.objects.get(user=cast.sme_member)
    assert (preference.kind, preference.frequency) == (INTEREST, Frequency.NEVER)
    # the next notice of that kind stays on the site only
    mail.outbox.clear()
    marketplace_services.decide_interest(
        user=cast.sme_member,
        interest=interest,
        accept=True,
        answer="",
        now=NOW,
    )
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [[cast.outsider.email]]
    assert Notification.objects.filter(recipient=cast.sme_member, kind=INTEREST).count() == 2


def test_a_forged_unsubscribe_token_is_refused(cast) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    token = jobs.unsubscribe_url(user_id=cast.sme_member.pk, kinds=[INTEREST]).rsplit("/", 2)[-2]
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.post(f"/notifications/unsubscribe/{forged}/").status_code == 400
    assert client.get(f"/notifications/unsubscribe/{forged}/").status_code == 400
    assert not NotificationPreference.objects.exists()
    assert client.post(f"/notifications/unsubscribe/{token}/").status_code == 200
    assert NotificationPreference.objects.get(user=cast.sme_member).frequency == "never"


def test_the_daily_digest_gathers_the_days_before_once(cast) -> None:  # type: ignore[no-untyped-def]
    services.set_preferences(user=cast.sme_member, choices={INTEREST: "daily"}, now=NOW)
    _interest(cast)
    services.notify(
        kind=INTEREST, recipients=[cast.sme_member], text="Second", now=NOW, subject_id=None
    )  # names nothing the member may see: dropped at once
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [[cast.outsider.email]]  # the outsider: immediately
    mail.outbox.clear()
    assert jobs.send_digests(now=NOW) == 0  # today's notices wait for tomorrow's digest
    call_command("send_digests", now=TOMORROW.isoformat(), stdout=_Null())
    [digest] = mail.outbox
    assert digest.to == [cast.sme_member.email]
    assert "1 notification" in digest.subject
    assert "Unrelated SME is interested" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mail.outbox.clear()
    assert jobs.send_digests(now=TOMORROW) == 0  # once


def test_a_person_who_left_the_organisation_gets_none_of_its_notices(cast) -> None:  # type: ignore[no-untyped-def]
    services.set_preferences(user=cast.sme_member, choices={INTEREST: "daily"}, now=NOW)
    interest = _interest(cast)
    run_queued_tasks()
    mail.outbox.clear()
    OrganisationMembership.objects.filter(user=cast.sme_member, organisation=cast.sme).delete()
    # the digest asks again: the notice made while they belonged is not e-mailed
    assert jobs.send_digests(now=TOMORROW) == 0
    assert mail.outbox == []
    # and a notice made after they left does not reach them, even from a stale list of people
    services.notify(
        kind=INTEREST,
        recipients=[cast.sme_member, cast.outsider],
        text="Vision Systems SME answered",
        now=NOW,
        subject_id=interest.pk,
    )
    assert not Notification.objects.filter(
        recipient=cast.sme_member, text="Vision Systems SME answered"
    ).exists()
    assert Notification.objects.filter(
        recipient=cast.outsider, text="Vision Systems SME answered"
    ).exists()


@pytest.mark.parametrize("visibility", ["partnership", "private"])
def test_followers_outside_the_partnership_never_read_hidden_titles_even_by_mail(  # type: ignore[no-untyped-def]
    cast, visibility
) -> None:
    for person in (cast.outsider, cast.cluster_manager):
        marketplace_services.set_following(
            user=person, partnership=cast.partnership, following=True
        )
        services.set_preferences(
            user=person, choices={"marketplace.opportunity": "immediately"}, now=NOW
        )
    make_opportunity(
        user=cast.sme_member,
        owner=cast.sme,
        partnership=cast.partnership,
        visibility=visibility,
        title="Hidden bottling line",
    )
    run_queued_tasks()
    texts = " ".join(m.subject + m.body for m in mail.outbox if cast.outsider.email in m.to)
    assert "Hidden bottling line" not in texts
    assert not Notification.objects.filter(recipient=cast.outsider).exists()
    member_heard = Notification.objects.filter(recipient=cast.cluster_manager).exists()
    assert member_heard is (visibility == "partnership")


def test_an_unknown_kind_is_a_programming_error(cast) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LookupError):
        services.notify(kind="nobody.knows", recipients=[cast.outsider], text="x", now=NOW)


def test_inactive_people_get_nothing(cast) -> None:  # type: ignore[no-untyped-def]
    cast.outsider.is_active = False
    cast.outsider.save()
    rows = services.notify(
        kind="notifications.earlier", recipients=[cast.outsider], text="x", now=NOW
    )
    assert rows == []


def test_a_failed_send_is_tried_again(cast, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.core.mail import EmailMessage

    _interest(cast)

    def refuse(self, fail_silently=False):  # type: ignore[no-untyped-def]
        raise OSError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    assert jobs.send_immediate(now=NOW) == 0
    assert Notification.objects.filter(kind=INTEREST, emailed_at__isnull=True).count() == 2
    monkeypatch.undo()
    assert jobs.send_immediate(now=NOW) == 2


class _Null:
    def write(self, text: str) -> None:
        pass
