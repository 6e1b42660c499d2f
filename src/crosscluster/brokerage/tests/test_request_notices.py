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
