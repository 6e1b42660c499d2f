"""A need's or offer's title and description in the partners' other languages (issue 14):
written by those who may edit it, on a page and through the API; readers see their language's
version marked with ``lang``, else the original with the "written in" note; matching keeps
reading the original."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.marketplace import services
from crosscluster.marketplace.models import (
    MatchSuggestion,
    Opportunity,
    OpportunityKind,
    OpportunityTranslation,
)
from crosscluster.marketplace.tests.helpers import NOW, make_opportunity
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def _need(cast: Cast) -> Opportunity:
    need = make_opportunity(user=cast.sme_member, owner=cast.sme)
    assert need.language == "en"  # detected from the English text
    return need


def test_the_owner_translates_on_the_page_and_readers_see_their_language(cast: Cast) -> None:
    need = _need(cast)
    page = f"/marketplace/{need.pk}/translations/"
    client = Client()
    client.force_login(cast.sme_member)
    assert f'href="{page}"' in client.get(f"/marketplace/{need.pk}/").content.decode()
    assert f'href="{page}sv/"' in client.get(page).content.decode()
    response = client.post(
        f"{page}de/",
        {"title": "Kamerainspektion von Flaschen", "description": "Unsere Abfülllinie braucht."},
    )
    assert response.status_code == 302
    german = Client().get(f"/de/marketplace/{need.pk}/").content.decode()
    assert '<h1 lang="de">Kamerainspektion von Flaschen</h1>' in german
    assert '<div class="description" lang="de"><p>Unsere Abfülllinie braucht.</p>' in german
    assert "Geschrieben auf" not in german
    listing = Client().get("/de/marketplace/").content.decode()  # the list too
    assert f'<h2 id="opportunity-{need.pk}" lang="de">' in listing
    assert "Kamerainspektion von Flaschen</a></h2>" in listing
    italian = Client().get(f"/it/marketplace/{need.pk}/").content.decode()
    assert '<h1 lang="en">Camera inspection of bottles</h1>' in italian
    assert '<div class="description" lang="en">' in italian
    # the matching and the search keep the original
    need.refresh_from_db()
    assert need.title == "Camera inspection of bottles"


def test_the_api_writes_and_removes_and_refuses_a_missing_title(cast: Cast, token_for) -> None:  # type: ignore[no-untyped-def]
    need = _need(cast)
    api = f"/api/v1/marketplace/opportunities/{need.pk}/translations"
    headers = {"Authorization": token_for(cast.sme_member)}
    refused = Client().put(
        f"{api}/es",
        data={"texts": {"description": "Nuestra línea."}},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 400
    assert "title" in refused.json()["errors"]
    assert not OpportunityTranslation.objects.exists()
    saved = Client().put(
        f"{api}/es",
        data={"texts": {"title": "Inspección", "description": "Nuestra línea."}},
        content_type="application/json",
        headers=headers,
    )
    assert saved.status_code == 200, saved.content
    assert [row["language"] for row in Client().get(api).json()] == ["es"]
    # the owner changes the description: the translation of it is outdated
    services.update_opportunity(
        user=cast.sme_member,
        opportunity=need,
        changes=services.OpportunityChanges(
            description="Our bottling line needs camera inspection of glass bottles and labels.",
            given=frozenset({"description"}),
        ),
        now=NOW,
    )
    assert Client().get(api).json()[0]["outdated"] == ["description"]
    assert Client().delete(f"{api}/es", headers=headers).status_code == 204
    assert not OpportunityTranslation.objects.exists()


@pytest.mark.parametrize("who", ["cluster_manager", "outsider"])
def test_only_its_editors_translate(cast: Cast, who: str, token_for) -> None:  # type: ignore[no-untyped-def]
    need = _need(cast)
    client = Client()
    client.force_login(getattr(cast, who))
    page = f"/marketplace/{need.pk}/translations/"
    assert client.get(page).status_code == 403
    assert client.post(f"{page}fr/", {"title": "x", "description": ""}).status_code == 403
    api = f"/api/v1/marketplace/opportunities/{need.pk}/translations"
    headers = {"Authorization": token_for(getattr(cast, who))}
    response = Client().put(
        f"{api}/fr",
        data={"texts": {"title": "x"}},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
    assert Client().delete(f"{api}/fr", headers=headers).status_code == 403
    assert not OpportunityTranslation.objects.exists()


def test_a_needs_matches_and_an_offers_served_needs_show_the_readers_translation(
    cast: Cast,
) -> None:
    need = _need(cast)
    offer = make_opportunity(
        user=cast.outsider,
        owner=cast.other_sme,
        kind=OpportunityKind.ICT_OFFER,
        title="Vision inspection for bottling lines",
        description="We build camera inspection for bottling lines.",
    )
    MatchSuggestion.objects.create(
        opportunity=need, provider_opportunity=offer, score=0.8, computed_at=NOW
    )
    services.translate_opportunity(
        user=cast.outsider, opportunity=offer, language="de", texts={"title": "Sichtprüfung"}
    )
    services.translate_opportunity(
        user=cast.sme_member, opportunity=need, language="de", texts={"title": "Kameraprüfung"}
    )
    owner = Client()
    owner.force_login(cast.sme_member)
    german = owner.get(f"/de/marketplace/{need.pk}/matches/").content.decode()
    assert f'href="/de/marketplace/{offer.pk}/" lang="de">Sichtprüfung</a>' in german
    italian = owner.get(f"/it/marketplace/{need.pk}/matches/").content.decode()
    assert (
        f'href="/it/marketplace/{offer.pk}/" lang="en">Vision inspection for bottling lines</a>'
        in italian
    )
    provider = Client()
    provider.force_login(cast.outsider)
    served = provider.get(f"/de/marketplace/{offer.pk}/matches/").content.decode()
    assert f'href="/de/marketplace/{need.pk}/" lang="de">Kameraprüfung</a>' in served
