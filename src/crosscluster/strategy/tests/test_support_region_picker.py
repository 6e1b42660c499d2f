"""A support mechanism's region is picked by name among the regions of the country chosen above
it (never every country's 1,582 regions in one list), not typed as a NUTS code: without
JavaScript "List the chosen country's regions" shows the form again as typed; an existing
mechanism's region shows and saves unchanged; a region outside the country, from the page or
the API, is refused naming the field."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.directory.tests.factories import make_region
from crosscluster.strategy.forms import SupportMechanismForm
from crosscluster.strategy.models import SupportMechanism
from tests.cast import PASSWORD, Cast, make_country

pytestmark = pytest.mark.django_db

DATA = {"kind": "funding", "mechanism": "Vouchers", "authority": "Generalitat"}


@pytest.fixture
def regions(db: None) -> None:
    make_country("ES", "ESP", "Spain")
    make_country("FR", "FRA", "France")
    make_region("ES51", "Cataluña", "ES")
    make_region("FR10", "Ile-de-France", "FR")


def _coordinator(cast: Cast) -> Client:
    client = Client()
    client.login(email=cast.coordinator.email, password=PASSWORD)
    return client


def test_the_regions_listed_are_the_chosen_countrys(regions: None) -> None:
    assert "ES51" not in str(SupportMechanismForm()["region"])  # none before a country
    html = str(SupportMechanismForm({**DATA, "country": "ES"})["region"])
    assert '<option value="ES51">\u00a0\u00a0\u00a0Cataluña · ES51</option>' in html
    assert "FR10" not in html
    assert 'data-regions="/api/v1/organisations/regions"' in html
    assert 'data-regions-country="id_country"' in html


def test_a_bad_region_names_the_field(regions: None) -> None:
    bad = SupportMechanismForm({**DATA, "country": "ES", "region": "ZZ99"})
    assert not bad.is_valid()
    assert bad.errors["region"] == ["Region: choose a region from the list, or leave it empty."]
    good = SupportMechanismForm({**DATA, "country": "ES", "region": "ES51"})
    assert good.is_valid(), good.errors
    assert (good.to_input().country_code, good.to_input().region_code) == ("ES", "ES51")


def test_without_javascript_the_countrys_regions_come_with_all_typed(
    cast: Cast, regions: None
) -> None:
    client = _coordinator(cast)
    page = reverse("strategy:section", args=[cast.partnership.slug, "support"])
    listed = client.post(page, {"mechanism": "Vouchers", "country": "ES", "regions": "1"})
    assert listed.status_code == 200
    html = listed.content.decode()
    assert '<option value="ES51">\u00a0\u00a0\u00a0Cataluña · ES51</option>' in html
    assert 'value="Vouchers"' in html  # the name typed is kept
    assert 'role="alert"' not in html  # nothing checked yet ("Kind" is still empty)
    assert not SupportMechanism.objects.exists()


def test_a_region_outside_the_country_is_refused_on_the_page_and_in_the_api(
    cast: Cast, regions: None, token_for
) -> None:  # type: ignore[no-untyped-def]
    client = _coordinator(cast)
    page = reverse("strategy:section", args=[cast.partnership.slug, "support"])
    refused = client.post(page, {**DATA, "country": "FR", "region": "ES51"})
    assert refused.status_code == 200
    assert "Region: Cataluña · ES51 is not in France." in refused.content.decode()
    api = f"/api/v1/strategy/{cast.partnership.slug}/support-mechanisms"
    headers = {"HTTP_AUTHORIZATION": token_for(cast.coordinator)}
    payload = {"kind": "funding", "mechanism": "Vouchers", "country": "FR", "region": "ES51"}
    answer = client.post(api, payload, content_type="application/json", **headers)
    assert answer.status_code == 400
    assert answer.json()["errors"]["region"][0].startswith("Region: Cataluña · ES51 is not in")
    unknown = client.post(
        api, {**payload, "country": "XX"}, content_type="application/json", **headers
    )
    assert "country" in unknown.json()["errors"]
    assert not SupportMechanism.objects.exists()
    made = client.post(
        api, {**payload, "country": "ES"}, content_type="application/json", **headers
    )
    assert made.status_code == 201
    assert made.json()["region_code"] == "ES51"


def test_an_existing_region_shows_and_saves_unchanged(cast: Cast, regions: None) -> None:
    client = _coordinator(cast)
    section = reverse("strategy:section", args=[cast.partnership.slug, "support"])
    client.post(section, {**DATA, "country": "ES", "region": "ES51"})
    mechanism = SupportMechanism.objects.get()
    edit = reverse("strategy:item_edit", args=[cast.partnership.slug, "support", mechanism.pk])
    html = client.get(edit).content.decode()
    assert '<option value="ES" selected>' in html
    assert '<option value="ES51" selected>\u00a0\u00a0\u00a0Cataluña · ES51</option>' in html
    # a mechanism posted with its region but no country (an older page) keeps its region
    saved = client.post(edit, {**DATA, "mechanism": "Vouchers 2", "region": "ES51"})
    assert saved.status_code == 302
    mechanism.refresh_from_db()
    assert (mechanism.mechanism, mechanism.region_id) == ("Vouchers 2", "ES51")
