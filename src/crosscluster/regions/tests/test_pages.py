"""The guidelines pages: what they show and the coordinator's forms (with and without htmx)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crosscluster.regions import services
from crosscluster.regions.models import PartnerRegion, Recommendation, S3Priority
from crosscluster.regions.tests.helpers import NOW, build_guidelines
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def login(cast, who: str = "coordinator") -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.login(email=getattr(cast, who).email, password=PASSWORD)
    return client


def test_the_overview_shows_regions_matrix_and_recommendations(cast) -> None:
    setup = build_guidelines(cast)
    services.adopt_candidates(
        user=cast.coordinator, profile=setup.basque, keys=["sectors:manufacturing"], now=NOW
    )
    services.generate_recommendations(user=cast.coordinator, partnership=cast.partnership, now=NOW)
    page = login(cast, "sme_member").get(reverse("regions:overview", args=[cast.partnership.slug]))
    html = page.content.decode()
    assert "País Vasco (ES21)" in html
    assert "Mecklenburg-Vorpommern (DE80)" in html
    assert 'class="level-strong"' in html
    assert "Shares the EDIH tag" in html
    assert "Push" in html
    assert "Manufacturing" in html
    assert "<svg" in html
    assert "Eurostat rd_e_gerdreg" in html
    assert "Generate the recommendations" not in html  # members read only
    assert "generated 20/11/2026." in html  # the reader's short date, not the stored ISO text
    with translation.override("de"):
        german = reverse("regions:overview", args=[cast.partnership.slug])
    assert "20.11.2026" in login(cast, "sme_member").get(german).content.decode()


def test_without_jis_domains_the_matrix_says_why(cast) -> None:
    build_guidelines(cast, with_jis=False)
    html = (
        login(cast).get(reverse("regions:overview", args=[cast.partnership.slug])).content.decode()
    )
    assert 'id="matrix-empty"' in html
    assert "no technology domains yet" in html


def test_the_region_page_labels_candidates_and_cites_its_data(cast) -> None:
    setup = build_guidelines(cast)
    html = (
        login(cast)
        .get(reverse("regions:region", args=[cast.partnership.slug, setup.basque.pk]))
        .content.decode()
    )
    assert "Derived from the EDIH catalogue, not the official S3." in html
    assert 'value="sectors:manufacturing"' in html
    assert "EDIH catalogue, April 2025" in html
    assert "rank " in html
    assert "EU-27 regions with a 2018 value" in html
    assert "crosscluster directory" in html
    assert not re.search(r"crosscluster directory, \d{4}-\d\d-\d\d", html)  # the reader's date
    german = login(cast).get(
        reverse("regions:region", args=[cast.partnership.slug, setup.german.pk])
    )
    assert "No digital innovation hub" in german.content.decode()
    with translation.override("de"):
        address = reverse("regions:region", args=[cast.partnership.slug, setup.basque.pk])
    in_german = login(cast).get(address).content.decode()
    assert re.search(r"crosscluster-Verzeichnis, \d\d\.\d\d\.\d{4}", in_german)
    assert "Quelle:" in in_german


def test_a_coordinator_adds_a_priority_with_htmx_and_sees_errors_without_writes(cast) -> None:
    setup = build_guidelines(cast)
    client = login(cast)
    address = reverse("regions:region", args=[cast.partnership.slug, setup.basque.pk])
    bad = client.post(
        address, {"title": "Energy", "source_url": "https://e.eu/s3"}, HTTP_HX_REQUEST="true"
    )
    assert bad.status_code == 200  # htmx swaps the form with its errors
    assert "Give the vintage of the source" in bad.content.decode()
    plain = client.post(address, {"title": "Energy", "source_url": "https://e.eu/s3"})
    assert plain.status_code == 400
    assert "Give the vintage of the source" in plain.content.decode()
    assert S3Priority.objects.count() == 0
    good = client.post(
        address,
        {
            "title": "Energy",
            "tags": ["technologies:internet-of-things"],
            "source_url": "https://e.eu/s3",
            "source_vintage": "S3 2021-2027",
        },
        HTTP_HX_REQUEST="true",
    )
    html = good.content.decode()
    assert good.status_code == 200
    assert html.startswith('<div id="priorities-body">')
    assert "Energy" in html
    assert "Added." in html
    assert S3Priority.objects.get().title == "Energy"


def test_a_coordinator_adopts_edits_and_removes_through_the_pages(cast) -> None:
    setup = build_guidelines(cast)
    client = login(cast)
    slug = cast.partnership.slug
    response = client.post(
        reverse("regions:adopt", args=[slug, setup.basque.pk]), {"key": ["sectors:health-care"]}
    )
    assert response.status_code == 302
    priority = S3Priority.objects.get()
    assert priority.is_derived
    edited = client.post(
        reverse("regions:priority_edit", args=[slug, priority.pk]),
        {"title": "Health and life sciences", "tags": ["sectors:health-care"]},
    )
    assert edited.status_code == 302
    priority.refresh_from_db()
    assert priority.title == "Health and life sciences"
    assert priority.is_edited

    client.post(reverse("regions:generate", args=[slug]))
    recommendation = Recommendation.objects.filter(profile=setup.basque).first()
    assert (
        client.post(
            reverse("regions:recommendation_edit", args=[slug, recommendation.pk]),
            {"title": "Our title", "body": "Our advice."},
        ).status_code
        == 302
    )
    recommendation.refresh_from_db()
    assert recommendation.is_edited
    assert recommendation.body == "Our advice."
    assert (
        client.post(
            reverse("regions:recommendation_delete", args=[slug, recommendation.pk])
        ).status_code
        == 302
    )
    assert not Recommendation.objects.filter(pk=recommendation.pk).exists()
    assert (
        client.post(reverse("regions:priority_delete", args=[slug, priority.pk])).status_code == 302
    )
    assert S3Priority.objects.count() == 0


def test_a_coordinator_sets_and_clears_a_partners_region(cast) -> None:
    build_guidelines(cast)
    client = login(cast)
    address = reverse("regions:partner_region", args=[cast.partnership.slug])
    # the region is picked by name from the NUTS-2 regions, grouped by country (no typed code)
    page = client.get(reverse("regions:overview", args=[cast.partnership.slug])).content.decode()
    assert re.search(
        rf'<select id="(region|move)-{cast.other_cluster.pk}" name="region" required>', page
    )
    assert '<option value="PT19">' in page
    assert 'size="5" maxlength="5"' not in page
    client.post(address, {"organisation": cast.other_cluster.pk, "region": "PT19"})
    assert PartnerRegion.objects.get(organisation=cast.other_cluster).profile.region_id == "PT19"
    response = client.post(address, {"organisation": cast.other_cluster.pk, "region": "XX"})
    assert response.status_code == 400  # the overview again (tests/test_refused_forms.py)
    assert "Choose the partner&#x27;s region from the list." in response.content.decode()
    client.post(
        address, {"organisation": cast.other_cluster.pk, "region": "PT19", "action": "clear"}
    )
    assert not PartnerRegion.objects.filter(organisation=cast.other_cluster).exists()
    client.post(reverse("regions:from_directory", args=[cast.partnership.slug]))
    assert PartnerRegion.objects.get(organisation=cast.other_cluster).profile.region_id == "DE80"


def test_the_recommendation_page_names_its_rule_and_facts_without_raw_keys(cast) -> None:
    """Issue 13: "Rule aligned:priority:1" and a dump of the facts' field names were on screen."""
    setup = build_guidelines(cast)
    services.adopt_candidates(
        user=cast.coordinator, profile=setup.basque, keys=["sectors:manufacturing"], now=NOW
    )
    services.generate_recommendations(user=cast.coordinator, partnership=cast.partnership, now=NOW)
    recommendation = Recommendation.objects.filter(rule__startswith="aligned:").first()
    assert recommendation is not None
    assert "priority_is_derived" in recommendation.facts
    address = reverse(
        "regions:recommendation_edit", args=[cast.partnership.slug, recommendation.pk]
    )
    html = login(cast).get(address).content.decode()
    assert "JIS domains aligned with an S3 priority" in html
    assert "<dt>Derived from the EDIH catalogue</dt><dd>yes</dd>" in html
    for raw in (recommendation.rule, "priority_is_derived", "shared_tags", "['"):
        assert raw not in html, raw


