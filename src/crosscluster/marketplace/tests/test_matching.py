"""Matching integration: vectors in the background, matches with reasons, broker steering."""

from __future__ import annotations

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.marketplace import jobs, services
from crosscluster.marketplace.models import (
    ExpressionOfInterest,
    InterestStatus,
    MatchFeedback,
    MatchSuggestion,
    Opportunity,
    OpportunityKind,
    ProfileVector,
)
from crosscluster.marketplace.tests.helpers import NOW, OFFER_TEXT, make_opportunity

pytestmark = pytest.mark.django_db


def _client(user):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _need(cast, tags, **fields):  # type: ignore[no-untyped-def]
    return make_opportunity(
        user=cast.sme_member,
        owner=cast.sme,
        tags=[tags["vision"], tags["food"]],
        partnership=cast.partnership,
        **fields,
    )


def test_matches_are_computed_in_the_background_with_reasons(cast, tags, providers):  # type: ignore[no-untyped-def]
    need = _need(cast, tags)
    url = reverse("marketplace:matches", args=[need.pk])
    before = _client(cast.sme_member).get(url).content.decode()
    assert "Matches are being computed" in before
    assert not ProfileVector.objects.exists()  # nothing was embedded inside the requests

    assert jobs.run_pending(now=NOW) == 1

    page = _client(cast.sme_member).get(url).content.decode()
    assert "Matches are being computed" not in page
    assert page.index("Nordic Vision AB") < page.index("Baltic Robotics")
    rows = {m.provider_name: m for m in MatchSuggestion.objects.filter(opportunity=need)}
    assert "Pole Test Cluster" not in rows  # clusters are not providers
    assert "Vision Systems SME" not in rows  # nor is the owner itself
    best = rows["Nordic Vision AB"]
    assert best.reasons
    assert all(isinstance(reason, str) for reason in best.reasons)
    assert best.cross_border
    assert best.provider_country == "SE"
    assert not rows["Lyon Vision Lab"].cross_border


def test_vectors_are_stored_per_model_and_recomputed_when_the_text_changes(cast, tags, providers):  # type: ignore[no-untyped-def]
    need = _need(cast, tags)
    jobs.run_pending(now=NOW)
    vector = ProfileVector.objects.get(opportunity=need)
    assert vector.model_name == "hashing-256"
    values = np.frombuffer(bytes(vector.passage), dtype=np.float32)
    assert values.shape == (256,)
    assert abs(float(np.linalg.norm(values)) - 1.0) < 1e-4
    assert jobs.run_pending(now=NOW) == 0  # nothing changed, nothing to do

    later = NOW.replace(hour=10)
    changes = services.OpportunityChanges(
        description="We need robots that weld car bodies in our automotive plant.",
        given=frozenset({"description"}),
    )
    services.update_opportunity(user=cast.sme_member, opportunity=need, changes=changes, now=later)
    need.refresh_from_db()
    assert not need.matches_ready
    assert jobs.run_pending(now=later) == 1
    assert ProfileVector.objects.get(opportunity=need).text_hash != vector.text_hash


def test_filters_cross_border_and_min_score(cast, tags, providers):  # type: ignore[no-untyped-def]
    need = _need(cast, tags)
    jobs.run_pending(now=NOW)
    url = reverse("marketplace:matches", args=[need.pk])
    cross = _client(cast.sme_member).get(url, {"cross_border": "on"}).content.decode()
    assert "Nordic Vision AB" in cross
    assert "Lyon Vision Lab" not in cross
    by_country = _client(cast.sme_member).get(url, {"country": "fr"}).content.decode()
    assert "Lyon Vision Lab" in by_country
    assert "Nordic Vision AB" not in by_country
    top = max(MatchSuggestion.objects.filter(opportunity=need).values_list("score", flat=True))
    strict = _client(cast.sme_member).get(url, {"min_score": f"{top:.4f}"}).content.decode()
    assert strict.count('<li class="match') == 1
    bad = _client(cast.sme_member).get(url, {"min_score": "lots"})
    assert bad.status_code == 200
    assert "Enter a number" in bad.content.decode()


