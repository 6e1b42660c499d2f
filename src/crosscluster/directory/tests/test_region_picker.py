"""The organisation's NUTS region is picked by name from its country's regions (the code after
the name), not typed as a code; the directory's region filter reads the same way, grouped by
country; the API keeps taking codes and names the field and the fix when one is wrong."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.core.regions import readable_region_name
from crosscluster.directory.forms import OrganisationForm
from crosscluster.directory.queries import region_choices
from crosscluster.directory.tests.factories import make_region, organisation
from tests.cast import make_country

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions() -> None:
    make_country()
    make_country("DE", "DEU", "Germany")
    make_country("BG", "BGR", "Bulgaria")
    make_region("FR1", "Ile-de-France", "FR")
    make_region("FR10", "Ile-de-France", "FR")
    make_region("DE2", "Bayern", "DE")
    make_region("DE21", "Oberbayern", "DE")
    make_region("BG31", "Северозападен", "BG")


def _form(**data: str) -> OrganisationForm:
    return OrganisationForm({"name": "Robo", "kind": "sme", **data}, tags=[])


def test_the_picker_offers_the_countrys_regions_by_name_with_the_code_after(regions) -> None:
    form = OrganisationForm(initial={"country": "DE"}, tags=[])
    html = str(form["nuts_region"])
    assert "Oberbayern \u00b7 DE21</option>" in html
    assert "Ile-de-France" not in html  # another country's
    assert 'name="nuts_region"' in html
    assert "<select" in html
    # site.js lists another country's regions from the API when the country changes
    assert 'data-regions="/api/v1/organisations/regions"' in html
    assert 'data-regions-country="id_country"' in html


def test_before_a_country_is_chosen_no_region_is_listed(regions) -> None:
    html = str(OrganisationForm(tags=[])["nuts_region"])
    assert html.count("<option") == 1  # "—": the page no longer carries every region
    assert "Oberbayern" not in html


def test_without_javascript_the_register_page_lists_the_chosen_countrys_regions(
    regions, client: Client, django_user_model
) -> None:
    client.force_login(django_user_model.objects.create_user(email="new@example.eu"))
    register = reverse("directory:register")
    assert "Oberbayern" not in client.get(register).content.decode()
    page = client.post(register, {"name": "Robo", "country": "DE", "regions": "1"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Oberbayern \u00b7 DE21</option>" in html
    assert "Ile-de-France" not in html
    assert 'value="Robo"' in html  # what was typed stays
    assert 'role="alert"' not in html  # nothing checked, nothing saved


def test_without_a_country_every_countrys_regions_are_offered_grouped_by_name(regions) -> None:
    groups = [name for name, _options in region_choices()]
    assert groups == ["Bulgaria", "France", "Germany"]
    # a level-2 region sits indented under its level-1 region
    [(_name, germany)] = region_choices(country="DE")
    assert germany == (
        ("DE2", "Bayern \u00b7 DE2"),
        ("DE21", "\u00a0" * 3 + "Oberbayern \u00b7 DE21"),
    )


def test_a_name_in_another_script_is_also_given_in_latin_letters() -> None:
    assert readable_region_name("Северозападен") == "Severozapaden (Северозападен)"
    assert readable_region_name("Αττική") == "Attiki (Αττική)"
    assert readable_region_name("Île-de-France") == "Île-de-France"


def test_a_region_outside_the_chosen_country_is_refused_naming_both(regions) -> None:
    form = _form(country="FR", nuts_region="DE21")
    assert not form.is_valid()
    assert form.errors["nuts_region"] == [
        "Region: Oberbayern · DE21 is not in France. Choose one of France's regions from the "
        "list, or leave it empty."
    ]
    assert _form(country="DE", nuts_region="DE21").is_valid()
    assert _form(country="DE", nuts_region="").is_valid()


def test_an_unknown_region_is_refused_naming_the_field(regions) -> None:
    form = _form(country="DE", nuts_region="XX99")
    assert not form.is_valid()
    assert form.errors["nuts_region"] == [
        "Region: choose a region from the list, or leave it empty."
    ]


def test_the_region_filter_shows_names_grouped_by_country(regions, client: Client) -> None:
    from crosscluster.directory.models import NutsRegion

    organisation(
        "Munich Robotics",
        country=make_country("DE", "DEU", "Germany"),
        region=NutsRegion.objects.get(pk="DE21"),
    )
    organisation("Paris Vision", country=make_country(), region=NutsRegion.objects.get(pk="FR10"))
    page = client.get(reverse("directory:search")).content.decode()
    facet = page.split("<legend>Region</legend>")[1].split("</fieldset>")[0]
    assert facet.index('<p class="facet-group">France</p>') < facet.index("Ile-de-France · FR10")
    assert facet.index('<p class="facet-group">Germany</p>') < facet.index("Oberbayern · DE21")
    assert facet.index("FR10") < facet.index('<p class="facet-group">Germany</p>')


def test_the_api_names_the_field_and_the_fix_for_a_bad_code(
    cast, regions, client: Client, token_for
) -> None:
    url = f"/api/v1/organisations/{cast.sme.slug}"
    auth = {"Authorization": token_for(cast.sme_member)}
    response = client.patch(
        url, {"nuts_region": "XX99"}, content_type="application/json", headers=auth
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "nuts_region": [
            "Unknown NUTS region 'XX99': use a NUTS 2024 code such as DE21, or leave empty."
        ]
    }
    response = client.patch(
        url, {"nuts_region": "DE21"}, content_type="application/json", headers=auth
    )
    assert response.json()["errors"]["nuts_region"][0].startswith("DE21 is not in FR:")


def test_the_profile_names_its_region_readably_with_the_code_secondary(
    regions, client: Client
) -> None:
    from crosscluster.directory.models import NutsRegion

    sofia = organisation(
        "Sofia Robotics",
        country=make_country("BG", "BGR", "Bulgaria"),
        region=NutsRegion.objects.get(pk="BG31"),
    )
    page = client.get(reverse("directory:organisation", args=[sofia.slug])).content.decode()
    assert '<dd>Severozapaden (Северозападен) <span class="muted small">BG31</span></dd>' in page