def test_a_prioritys_tags_are_checkboxes_grouped_by_facet(cast) -> None:
    """Not a native multi-select list (ctrl-click, unusable on a phone): checkboxes under their
    facet's name, the priority's own tags ticked."""
    setup = build_guidelines(cast)
    services.adopt_candidates(
        user=cast.coordinator, profile=setup.basque, keys=["sectors:manufacturing"], now=NOW
    )
    priority = S3Priority.objects.get()
    page = login(cast).get(
        reverse("regions:priority_edit", args=[cast.partnership.slug, priority.pk])
    )
    html = page.content.decode()
    assert "<select" not in html.split('name="tags"')[0].rsplit("<form", 1)[-1]
    assert '<div id="id_tags" class="check-group">' in html
    assert "<legend>Related EDIH tags</legend>" in html
    assert "<label>Sector</label>" in html
    assert "<label>Technology</label>" in html
    assert re.search(
        r'<input type="checkbox" name="tags" value="sectors:manufacturing" id="id_tags_\d+_\d+" '
        r"checked>\s*Manufacturing</label>",
        html,
    )


def test_the_overview_in_german_keeps_nouns_capitalised_and_names_tags(cast) -> None:  # type: ignore[no-untyped-def]
    """qa4: a partner's region source read "(von einem koordinator festgelegt)" (``|lower``
    wrote the German noun in lower case), and the alignment matrix named the JIS's technology
    domains by their English tag labels in every language."""
    from django.utils import translation

    from crosscluster.core.taxonomy import translate_label
    from crosscluster.regions.tests.helpers import priority_input

    setup = build_guidelines(cast)
    services.save_priority(
        user=cast.coordinator, profile=setup.basque, data=priority_input(), now=NOW
    )
    with translation.override("de"):
        url = reverse("regions:overview", args=[cast.partnership.slug])
    html = login(cast).get(url).content.decode()
    assert "(von einem Koordinator festgelegt" in html
    assert "koordinator festgelegt" not in html
    label = setup.tags["iot"].label
    german = translate_label(label, facet="technologies", language="de")
    assert german != label
    matrix = html.split('class="compact matrix"')[1].split("</table>")[0]
    assert f'<th scope="row">{german}</th>' in matrix
    assert f'<th scope="row">{label}</th>' not in matrix


