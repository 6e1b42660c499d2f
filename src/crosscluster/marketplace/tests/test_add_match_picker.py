"""A broker adds a match by picking the provider by name (never a typed id): what the picker
offers, what the page accepts, and the search without JavaScript."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from crosscluster.marketplace.forms import AddMatchForm
from crosscluster.marketplace.models import MatchSuggestion
from crosscluster.marketplace.tests.helpers import make_opportunity
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(cast: Cast):  # type: ignore[no-untyped-def]
    return make_opportunity(user=cast.sme_member, owner=cast.sme, partnership=cast.partnership)


@pytest.fixture
def broker(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.coordinator)
    return client


def test_the_picker_offers_organisations_by_name_but_not_the_owner(cast: Cast, need) -> None:  # type: ignore[no-untyped-def]
    form = AddMatchForm(opportunity=need, query="baltic")
    html = str(form["organisation"])
    assert f'value="{cast.other_cluster.slug}"' in html
    assert "Baltic Test Cluster · Germany" in html
    assert 'type="search"' in html
    assert 'name="organisation-q"' in html
    # the need's owner is never offered, whatever the words
    owner = AddMatchForm(opportunity=need, query="Vision Systems")
    assert f'value="{cast.sme.slug}"' not in str(owner["organisation"])
    assert "Nothing found" in str(owner["organisation"])


def test_a_broker_adds_the_provider_picked(cast: Cast, need, broker: Client) -> None:  # type: ignore[no-untyped-def]
    response = broker.post(
        reverse("marketplace:match_add", args=[need.pk]),
        {"organisation": cast.other_sme.slug, "note": "makes the grippers"},
    )
    assert response.status_code == 302
    match = MatchSuggestion.objects.get(opportunity=need)
    assert (match.provider_organisation, match.broker_note, match.is_pinned) == (
        cast.other_sme,
        "makes the grippers",
        True,
    )


@pytest.mark.parametrize("posted", ["owner", "unknown", "number", ""])
def test_an_organisation_not_offered_is_refused_and_nothing_is_written(  # type: ignore[no-untyped-def]
    cast: Cast, need, broker: Client, posted: str
) -> None:
    value = {
        "owner": cast.sme.slug,  # reachable only by changing the page
        "unknown": "no-such-organisation",
        "number": str(cast.other_sme.pk),  # the old id field's value
        "": "",
    }[posted]
    response = broker.post(
        reverse("marketplace:match_add", args=[need.pk]),
        {"organisation": value, "note": "Met them in Lyon"},
    )
    assert not MatchSuggestion.objects.exists()
    # the page again, the note as typed, the problem beside the provider's picker
    assert response.status_code == 400
    assert not list(get_messages(response.wsgi_request))
    [problem] = response.context["add_form"].errors["organisation"]
    assert problem.startswith("Provider:")
    assert 'value="Met them in Lyon"' in response.content.decode()


def test_only_brokers_add_even_with_a_valid_pick(cast: Cast, need) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(cast.sme_member)  # the owner's member: not a broker
    response = client.post(
        reverse("marketplace:match_add", args=[need.pk]), {"organisation": cast.other_sme.slug}
    )
    assert response.status_code == 403
    assert not MatchSuggestion.objects.exists()


def test_find_without_javascript_lists_the_matches_on_the_page(  # type: ignore[no-untyped-def]
    cast: Cast, need, broker: Client
) -> None:
    found = broker.post(
        reverse("marketplace:match_add", args=[need.pk]),
        {
            "organisation-q": "unrelated",
            "organisation-find": "1",
            "organisation": "",
            "note": "Met them in Lyon",
        },
    )
    assert found.status_code == 200  # the page again, the form as typed
    assert not MatchSuggestion.objects.exists()
    page = found.content.decode()
    assert f'type="radio" name="organisation" value="{cast.other_sme.slug}"' in page
    assert 'value="unrelated"' in page  # the words stay in the search box
    assert 'value="Met them in Lyon"' in page  # and the note typed
    assert "Provider: type a few letters" not in page  # nothing checked yet
    broker.post(
        reverse("marketplace:match_add", args=[need.pk]),
        {"organisation": cast.other_sme.slug, "note": "Met them in Lyon"},
    )
    added = MatchSuggestion.objects.get(opportunity=need)
    assert (added.provider_organisation, added.broker_note) == (cast.other_sme, "Met them in Lyon")
