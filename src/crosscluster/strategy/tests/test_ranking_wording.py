"""The market ranking's sentences in the reader's language (strategy/wording/): the engine
writes English and, beside it, the same as codes and values; the app words those."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crosscluster.core.countries import localise_country
from crosscluster.strategy import queries, services, wording
from crosscluster.strategy.models import PriorityMarket
from crosscluster.strategy.tests.helpers import build_jis
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

ENGLISH_NAMES = ("South Korea", "United States", "Japan", "China", "India", "Germany", "France")


def ranking(cast, **options: object):  # type: ignore[no-untyped-def]
    default = queries.default_ranking_options(partnership=cast.partnership)
    return queries.get_market_ranking(partnership=cast.partnership, options=default)


def test_worded_in_english_it_is_the_engines_own_text(cast) -> None:
    """The oracle: every sentence the app words from the parts, in English, is exactly the
    sentence the engine wrote (no code, variant or number format lost on the way)."""
    result = ranking(cast)
    with translation.override("en"):
        shown = wording.ranking_for_reader(result)
    assert [market["explanation"] for market in shown["ranking"]] == [
        market["explanation"] for market in result["ranking"]
    ]
    changes, worded = result["what_would_change"], shown["what_would_change"]
    assert worded["summary"] == changes["summary"]
    assert [place["explanation"] for place in worded["holders"]] == [
        place["explanation"] for place in changes["holders"]
    ]
    assert worded["challenger"]["explanation"] == changes["challenger"]["explanation"]
    codes = {place["explanation_parts"]["code"] for place in changes["holders"]}
    assert codes <= {"holder_stays", "holder_leaves"}
    assert result["ranking"][0]["explanation"].startswith("Rank 1 of ")


def test_in_german_the_countries_and_numbers_are_the_readers(cast) -> None:
    result = ranking(cast)
    with translation.override("de"):
        shown = wording.ranking_for_reader(result)
    challenger = shown["what_would_change"]["challenger"]
    below = challenger["explanation_parts"]["below"]
    assert (
        localise_country(below["iso3"], below["name"], language="de") in (challenger["explanation"])
    )
    sentences = " ".join(
        [shown["what_would_change"]["summary"], challenger["explanation"]]
        + [place["explanation"] for place in shown["what_would_change"]["holders"]]
    )
    for name in ENGLISH_NAMES:
        assert name not in sentences, name
    assert "Südkorea" in sentences
    assert re.search(r"p_top \d,\d\d", sentences)  # the decimal comma
    # the data keeps its English names and codes
    assert shown["ranking"][0]["name"] == result["ranking"][0]["name"]
    assert shown["ranking"][0]["explanation_parts"] == result["ranking"][0]["explanation_parts"]


def test_the_ranking_page_and_api_say_what_would_change_in_german(cast) -> None:
    """Depends on the catalogues: the German sentences are filled in by the lead."""
    client = Client()
    client.login(email=cast.sme_member.email, password=PASSWORD)
    with translation.override("de"):
        page = reverse("strategy:ranking", args=[cast.partnership.slug])
    html = client.get(page).content.decode()
    section = html[html.index('id="change-heading"') :]
    section = section[: section.index("</section>")]
    assert "Südkorea" in section
    assert "South Korea" not in section
    assert "the top 4" not in section
    assert "ersten 4" in section
    body = client.get(
        f"/api/v1/strategy/{cast.partnership.slug}/markets/ranking",
        headers={"Accept-Language": "de"},
    ).json()
    assert body["ranking"][0]["explanation"].startswith("Rang 1 von ")
    assert body["ranking"][0]["explanation_parts"]["code"] == "market"


def test_a_chosen_markets_copied_rationale_is_worded_for_the_reader_until_edited(cast) -> None:  # type: ignore[no-untyped-def]
    build_jis(cast, markets=1)
    market = PriorityMarket.objects.get()
    assert market.rationale == market.ranking["explanation"]  # the English copy, as stored
    assert market.ranking["explanation_parts"]["rank"] == 1
    client = Client()
    client.force_login(cast.coordinator)
    with translation.override("de"):
        url = reverse("strategy:overview", args=[cast.partnership.slug])
        german_sentence = wording.market_explanation(market.ranking["explanation_parts"])
    assert german_sentence.startswith("Rang 1 von ")  # the catalogue's German
    german = html.unescape(client.get(url).content.decode())
    assert f'<span lang="de">{german_sentence}' in german
    assert market.rationale not in german
    with translation.override("en"):  # the German page left German active in this thread
        english = client.get(reverse("strategy:overview", args=[cast.partnership.slug]))
    assert market.rationale in html.unescape(english.content.decode())
    # a rationale the coordinator wrote stays as written
    services.update_priority_market(
        user=cast.coordinator, market=market, rank=1, rationale="Our first market."
    )
    german = html.unescape(client.get(url).content.decode())
    assert "Our first market." in german
    assert german_sentence not in german


def test_the_api_gives_a_copied_rationale_worded_in_the_requests_language(cast, token_for) -> None:  # type: ignore[no-untyped-def]
    """``rationale`` stays as stored (what a PATCH changes); ``rationale_text`` is what to
    show: the copied explanation in the request's language, or the coordinator's own text."""
    build_jis(cast, markets=1)
    market = PriorityMarket.objects.get()
    client = Client()
    headers = {"authorization": token_for(cast.coordinator)}
    base = f"/api/v1/strategy/{cast.partnership.slug}"
    german = client.get(base, headers={**headers, "accept-language": "de"}).json()
    [shown] = german["sections"]["markets"]
    assert shown["rationale"] == market.rationale  # the English copy, as stored
    assert shown["rationale_text"].startswith("Rang 1 von ")
    english = client.get(base, headers=headers).json()["sections"]["markets"][0]
    assert english["rationale_text"] == market.rationale
    patched = client.patch(
        f"{base}/markets/{market.pk}",
        {"rationale": "Unser erster Markt."},
        content_type="application/json",
        headers={**headers, "accept-language": "sv"},
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["rationale"] == patched.json()["rationale_text"] == "Unser erster Markt."


def test_the_rules_and_notes_worded_in_english_are_the_engines_own(cast) -> None:
    """The oracle for the screens, the warnings and the missing-data rule: worded from their
    codes in English, each is the engine's own sentence."""
    result = ranking(cast)
    assert result["screened_out"]
    assert result["warnings"]
    with translation.override("en"):
        shown = wording.ranking_for_reader(result)
    assert [item["reasons"] for item in shown["screened_out"]] == [
        item["reasons"] for item in result["screened_out"]
    ]
    assert shown["warnings"] == result["warnings"]
    assert shown["notes"] == result["notes"]
    assert shown["data"]["missing"] == result["data"]["missing"]
    codes = {part["code"] for item in result["screened_out"] for part in item["reason_parts"]}
    assert {"aggregate", "in_europe", "home_market"} <= codes


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_ranking_pages_rules_units_and_columns_are_the_readers(
    cast, client: Client, language: str
) -> None:
    client.force_login(cast.coordinator)
    page = html.unescape(
        client.get(
            f"/{language}" + reverse("strategy:ranking", args=[cast.partnership.slug])
        ).content.decode()
    )
    assert page.count("<tr") > 5
    for english in (
        "World Bank aggregate",
        "the programme targets markets outside Europe",
        "ranked countries",
        "Method: WSM on min-max",
        "weight vectors drawn",
        "current US$",
        "per million people",
        ">log10<",
        ">none<",
        ">p_top<",
    ):
        assert english not in page, english
    # the missing-data limit with the language's percent sign (CLDR: "25 %")
    assert "25\u00a0%" in page
