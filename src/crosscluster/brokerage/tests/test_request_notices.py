"""B2B meeting requests and their answers notify the other side, and nobody else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crosscluster.brokerage import services
from crosscluster.brokerage.tests.factories import NOW, join, make_session
from crosscluster.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("accept", [True, False])
def test_a_request_and_its_answer_notify_the_other_side(cast, accept) -> None:  # type: ignore[no-untyped-def]
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    max_ = join(session, cast.cluster_manager, cast.other_cluster, name="Max")
    request = services.send_request(user=ada.user, requester=ada, recipient_id=max_.pk, now=NOW)
    [asked] = Notification.objects.filter(kind="brokerage.request")
    assert asked.recipient == cast.cluster_manager
    assert asked.subject_id == request.pk
    assert "Ada (Vision Systems SME) asks you for a B2B meeting" in asked.text
    assert asked.url == reverse("brokerage:session", args=[session.pk])
    services.answer_request(user=max_.user, request=request, accept=accept, now=NOW)
    answered = Notification.objects.filter(kind="brokerage.request").exclude(pk=asked.pk).get()
    assert answered.recipient == cast.sme_member
    verb = "accepted" if accept else "declined"
    assert f"Max (Baltic Test Cluster) {verb} your B2B meeting request" in answered.text
    # nobody outside the two participants hears of it
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        cast.sme_member.pk,
        cast.cluster_manager.pk,
    }


def test_a_cancelled_meeting_or_withdrawn_request_notifies_the_other_side(cast) -> None:  # type: ignore[no-untyped-def]
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    max_ = join(session, cast.cluster_manager, cast.other_cluster, name="Max")
    # an accepted meeting called off by the one asked: the one who asked hears of it
    request = services.send_request(user=ada.user, requester=ada, recipient_id=max_.pk, now=NOW)
    services.answer_request(user=max_.user, request=request, accept=True, now=NOW)
    before = set(Notification.objects.values_list("pk", flat=True))
    services.cancel_request(user=max_.user, request=request, now=NOW)
    [called_off] = Notification.objects.exclude(pk__in=before)
    assert called_off.recipient == cast.sme_member
    assert called_off.kind == "brokerage.request"
    assert called_off.subject_id == request.pk
    assert "Max (Baltic Test Cluster) called off your B2B meeting at" in called_off.text
    # a pending request withdrawn by the one who asked: the one asked hears of it
    again = services.send_request(user=ada.user, requester=ada, recipient_id=max_.pk, now=NOW)
    before = set(Notification.objects.values_list("pk", flat=True))
    services.cancel_request(user=ada.user, request=again, now=NOW)
    [withdrawn] = Notification.objects.exclude(pk__in=before)
    assert withdrawn.recipient == cast.cluster_manager
    assert "Ada (Vision Systems SME) withdrew the B2B meeting request at" in withdrawn.text
