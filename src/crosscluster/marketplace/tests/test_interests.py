"""Expressions of interest: structured answers, owner decisions, e-mails and notifications."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.marketplace import services
from crosscluster.marketplace.models import (
    ExpressionOfInterest,
    InterestStatus,
)
from crosscluster.marketplace.tests.helpers import NOW, make_opportunity
from crosscluster.notifications.models import Notification

pytestmark = pytest.mark.django_db

ANSWER = {"offer": "Vision systems for bottling", "timeframe": "soon", "budget_range": "50k_250k"}


def _express(cast, opportunity, **changes):  # type: ignore[no-untyped-def]
    values = {**ANSWER, "message": "Let us talk.", **changes}
    return services.express_interest(
        user=cast.outsider,
        opportunity=opportunity,
        organisation=cast.other_sme,
        now=NOW,
        **values,
    )


def test_interest_notifies_both_sides_by_mail_in_the_background(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    _express(cast, opportunity)
    assert mail.outbox == []  # the e-mails are the worker's job
    run_queued_tasks()
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["member@example.eu", "outsider@example.eu"]
    assert Notification.objects.filter(
        recipient=cast.sme_member, text__contains="Unrelated SME is interested"
    ).exists()


def test_a_failed_answer_leaves_no_mail_to_send(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    with pytest.raises(ValidationError):
        _express(cast, opportunity, offer=" ")
    run_queued_tasks()
    assert mail.outbox == []


def test_bad_answers_name_the_fields_and_write_nothing(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    with pytest.raises(ValidationError) as caught:
        _express(cast, opportunity, offer=" ", timeframe="someday", budget_range="lots")
    assert set(caught.value.message_dict) == {"offer", "timeframe", "budget_range"}
    assert not ExpressionOfInterest.objects.exists()
    assert not Notification.objects.exists()


def test_one_interest_per_organisation_and_not_in_its_own(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    _express(cast, opportunity)
    with pytest.raises(ValidationError) as caught:
        _express(cast, opportunity)
    assert "already expressed interest" in caught.value.message_dict["organisation"][0]
    with pytest.raises(ValidationError) as own:
        services.express_interest(
            user=cast.sme_member,
            opportunity=opportunity,
            organisation=cast.sme,
            message="",
            now=NOW,
            **ANSWER,
        )
    assert "own opportunity" in own.value.message_dict["organisation"][0]


def test_nobody_answers_in_the_name_of_an_organisation_they_do_not_work_for(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    with pytest.raises(PermissionDenied):
        services.express_interest(
            user=cast.cluster_manager,
            opportunity=opportunity,
            organisation=cast.other_sme,
            message="",
            now=NOW,
            **ANSWER,
        )


def test_the_owner_accepts_and_the_interested_side_is_told(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    interest = _express(cast, opportunity)
    run_queued_tasks()
    mail.outbox.clear()
    services.decide_interest(
        user=cast.sme_member, interest=interest, accept=True, answer="Welcome", now=NOW
    )
    run_queued_tasks()
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED
    assert interest.decided_by == cast.sme_member
    assert any("accepted your interest" in m.subject for m in mail.outbox)
    with pytest.raises(ValidationError) as again:
        services.decide_interest(
            user=cast.sme_member, interest=interest, accept=False, answer="", now=NOW
        )
    assert "already accepted" in again.value.message_dict["status"][0]


def test_decisions_are_for_the_owner_only(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(
        user=cast.sme_member, owner=cast.sme, partnership=cast.partnership
    )
    interest = _express(cast, opportunity)
    url = reverse("marketplace:interest_decide", args=[interest.pk])
    # the interested side sees it but may not decide: 403
    outsider = Client()
    outsider.force_login(cast.outsider)
    assert outsider.post(url, {"decision": "accept"}).status_code == 403
    # a partner who is neither side does not even learn it exists: 404
    stranger = Client()
    stranger.force_login(cast.cluster_manager)
    assert stranger.post(url, {"decision": "accept"}).status_code == 404
    interest.refresh_from_db()
    assert interest.status == InterestStatus.PENDING
    owner = Client()
    owner.force_login(cast.sme_member)
    owner.post(url, {"decision": "decline", "answer": "Not now"})
    interest.refresh_from_db()
    assert interest.status == InterestStatus.DECLINED
    assert interest.answer == "Not now"


def test_a_refused_answer_comes_back_as_typed(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(
        user=cast.sme_member, owner=cast.sme, partnership=cast.partnership
    )
    interest = _express(cast, opportunity)
    url = reverse("marketplace:interest_decide", args=[interest.pk])
    owner = Client()
    owner.force_login(cast.sme_member)
    answer = "Welcome aboard, " * 400  # 6,400 characters: too long
    refused = owner.post(url, {"decision": "accept", "answer": answer})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert f'value="{answer}"' in page
    assert f'aria-describedby="answer-{interest.pk}-errors"' in page
    assert "Shorten the answer to 5000 characters." in page
    interest.refresh_from_db()
    assert interest.status == InterestStatus.PENDING
    owner.post(url, {"decision": "accept", "answer": "Welcome"})
    again = owner.post(url, {"decision": "decline", "answer": "Sorry, a mistake"})
    assert again.status_code == 400  # decided already: said above the list, not lost
    assert "This expression of interest was already accepted." in again.content.decode()


def test_interest_form_on_the_page(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    client = Client()
    client.force_login(cast.outsider)
    detail = client.get(reverse("marketplace:opportunity_detail", args=[opportunity.pk]))
    assert "What does your organisation offer?" in detail.content.decode()
    bad = client.post(
        reverse("marketplace:interest_create", args=[opportunity.pk]),
        {"organisation": cast.other_sme.pk, "offer": "", "timeframe": "soon", "budget_range": "x"},
    )
    assert bad.status_code == 400
    assert not ExpressionOfInterest.objects.exists()
    good = client.post(
        reverse("marketplace:interest_create", args=[opportunity.pk]),
        {"organisation": cast.other_sme.pk, **ANSWER},
    )
    assert good.status_code == 302
    assert ExpressionOfInterest.objects.get().organisation == cast.other_sme


def test_followers_of_a_partnership_hear_of_new_opportunities(cast):  # type: ignore[no-untyped-def]
    services.set_following(user=cast.cluster_manager, partnership=cast.partnership, following=True)
    make_opportunity(user=cast.sme_member, owner=cast.sme, partnership=cast.partnership)
    make_opportunity(user=cast.outsider, owner=cast.other_sme, title="Elsewhere")
    texts = list(
        Notification.objects.filter(recipient=cast.cluster_manager).values_list("text", flat=True)
    )
    assert texts == ["New on the marketplace: Camera inspection of bottles"]


@pytest.mark.parametrize("visibility", ["partnership", "private"])
def test_an_outsider_following_the_partnership_never_hears_of_its_hidden_opportunities(  # type: ignore[no-untyped-def]
    cast, visibility
):
    """An outsider may follow a public partnership, but partnership-only and private
    opportunities are not theirs to see: neither publishing nor closing names them to them,
    while a member who follows hears of both (issue 11)."""
    services.set_following(user=cast.outsider, partnership=cast.partnership, following=True)
    services.set_following(user=cast.cluster_manager, partnership=cast.partnership, following=True)
    opportunity = make_opportunity(
        user=cast.sme_member,
        owner=cast.sme,
        partnership=cast.partnership,
        visibility=visibility,
        title="Unpublished bottling line",
    )
    services.close_opportunity(user=cast.sme_member, opportunity=opportunity, now=NOW)
    outsider_texts = Notification.objects.filter(recipient=cast.outsider).values_list(
        "text", flat=True
    )
    assert not [text for text in outsider_texts if "Unpublished bottling line" in text]
    if visibility == "partnership":  # the member may see it, so hears of it
        assert sorted(
            Notification.objects.filter(recipient=cast.cluster_manager).values_list(
                "text", flat=True
            )
        ) == [
            "Closed: Unpublished bottling line",
            "New on the marketplace: Unpublished bottling line",
        ]
