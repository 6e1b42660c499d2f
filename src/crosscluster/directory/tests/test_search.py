"""The directory search page: full text, facets with counts, pagination, htmx, query counts."""

from __future__ import annotations

import re

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from crosscluster.directory.models import Organisation, OrganisationKind
from crosscluster.directory.tests.factories import (
    add_members,
    make_region,
    make_vocabulary,
    organisation,
)
from tests.cast import make_country

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    """Organisation names in the result list, in order."""
    return [row.organisation.name for row in response.context["results"].rows]


def facet(response, parameter: str) -> dict[str, tuple[int, bool]]:  # type: ignore[no-untyped-def]
    """value -> (count, selected) of one facet."""
    for counts in response.context["results"].facets:
        if counts.parameter == parameter:
            return {value.value: (value.count, value.selected) for value in counts.values}
    raise AssertionError(f"no facet {parameter}")


@pytest.fixture
def directory(db: None) -> dict[str, object]:
    tags = make_vocabulary()
    france, germany = make_country(), make_country("DE", "DEU", "Germany")
    make_country("IT", "ITA", "Italy")
    bavaria = make_region("DE21", "Oberbayern", "DE")
    robotics, ai = tags["robotics"], tags["artificial-intelligence-decision-support"]
    manufacturing, health = tags["manufacturing-and-processing"], tags["health-care"]
    return {
        "tags": tags,
        "roboter": organisation(
            "Roboter Werke",
            country=germany,
            city="München",
            region=bavaria,
            description="Industrial robot arms for car plants.",
            tags={robotics: 5, manufacturing: 4, ai: 2},
        ),
        "vision": organisation(
            "Vision Lab",
            OrganisationKind.RESEARCH,
            country=germany,
            city="Berlin",
            description="Machine vision research for robotics and health.",
            tags={ai: 5, health: 3},
        ),
        "atelier": organisation(
            "Atelier Numérique",
            country=france,
            city="Lyon",
            description="Digital twins of production lines for manufacturers.",
            tags={tags["digital-twins"]: 4, manufacturing: 3},
        ),
        "agency": organisation(
            "Agence Régionale",
            OrganisationKind.PUBLIC_AUTHORITY,
            country=france,
            city="Lyon",
            description="The region's economic development agency.",
        ),
    }


def test_empty_search_lists_everything_in_name_order(directory, client: Client) -> None:
    response = client.get(reverse("directory:search"))
    assert response.status_code == 200
    assert names(response) == [
        "Agence Régionale",
        "Atelier Numérique",
        "Roboter Werke",
        "Vision Lab",
    ]
    assert response.context["results"].total == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # a word of the name, ranked first; its stem (robot*) also finds "robotics"
        ("roboter", ["Roboter Werke", "Vision Lab"]),
        ("munchen", ["Roboter Werke"]),  # the city, without its accent
        ("MÜNCHEN", ["Roboter Werke"]),  # case and accents do not matter
        ("robot", ["Roboter Werke", "Vision Lab"]),  # a prefix of "robotics", "roboter"
        ("numerique", ["Atelier Numérique"]),
        ("lyon digital", ["Atelier Numérique"]),  # every word must match
        ("the lyon", ["Agence Régionale", "Atelier Numérique"]),  # "the" is ignored
        ("submarines", []),
        # Issue 13: a city's English name finds its own name, and the other way round.
        ("Munich", ["Roboter Werke"]),
        ("robot munich", ["Roboter Werke"]),
        # Issue 13: a word's other forms ("robotics" finds "robot arms"; "Robotik" and
        # "manufacturing" their English and plural forms), the name's match ranked first.
        ("robotics", ["Roboter Werke", "Vision Lab"]),
        ("Robotik", ["Roboter Werke", "Vision Lab"]),
        ("manufacturing", ["Atelier Numérique"]),
        # Issue 13: a country's name in any of the seven languages is the country filter.
        ("robotics Germany", ["Roboter Werke", "Vision Lab"]),
        ("robotique Allemagne", ["Roboter Werke", "Vision Lab"]),
        ("Deutschland", ["Roboter Werke", "Vision Lab"]),
        ("digital Tyskland", []),
    ],
)
def test_full_text_search(directory, client: Client, query: str, expected: list[str]) -> None:
    response = client.get(reverse("directory:search"), {"q": query})
    assert names(response) == expected


