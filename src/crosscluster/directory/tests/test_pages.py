"""Organisation profiles and their edit page: what is shown, who may edit, bad input."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.directory.models import DataSource, Organisation, OrganisationTag
from crosscluster.directory.tests.factories import (
    add_members,
    make_region,
    make_vocabulary,
    organisation,
)
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def edit_form(tags: dict[str, object] | None = None, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Vision Systems SME",
        "kind": "sme",
        "country": "FR",
        "nuts_region": "",
        "city": "Grenoble",
        "website": "https://vision.example.fr",
        "description": "Machine vision for quality control.",
        "size": "small",
        "management_staff": "",
    }
    data.update(tags or {})
    data.update(changes)
    return data


def test_profile_shows_every_field_tags_and_source(
    cast, client: Client, django_assert_max_num_queries
) -> None:
    tags = make_vocabulary()
    region = make_region()
    Organisation.objects.filter(pk=cast.sme.pk).update(
        city="Paris",
        nuts_region=region,
        website="https://vision.example.fr",
        description="Machine vision for quality control.",
        size="small",
        source=DataSource.EDIH,
        source_vintage="2025",
        source_reference="hub 1234",
    )
    OrganisationTag.objects.create(organisation=cast.sme, tag=tags["robotics"], level=4)
    OrganisationTag.objects.create(organisation=cast.sme, tag=tags["health-care"], level=2)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("directory:organisation", args=[cast.sme.slug]))
    html = response.content.decode()
    for text in ("Vision Systems SME", "Paris", 'Ile-de-France <span class="muted small">FR10</span>', "https://vision.example.fr",
                 "Machine vision for quality control.", "Small (10-49 staff)", "France"):  # fmt: skip
        assert text in html
    assert "<h3>Technology</h3>" in html
    assert "<h3>Sector</h3>" in html
    assert "level 4 of 5" in html
    assert "level 2 of 5" in html
    assert (
        'data-testid="source">Source: European Commission, EDIH catalogue, 2025 (hub 1234)' in html
    )
    # member of the coordinating cluster, hence in the partnership through it
    assert "Pole Test Cluster" in html
    assert "through its cluster Pole Test Cluster" in html
    assert "Edit the profile" not in html  # anonymous


def test_cluster_profile_pages_its_members_and_shows_the_badge(
    cast, client: Client, django_assert_max_num_queries
) -> None:
    add_members(cast.cluster, *(organisation(f"Member {n:03d}") for n in range(120)))
    url = reverse("directory:organisation", args=[cast.cluster.slug])
    with django_assert_max_num_queries(12):
        response = client.get(url, {"members_page": "3"})
    html = response.content.decode()
    assert 'data-testid="member-count">121<' in html
    assert response.context["members"].page_number == 3
    assert "Member 119" in html  # 50 a page, name order
    assert "Member 099" not in html
    assert 'data-testid="validation-badge">Provisional: not yet reviewed<' in html
    assert "Test Digital Alliance" in html
    assert "as a partner" in html


def test_members_see_the_edit_link_and_save(cast, client: Client) -> None:
    tags = make_vocabulary()
    client.login(email=cast.sme_member.email, password=PASSWORD)
    profile = client.get(reverse("directory:organisation", args=[cast.sme.slug])).content.decode()
    assert "Edit the profile" in profile
    url = reverse("directory:organisation_edit", args=[cast.sme.slug])
    page = client.get(url).content.decode()
    assert "<legend>Technology</legend>" in page
    robotics = f"tag_{tags['robotics'].pk}"
    response = client.post(url, edit_form({robotics: "4"}))
    assert response.status_code == 302
    cast.sme.refresh_from_db()
    assert (cast.sme.city, cast.sme.size) == ("Grenoble", "small")
    assert cast.sme.search_text == "vision systems sme grenoble machine vision for quality control."
    assert list(cast.sme.organisation_tags.values_list("tag__slug", "level")) == [("robotics", 4)]


@pytest.mark.parametrize("who", ["outsider", "cluster_manager", "coordinator"])
def test_a_member_of_another_organisation_cannot_edit_by_changing_the_slug(
    cast, client: Client, who: str
) -> None:
    client.login(email=getattr(cast, who).email, password=PASSWORD)
    url = reverse("directory:organisation_edit", args=[cast.sme.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, edit_form(name="Hijacked", description="hijacked")).status_code == 403
    cast.sme.refresh_from_db()
    assert cast.sme.name == "Vision Systems SME"
    assert cast.sme.description == ""


def test_administrators_edit_any_organisation(cast, client: Client) -> None:
    client.login(email=cast.administrator.email, password=PASSWORD)
    url = reverse("directory:organisation_edit", args=[cast.other_sme.slug])
    response = client.post(url, edit_form(name="Unrelated SME", country="DE", city="Kiel"))
    assert response.status_code == 302
    cast.other_sme.refresh_from_db()
    assert cast.other_sme.city == "Kiel"


def test_anonymous_visitors_are_sent_to_log_in(cast, client: Client) -> None:
    response = client.get(reverse("directory:organisation_edit", args=[cast.sme.slug]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unknown_organisation_is_a_404(client: Client, db: None) -> None:
    assert client.get(reverse("directory:organisation", args=["nobody"])).status_code == 404


def test_bad_input_names_the_field_and_the_fix_and_saves_nothing(cast, client: Client) -> None:
    tags = make_vocabulary()
    OrganisationTag.objects.create(organisation=cast.sme, tag=tags["health-care"], level=2)
    client.login(email=cast.sme_member.email, password=PASSWORD)
    url = reverse("directory:organisation_edit", args=[cast.sme.slug])
    response = client.post(
        url,
        edit_form(
            {f"tag_{tags['robotics'].pk}": "5"},
            website="not a website",
            description="should not stick",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert "Enter the full address starting with https://" in html
    # a country the picker does not offer (a hand-made request)
    response = client.post(url, edit_form(country="ZZ", description="should not stick"))
    assert response.status_code == 200
    assert "Choose the organisation&#x27;s country from the list." in response.content.decode()
    cast.sme.refresh_from_db()
    assert cast.sme.description == ""
    assert list(cast.sme.organisation_tags.values_list("tag__slug", flat=True)) == ["health-care"]


def test_a_level_outside_1_to_5_is_refused(cast, client: Client) -> None:
    tags = make_vocabulary()
    client.login(email=cast.sme_member.email, password=PASSWORD)
    url = reverse("directory:organisation_edit", args=[cast.sme.slug])
    response = client.post(url, edit_form({f"tag_{tags['robotics'].pk}": "7"}))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not cast.sme.organisation_tags.exists()


def test_cluster_managers_see_the_criteria_on_their_profile(cast, client: Client) -> None:
    url = reverse("directory:organisation", args=[cast.cluster.slug])
    assert "Validation of this cluster" not in client.get(url).content.decode()
    client.login(email=cast.coordinator.email, password=PASSWORD)  # manager of cast.cluster
    html = client.get(url).content.decode()
    assert "Validation of this cluster" in html
    assert "1 member organisation<br>" in html  # worded, singular (directory.wording)
    assert "Ask for a review" in html


def test_only_web_addresses_become_links(cast, client: Client) -> None:
    Organisation.objects.filter(pk=cast.sme.pk).update(website="javascript:alert(1)")
    html = client.get(reverse("directory:organisation", args=[cast.sme.slug])).content.decode()
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html  # shown as text


def test_the_country_is_picked_by_its_name_and_stored_as_its_code(cast, client: Client) -> None:
    """Not an "ISO 3166 two-letter code" box: a picker of the names in the reader's language,
    in its alphabet's order, the code the submitted value; the current country chosen."""
    from django.utils import translation

    from tests.cast import make_country

    make_country("AT", "AUT", "Austria")
    client.login(email=cast.sme_member.email, password=PASSWORD)
    url = reverse("directory:organisation_edit", args=[cast.sme.slug])
    with translation.override("de"):
        page = client.get(reverse("directory:organisation_edit", args=[cast.sme.slug]))
    page = page.content.decode()
    picker = page.split('name="country"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([A-Z]*)"[^>]*>([^<]*)</option>', picker) == [
        ("", "—"),
        ("DE", "Deutschland"),
        ("FR", "Frankreich"),
        ("AT", "Österreich"),
        ("US", "Vereinigte Staaten"),
    ]
    assert '<option value="FR" selected>' in picker
    assert "ISO" not in page
    assert client.post(url, edit_form(country="DE")).status_code == 302
    cast.sme.refresh_from_db()
    assert cast.sme.country_id == "DE"


def test_the_source_line_is_in_the_readers_language(cast) -> None:  # type: ignore[no-untyped-def]
    """qa4: "Source:" stayed English on every language's organisation page; the source's name
    was translated, the word before it not."""
    Organisation.objects.filter(pk=cast.sme.pk).update(
        source=DataSource.EDIH, source_vintage="2025", source_reference="hub 1234"
    )
    page = Client().get("/de" + reverse("directory:organisation", args=[cast.sme.slug]))
    assert (
        'data-testid="source">Quelle: Europäische Kommission, EDIH-Katalog, 2025 (hub 1234)'
        in page.content.decode()
    )