@pytest.mark.parametrize("language", ["de", "it"])
def test_the_region_pages_candidates_and_hidden_labels_are_in_the_readers_language(
    cast, language: str
) -> None:  # type: ignore[no-untyped-def]
    """qa5: each candidate's sentence ("19 of the 28 tagged hubs ...") was English in every
    language, and the hidden text of the Edit/Remove links named EDIH tags in English."""
    from django.utils import translation

    from crosscluster.core.taxonomy import translate_label

    setup = build_guidelines(cast)
    client = login(cast)
    with translation.override(language):
        url = reverse("regions:region", args=[cast.partnership.slug, setup.basque.pk])
    slug = cast.partnership.slug
    client.post(
        reverse("regions:adopt", args=[slug, setup.basque.pk]), {"key": ["sectors:health-care"]}
    )
    adopted = S3Priority.objects.get().title
    html = client.get(url).content.decode()
    local = translate_label(adopted, facet="sectors", language=language)
    assert local != adopted
    assert f'<span class="visually-hidden"> {local}</span>' in html
    assert f'<span class="visually-hidden"> {adopted}</span>' not in html
    candidates = html.split('id="candidates-heading"')[1].split("</section>")[0]
    assert "tagged digital innovation hubs in" not in candidates
    assert "The technologies they declare most" not in candidates
    assert "not the official S3." not in candidates
    assert f"<strong>{local}</strong>" in candidates
    assert adopted not in candidates