def test_a_country_named_in_the_text_is_the_country_filter_shown_ticked(
    directory, client: Client
) -> None:
    response = client.get(reverse("directory:search"), {"q": "robotics Germany"})
    assert facet(response, "country")["DE"] == (2, True)
    # A country chosen in the filter wins: the word then stays a word of the text.
    chosen = client.get(reverse("directory:search"), {"q": "lyon France", "country": "FR"})
    assert names(chosen) == []  # no organisation's text says "France"


def test_text_results_rank_clusters_then_name_matches_before_the_alphabet(
    directory, client: Client
) -> None:
    organisation(
        "Zeta Cluster",
        OrganisationKind.CLUSTER,
        country=directory["roboter"].country,  # type: ignore[attr-defined]
        description="A cluster of robotics companies.",
    )
    response = client.get(reverse("directory:search"), {"q": "robot"})
    # Before: "Roboter Werke", "Vision Lab", "Zeta Cluster" (name order).
    assert names(response) == ["Zeta Cluster", "Roboter Werke", "Vision Lab"]
    browsing = client.get(reverse("directory:search"))
    assert names(browsing)[-1] == "Zeta Cluster"  # without words: name order


def test_the_partners_of_the_viewers_partnership_come_first_among_clusters(
    cast, client: Client
) -> None:
    """Signed in, a member of a partner cluster's SME finds the partners of its partnership
    before other clusters; a visitor and an outsider get the clusters in name order."""
    for name in ["Alpine Test Cluster", "Coastal Test Cluster"]:
        organisation(name, OrganisationKind.CLUSTER, country=cast.cluster.country)
    organisation("Test Robotics SME", OrganisationKind.SME, country=cast.cluster.country)
    others = ["Alpine Test Cluster", "Coastal Test Cluster"]
    ours = ["Baltic Test Cluster", "Pole Test Cluster"]
    in_name_order = ["Alpine Test Cluster", "Baltic Test Cluster", "Coastal Test Cluster"]
    visitor = names(client.get(reverse("directory:search"), {"q": "test"}))
    assert visitor[:4] == [*in_name_order, "Pole Test Cluster"]
    client.force_login(cast.outsider)  # works for an SME in no partnership
    assert names(client.get(reverse("directory:search"), {"q": "test"})) == visitor
    for user in (cast.sme_member, cast.coordinator):
        client.force_login(user)
        found = names(client.get(reverse("directory:search"), {"q": "test"}))
        assert found == [*ours, *others, "Test Robotics SME"], user
    browsing = names(client.get(reverse("directory:search")))
    assert browsing[:2] == ["Alpine Test Cluster", "Baltic Test Cluster"]  # no words: name order


def test_facets_filter_and_count_what_each_value_would_give(directory, client: Client) -> None:
    response = client.get(reverse("directory:search"), {"country": "DE"})
    assert names(response) == ["Roboter Werke", "Vision Lab"]
    # The country facet ignores its own filter: France would still give 2.
    assert facet(response, "country") == {"FR": (2, False), "DE": (2, True)}
    # The other facets count within Germany.
    assert facet(response, "type") == {"sme": (1, False), "research": (1, False)}
    assert facet(response, "technology")["robotics"] == (1, False)
    assert facet(response, "region") == {"DE21": (1, False)}


