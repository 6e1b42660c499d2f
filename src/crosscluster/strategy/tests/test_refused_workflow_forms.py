"""A refused move of the strategy or decision on a proposal comes back (400) with what the
coordinator typed and the problem beside it, instead of a redirect that lost the note."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.strategy import services
from crosscluster.strategy.models import Comment, Strategy
from crosscluster.strategy.tests.helpers import NOW, build_jis

pytestmark = pytest.mark.django_db


def _url(name: str, cast, *args: object) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"strategy:{name}", args=[cast.partnership.slug, *args])


def _coordinator(cast) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(cast.coordinator)
    return client


def test_a_refused_move_keeps_the_note(cast) -> None:  # type: ignore[no-untyped-def]
    client = _coordinator(cast)
    services.move_strategy(
        user=cast.coordinator, partnership=cast.partnership, to="in_review", now=NOW
    )
    refused = client.post(
        _url("move", cast), {"to": "adopted", "note": "Adopted by the steering committee."}
    )  # nothing in the sections yet: the service refuses
    assert refused.status_code == 400
    assert Strategy.objects.get().state == "in_review"
    page = refused.content.decode()
    assert "Adopted by the steering committee.</textarea>" in page
    assert page.count("Add at least one technology domain before adopting the strategy.") == 1
    unknown = client.post(_url("move", cast), {"to": "elsewhere", "note": "Back to work."})
    assert unknown.status_code == 400
    assert unknown.context["move_form"].errors["to"] == [
        "Choose the state to move the strategy to."
    ]
    assert "Back to work.</textarea>" in unknown.content.decode()


def test_a_refused_decision_keeps_the_choice_and_the_note(cast) -> None:  # type: ignore[no-untyped-def]
    build_jis(cast, actions=1)
    proposal = services.post_comment(
        user=cast.cluster_manager,
        partnership=cast.partnership,
        section="markets",
        item_key="market:KOR",
        kind="proposal",
        body="Replace Korea by Japan.",
        now=NOW,
    )
    client = _coordinator(cast)
    decide = _url("decide", cast, proposal.pk)
    rejected = client.post(decide, {"decision": "reject", "decision_note": ""})
    assert rejected.status_code == 400
    page = rejected.content.decode()
    assert 'name="decision" value="reject" checked' in page
    assert f'aria-describedby="note-{proposal.pk}-errors"' in page
    assert rejected.context["comments"][0].decision_form.errors["decision_note"] == [
        "Say why the proposal is rejected."
    ]
    undecided = client.post(decide, {"decision_note": "Korea scores higher."})
    assert undecided.status_code == 400
    assert "Korea scores higher.</textarea>" in undecided.content.decode()
    assert undecided.context["comments"][0].decision_form.errors["decision"] == [
        "Choose whether to accept or reject the proposal."
    ]
    assert Comment.objects.get().status == "open"
    # the page's own comment form is not checked against the decision posted
    assert not undecided.context["form"].is_bound
    assert client.post(decide, {"decision": "accept"}).status_code == 302
    late = client.post(decide, {"decision": "reject", "decision_note": "Korea scores higher."})
    assert late.status_code == 400  # decided already: said above the list, not lost
    assert "This proposal was accepted already." in late.content.decode()