def test_an_offer_sees_the_needs_it_could_serve(cast, tags, providers):  # type: ignore[no-untyped-def]
    offer = make_opportunity(
        user=cast.outsider,
        owner=cast.other_sme,
        kind=OpportunityKind.ICT_OFFER,
        title="Vision inspection for bottling lines",
        description=OFFER_TEXT,
        tags=[tags["vision"]],
    )
    need = _need(cast, tags)
    jobs.run_pending(now=NOW)
    assert MatchSuggestion.objects.filter(opportunity=need, provider_opportunity=offer).exists()
    page = _client(cast.outsider).get(reverse("marketplace:matches", args=[offer.pk]))
    assert "Needs I could serve" in page.content.decode()
    assert "Camera inspection of bottles" in page.content.decode()


def test_publishing_an_offer_makes_the_needs_stale(cast, tags, providers):  # type: ignore[no-untyped-def]
    need = _need(cast, tags)
    jobs.run_pending(now=NOW)
    need.refresh_from_db()
    assert need.matches_ready
    make_opportunity(
        user=cast.outsider,
        owner=cast.other_sme,
        kind=OpportunityKind.ICT_OFFER,
        description=OFFER_TEXT,
        now=NOW.replace(hour=11),
    )
    need.refresh_from_db()
    assert not need.matches_ready


def test_brokers_pin_hide_and_add_matches(cast, tags, providers):  # type: ignore[no-untyped-def]
    need = _need(cast, tags)
    jobs.run_pending(now=NOW)
    welding = MatchSuggestion.objects.get(
        opportunity=need, provider_organisation=providers["welding"]
    )
    vision = MatchSuggestion.objects.get(
        opportunity=need, provider_organisation=providers["vision"]
    )
    broker = _client(cast.coordinator)
    broker.post(reverse("marketplace:match_steer", args=[welding.pk]), {"action": "pin"})
    broker.post(reverse("marketplace:match_steer", args=[vision.pk]), {"action": "hide"})
    broker.post(
        reverse("marketplace:match_add", args=[need.pk]),
        {"organisation": cast.other_cluster.slug, "note": "knows every bottler in the Baltics"},
    )
    page = _client(cast.sme_member).get(reverse("marketplace:matches", args=[need.pk])).content
    text = page.decode()
    assert text.index("Baltic Robotics") < text.index("Lyon Vision Lab")  # pinned first
    assert "Nordic Vision AB" not in text  # hidden
    assert "knows every bottler in the Baltics" in text
    # a re-run keeps the broker's choices
    services.update_opportunity(
        user=cast.sme_member,
        opportunity=need,
        changes=services.OpportunityChanges(title="Bottle inspection", given=frozenset({"title"})),
        now=NOW.replace(hour=12),
    )
    jobs.run_pending(now=NOW.replace(hour=12))
    welding.refresh_from_db()
    vision.refresh_from_db()
    assert welding.is_pinned
    assert vision.is_hidden


def test_only_brokers_steer_and_hidden_needs_stay_hidden(cast, tags, providers):  # type: ignore[no-untyped-def]
    need = _need(cast, tags)
    jobs.run_pending(now=NOW)
    match = MatchSuggestion.objects.filter(opportunity=need).first()
    assert match is not None
    steer = reverse("marketplace:match_steer", args=[match.pk])
    # the owner sees its matches but is not a broker
    assert _client(cast.sme_member).post(steer, {"action": "pin"}).status_code == 403
    assert _client(cast.cluster_manager).post(steer, {"action": "pin"}).status_code == 403
    add = reverse("marketplace:match_add", args=[need.pk])
    assert (
        _client(cast.sme_member).post(add, {"organisation": cast.other_sme.slug}).status_code == 403
    )
    # a private opportunity's matches are not even revealed to outsiders
    services.update_opportunity(
        user=cast.sme_member,
        opportunity=need,
        changes=services.OpportunityChanges(visibility="private", given=frozenset({"visibility"})),
        now=NOW,
    )
    assert _client(cast.outsider).post(steer, {"action": "pin"}).status_code == 404
    feedback = reverse("marketplace:match_feedback", args=[match.pk])
    assert _client(cast.outsider).post(feedback, {"useful": "1"}).status_code == 404
    match.refresh_from_db()
    assert not match.is_pinned
    assert not MatchFeedback.objects.exists()