def test_values_of_one_facet_are_alternatives_and_facets_combine(directory, client: Client) -> None:
    both = client.get(reverse("directory:search") + "?country=DE&country=FR&type=sme")
    assert names(both) == ["Atelier Numérique", "Roboter Werke"]
    tags = client.get(reverse("directory:search") + "?technology=robotics&technology=digital-twins")
    assert names(tags) == ["Atelier Numérique", "Roboter Werke"]
    combined = client.get(
        reverse("directory:search"),
        {"technology": "robotics", "sector": "manufacturing-and-processing"},
    )
    assert names(combined) == ["Roboter Werke"]
    # Sector counts apply the technology filter; technology counts do not.
    assert facet(combined, "sector") == {"manufacturing-and-processing": (1, True)}
    assert facet(combined, "technology")["digital-twins"] == (1, False)


def test_text_and_facets_combine(directory, client: Client) -> None:
    response = client.get(reverse("directory:search"), {"q": "lyon", "type": "public_authority"})
    assert names(response) == ["Agence Régionale"]
    assert facet(response, "type") == {"sme": (1, False), "public_authority": (1, True)}


def test_partnership_filter_keeps_partners_and_their_clusters_members(
    cast, directory, client: Client
) -> None:
    add_members(cast.other_cluster, directory["roboter"], directory["vision"])
    response = client.get(
        reverse("directory:search"), {"partnership": cast.partnership.slug, "type": "sme"}
    )
    # SMEs: the cast's SME (member of the coordinating cluster) and Roboter Werke.
    assert names(response) == ["Roboter Werke", "Vision Systems SME"]
    everyone = client.get(reverse("directory:search"), {"partnership": cast.partnership.slug})
    # Involved: the partners, and the members of partner clusters.
    partner_ids = cast.partnership.members.values("organisation_id")
    expected = set(
        Organisation.objects.filter(
            Q(pk__in=partner_ids) | Q(clusters__cluster_id__in=partner_ids)
        ).values_list("name", flat=True)
    )
    assert set(names(everyone)) == expected
    assert "involved in Test Digital Alliance" in response.content.decode()


def test_private_partnership_cannot_be_used_to_list_its_members(cast, client: Client) -> None:
    cast.partnership.is_public = False
    cast.partnership.save()
    response = client.get(reverse("directory:search"), {"partnership": cast.partnership.slug})
    assert "No partnership &#x27;test-alliance&#x27;" in response.content.decode()
    assert response.context["filters"].partnership is None
    assert response.context["results"].total == 4  # the filter is dropped, and said so


