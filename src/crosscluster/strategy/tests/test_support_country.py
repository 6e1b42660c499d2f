"""A support mechanism stores the country it serves: a national mechanism's without a region,
else its region's (filled when no country is given, refused when the region lies elsewhere), on
the page, in the API (in and out), in the JIS's DOCX and PDF, and existing rows get their
region's country from the migration."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from docx import Document

from crosscluster.directory.tests.factories import make_region
from crosscluster.strategy import documents, queries, services
from crosscluster.strategy.models import Strategy, SupportMechanism
from crosscluster.strategy.tests.helpers import NOW, pdf_text
from tests.cast import PASSWORD, Cast, make_country

pytestmark = pytest.mark.django_db

NATIONAL = {"kind": "funding", "mechanism": "Export credit", "authority": "Business Sweden"}


@pytest.fixture
def countries(db: None) -> None:
    make_country("ES", "ESP", "Spain")
    make_country("SE", "SWE", "Sweden")
    make_country("GR", "GRC", "Greece")
    make_region("ES51", "Cataluña", "ES")
    make_region("EL30", "Attiki", "EL")  # NUTS writes Greece EL


def _coordinator(cast: Cast) -> Client:
    client = Client()
    client.login(email=cast.coordinator.email, password=PASSWORD)
    return client


def _save(cast: Cast, **fields: str) -> SupportMechanism:
    return services.save_support_mechanism(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=services.SupportMechanismInput(**{"kind": "funding", **fields}),  # type: ignore[arg-type]
    )


def test_a_national_mechanism_keeps_its_country_on_the_page(cast: Cast, countries: None) -> None:
    client = _coordinator(cast)
    section = reverse("strategy:section", args=[cast.partnership.slug, "support"])
    assert client.post(section, {**NATIONAL, "country": "SE"}).status_code == 302
    mechanism = SupportMechanism.objects.get()
    assert (mechanism.country_id, mechanism.region_id) == ("SE", None)
    edit = reverse("strategy:item_edit", args=[cast.partnership.slug, "support", mechanism.pk])
    assert '<option value="SE" selected>' in client.get(edit).content.decode()
    overview = client.get(reverse("strategy:overview", args=[cast.partnership.slug]))
    row = overview.content.decode().split(f'id="support{mechanism.pk}"')[1].split("</tr>")[0]
    assert "<td>Sweden</td>" in row


def test_a_region_without_a_country_gives_its_own(cast: Cast, countries: None) -> None:
    assert _save(cast, mechanism="Vouchers", region_code="ES51").country_id == "ES"
    assert _save(cast, mechanism="Grants", region_code="EL30").country_id == "GR"
    assert _save(cast, mechanism="Advice", authority="Ministry").country_id is None


def test_the_api_takes_and_gives_the_country(cast: Cast, countries: None, token_for) -> None:  # type: ignore[no-untyped-def]
    api = f"/api/v1/strategy/{cast.partnership.slug}/support-mechanisms"
    client = Client()
    headers = {"HTTP_AUTHORIZATION": token_for(cast.coordinator)}
    made = client.post(
        api, {**NATIONAL, "country": "SE"}, content_type="application/json", **headers
    )
    assert made.status_code == 201
    assert (made.json()["country"], made.json()["country_name"]) == ("SE", "Sweden")
    item = f"{api}/{made.json()['id']}"
    # a new region without a country: the region's country
    moved = client.patch(item, {"region": "ES51"}, content_type="application/json", **headers)
    assert moved.status_code == 200
    assert (moved.json()["country"], moved.json()["region_code"]) == ("ES", "ES51")
    # a country the kept region is not in: refused naming the region, nothing written
    refused = client.patch(item, {"country": "SE"}, content_type="application/json", **headers)
    assert refused.status_code == 400
    assert refused.json()["errors"]["region"][0].startswith("Region: Cataluña · ES51 is not in")
    assert SupportMechanism.objects.get().country_id == "ES"
    read = client.get(f"/api/v1/strategy/{cast.partnership.slug}", **headers).json()
    assert [row["country"] for row in read["sections"]["support"]] == ["ES"]


def test_the_jis_documents_list_each_mechanisms_country(cast: Cast, countries: None) -> None:
    _save(cast, mechanism="Export credit", authority="Business Sweden", country_code="SE")
    _save(cast, mechanism="Vouchers", region_code="ES51")
    strategy = queries.get_strategy(partnership=cast.partnership)
    snapshot = queries.build_snapshot(partnership=cast.partnership, strategy=strategy)
    content = documents.export_docx(snapshot, generated_at=NOW, chart_png=None)
    [table] = [
        table
        for table in Document(io.BytesIO(content)).tables
        if table.rows[0].cells[0].text == "Region or authority"
    ]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][:3] == ["Region or authority", "Country", "Mechanism"]
    assert [(row[1], row[2]) for row in rows[1:]] == [
        ("Sweden", "Export credit"),
        ("Spain", "Vouchers"),
    ]
    text = " ".join(pdf_text(documents.export_pdf(snapshot, generated_at=NOW)).split())
    assert "Business Sweden Sweden Export credit" in text


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_mechanisms_their_regions_country(cast: Cast) -> None:
    make_country("GR", "GRC", "Greece")
    make_region("EL30", "Attiki", "EL")
    make_region("FR10", "Ile-de-France", "FR")
    before = [("strategy", "0004_strategytranslation")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        strategy = old.get_model("strategy", "Strategy").objects.create(
            partnership_id=cast.partnership.pk
        )
        mechanism = old.get_model("strategy", "SupportMechanism")
        for name, region in (("Greek", "EL30"), ("French", "FR10"), ("None", None)):
            mechanism.objects.create(
                strategy_id=strategy.pk,
                region_id=region,
                authority="Council",
                kind="funding",
                mechanism=name,
            )
    finally:
        # Forward again whatever happened, so that later tests find every table.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    filled = dict(
        SupportMechanism.objects.filter(strategy=Strategy.objects.get()).values_list(
            "mechanism", "country_id"
        )
    )
    assert filled == {"Greek": "GR", "French": "FR", "None": None}