def test_feedback_and_the_quality_report(cast, tags, providers):  # type: ignore[no-untyped-def]
    need = _need(cast, tags)
    jobs.run_pending(now=NOW)
    vision = MatchSuggestion.objects.get(
        opportunity=need, provider_organisation=providers["vision"]
    )
    welding = MatchSuggestion.objects.get(
        opportunity=need, provider_organisation=providers["welding"]
    )
    owner = _client(cast.sme_member)
    owner.post(reverse("marketplace:match_feedback", args=[vision.pk]), {"useful": "1"})
    owner.post(reverse("marketplace:match_feedback", args=[welding.pk]), {"useful": "0"})
    owner.post(reverse("marketplace:match_feedback", args=[welding.pk]), {"useful": "0"})
    assert MatchFeedback.objects.count() == 2
    for organisation, status in ((cast.other_sme, "accepted"), (cast.other_cluster, "declined")):
        ExpressionOfInterest.objects.create(
            opportunity=need,
            organisation=organisation,
            offer="x",
            timeframe="soon",
            budget_range="unknown",
            status=status,
        )
    ExpressionOfInterest.objects.create(
        opportunity=make_opportunity(user=cast.outsider, owner=cast.other_sme),
        organisation=cast.sme,
        offer="x",
        timeframe="soon",
        budget_range="unknown",
        status=InterestStatus.ACCEPTED,
    )  # outside the coordinator's partnership: not counted
    report = _client(cast.coordinator).get(reverse("marketplace:quality")).content.decode()
    assert "50 % (1 accepted of 2 answered" in report
    assert "50 % (1 useful of 2 marked)" in report
    assert _client(cast.sme_member).get(reverse("marketplace:quality")).status_code == 403


def test_own_and_other_offers_of_the_same_owner_are_not_suggested(cast, tags, providers):  # type: ignore[no-untyped-def]
    own_offer = make_opportunity(
        user=cast.sme_member,
        owner=cast.sme,
        kind=OpportunityKind.TECHNOLOGY_OFFER,
        title="Our own bottle inspection",
        description=OFFER_TEXT,
    )
    need = _need(cast, tags)
    jobs.run_pending(now=NOW)
    assert not MatchSuggestion.objects.filter(opportunity=need, provider_opportunity=own_offer)
    assert Opportunity.objects.count() == 2


def test_the_worker_command_runs_one_pass(cast, tags, providers):  # type: ignore[no-untyped-def]
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    need = _need(cast, tags, now=timezone.now())  # the command reads the real clock
    out = StringIO()
    call_command("run_marketplace_worker", once=True, stdout=out)
    assert "matched 1 opportunity" in out.getvalue()
    need.refresh_from_db()
    assert need.matches_ready


def test_only_brokers_may_show_hidden_matches(cast, tags, providers):  # type: ignore[no-untyped-def]
    need = _need(cast, tags)
    jobs.run_pending(now=NOW)
    vision = MatchSuggestion.objects.get(
        opportunity=need, provider_organisation=providers["vision"]
    )
    services.steer_match(user=cast.coordinator, match=vision, hidden=True)
    url = reverse("marketplace:matches", args=[need.pk])
    assert (
        "Nordic Vision AB"
        not in _client(cast.sme_member).get(url, {"hidden": "on"}).content.decode()
    )
    assert (
        "Nordic Vision AB" in _client(cast.coordinator).get(url, {"hidden": "on"}).content.decode()
    )


def test_a_cooperation_request_gets_partner_suggestions(cast, tags, providers):  # type: ignore[no-untyped-def]
    request = make_opportunity(
        user=cast.sme_member,
        owner=cast.sme,
        kind=OpportunityKind.RESEARCH_COOPERATION,
        title="R&D partner for bottle inspection",
        description="Looking for a research partner on machine vision inspection of bottles.",
    )
    jobs.run_pending(now=NOW)
    names = [m.provider_name for m in MatchSuggestion.objects.filter(opportunity=request)]
    assert "Nordic Vision AB" in names
    assert "Vision Systems SME" not in names