def test_unknown_values_are_named_with_the_fix(directory, client: Client) -> None:
    response = client.get(reverse("directory:search"), {"country": "XX", "technology": "warp"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Unknown value(s) &#x27;XX&#x27;: use ISO 3166 two-letter codes such as DE." in html
    assert "technology" in response.context["errors"]
    assert response.context["results"].total == 4  # the bad filters are ignored, not guessed


def test_pages_of_25_with_numbered_links_keeping_the_query(db: None, client: Client) -> None:
    germany = make_country("DE", "DEU", "Germany")
    for number in range(60):
        organisation(f"Firm {number:02d}", country=germany, description="precision parts")
    response = client.get(reverse("directory:search"), {"q": "precision", "page": "2"})
    results = response.context["results"]
    assert (results.total, results.page_number, results.page_count) == (60, 2, 3)
    assert names(response)[0] == "Firm 25"
    assert len(names(response)) == 25
    html = response.content.decode()
    assert "page 2 of 3" in html
    assert 'href="?q=precision&amp;page=3"' in html
    assert 'aria-current="page"' in html
    beyond = client.get(reverse("directory:search"), {"q": "precision", "page": "99"})
    assert beyond.context["results"].page_number == 3
    assert names(beyond)[-1] == "Firm 59"


def test_htmx_gets_the_results_only_with_the_live_status(directory, client: Client) -> None:
    response = client.get(
        reverse("directory:search"), {"q": "lyon"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'hx-swap-oob="innerHTML:#results-status"' in html
    assert "2 organisations found" in html
    full = client.get(reverse("directory:search"), {"q": "lyon"}).content.decode()
    assert 'hx-get="/directory/"' in full
    assert 'hx-push-url="true"' in full
    assert 'id="results-status"' in full
    assert 'aria-live="polite"' in full


def test_form_works_without_javascript_and_is_labelled(directory, client: Client) -> None:
    html = client.get(reverse("directory:search"), {"country": "DE"}).content.decode()
    assert re.search(r'<form[^>]+method="get"[^>]+action="/directory/"', html)
    assert '<label for="directory-q">' in html
    assert "<legend>Country</legend>" in html
    assert '<label for="filter-country-de">' in html
    assert 'id="filter-country-de" name="country" value="DE" checked' in html
    assert '<button class="button secondary" type="submit">Apply filters</button>' in html


def test_result_rows_show_type_place_and_top_tags(directory, client: Client) -> None:
    html = client.get(reverse("directory:search"), {"q": "roboter"}).content.decode()
    assert "SME</span> · München, Germany" in html
    assert 'Robotics <span class="level">' in html
    assert "level 5 of 5" in html


def test_query_count_is_bounded_and_does_not_grow(
    directory, client: Client, django_assert_max_num_queries
) -> None:
    url = reverse("directory:search") + "?q=robot&country=DE&type=sme&technology=robotics"
    # vocabulary, country check, combos, tag counts (two: a technology filter is on), page,
    # top tags, country and region labels
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200
    tags = directory["tags"]
    germany = make_country("DE", "DEU", "Germany")
    for number in range(40):
        organisation(
            f"Robot Firm {number}",
            country=germany,
            description="robot cells",
            tags={tags["robotics"]: 3, tags["health-care"]: 2},
        )
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response.context["results"].total == 41


def test_every_filter_at_once_stays_bounded(
    cast, directory, client: Client, django_assert_max_num_queries
) -> None:
    url = (
        reverse("directory:search")
        + "?q=robot&country=DE&region=DE21&type=sme&technology=robotics"
        + f"&sector=manufacturing-and-processing&partnership={cast.partnership.slug}"
    )
    # ... plus the region check and the partnership
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200


def test_broad_text_matches_are_paged_the_same_way(directory, client: Client, monkeypatch) -> None:
    """The plan for many matches (SQLite: walk the name index) gives the same pages."""
    from crosscluster.directory.queries import search

    url = reverse("directory:search")
    normal = [names(client.get(url, {"q": "lyon", "page": p})) for p in (1, 2)]
    monkeypatch.setattr(search, "BROAD_MATCH", 0)
    monkeypatch.setattr(search, "PAGE_SIZE", 1)
    broad = [names(client.get(url, {"q": "lyon", "page": p})) for p in (1, 2)]
    assert broad == [["Agence Régionale"], ["Atelier Numérique"]]
    assert normal[0] == ["Agence Régionale", "Atelier Numérique"]


def test_text_with_a_technology_counts_each_tag_facet_its_own_way(
    directory, client: Client
) -> None:
    response = client.get(reverse("directory:search"), {"q": "robot", "technology": "robotics"})
    assert names(response) == ["Roboter Werke"]
    # Technology counts ignore the technology filter: Vision Lab (AI 5) still counts.
    assert facet(response, "technology") == {
        "artificial-intelligence-decision-support": (2, False),
        "robotics": (1, True),
    }
    # Sector counts apply it: only Roboter Werke's sector.
    assert facet(response, "sector") == {"manufacturing-and-processing": (1, False)}


def test_a_facet_count_of_one_reads_one_result(directory, client: Client) -> None:
    """Issue 13 walk: a screen reader read "1 results" after each facet value."""
    html = client.get(reverse("directory:search"), {"country": "DE"}).content.decode()
    assert '1<span class="visually-hidden"> result</span>' in html
    assert '2<span class="visually-hidden"> results</span>' in html
    assert '1<span class="visually-hidden"> results</span>' not in html
