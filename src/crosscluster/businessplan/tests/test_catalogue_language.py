"""The shared funding catalogue in every language: each shipped entry's notes are translated into
the six languages (``data/funding/instruments-translations.csv``), official programme names are
used where the EU publishes them, and the page, the API and the DOCX show them to a reader of
that language; an entry edited since, or added by a partnership, reads as typed."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document

from crosscluster.businessplan import catalogue, documents, services
from crosscluster.businessplan.models import FundingInstrument
from crosscluster.businessplan.tests.helpers import NOW, build_plan
from crosscluster.businessplan.tests.test_exports import snapshot_of
from tests.cast import PASSWORD

#: the official names the EU publishes (Regulations (EU) 2021/695 and 2021/694, EUR-Lex, in
#: each language); every other shipped name is a proper noun or our description and stays
OFFICIAL_NAMES = {
    ("horizon-europe", "es"): "Horizonte Europa",
    ("horizon-europe", "de"): "Horizont Europa",
    ("horizon-europe", "it"): "Orizzonte Europa",
    ("digital-europe", "fr"): "Programme pour une Europe numérique",
    ("digital-europe", "de"): "Programm „Digitales Europa“",
}


def test_every_shipped_entry_has_its_notes_in_all_six_languages() -> None:
    entries = {entry.key: entry for entry in catalogue.read_catalogue()}
    translations = catalogue.read_translations()
    assert set(translations) == {
        (key, language) for key in entries for language in catalogue.LANGUAGES
    }  # no entry or language missing, none left over from a removed entry
    for (key, language), translation_ in translations.items():
        notes = translation_.notes.strip()
        assert notes, (key, language)
        assert notes != entries[key].notes, (key, language)  # translated, not copied
        assert notes.count("https://") == entries[key].notes.count("https://"), (key, language)
        region = translation_.region.strip()
        assert bool(region) == bool(entries[key].region), (key, language)  # where it has one
        assert region != entries[key].region or not region, (key, language)
        if language == "fr":  # a no-break space before : ; ? ! (and never a plain one)
            for text in (notes, region, translation_.programme):
                assert not re.search(r"[^\u00a0\s][:;?!](\s|$)", text), (key, text)
                assert not re.search(r" [:;?!]", text), (key, text)
    for (key, language), name in OFFICIAL_NAMES.items():
        assert translations[key, language].name == name
    named = {pair for pair, translation_ in translations.items() if translation_.name}
    assert {key for key, _language in named} == {"horizon-europe", "digital-europe"}
    programmes = {pair for pair, translation_ in translations.items() if translation_.programme}
    assert {key for key, _language in programmes} == {
        "horizon-europe", "digital-europe", "digital-europe-edih", "eic-accelerator",
    }  # fmt: skip
    assert translations["eic-accelerator", "de"].programme == (
        "Horizont Europa: Europäischer Innovationsrat"
    )


def test_a_shipped_entry_is_read_in_the_readers_language_an_edited_one_as_typed() -> None:
    horizon = next(entry for entry in catalogue.read_catalogue() if entry.key == "horizon-europe")
    fields = {"key": "horizon-europe", "name": horizon.name, "programme": horizon.programme,
              "region": "", "notes": horizon.notes, "source": catalogue.SOURCE}  # fmt: skip
    spanish = catalogue.localise(**fields, shared=True, language="es")
    assert spanish.name == "Horizonte Europa"
    assert spanish.programme == "Horizonte Europa (2021-2027)"
    assert spanish.notes.startswith("Las acciones de investigación e innovación")
    assert catalogue.localise(**fields, shared=True, language="en").name == "Horizon Europe"
    edited = catalogue.localise(**fields | {"notes": "Our own note."}, shared=True, language="es")
    assert (edited.name, edited.notes) == ("Horizonte Europa", "Our own note.")
    own = catalogue.localise(**fields, shared=False, language="es")  # a partnership's
    assert (own.name, own.notes) == (horizon.name, horizon.notes)


@pytest.mark.django_db
def test_the_catalogue_page_and_the_api_read_in_german(cast, client: Client, token_for) -> None:
    build_plan(cast)
    own = FundingInstrument.objects.get(name="Test EU grant")
    member = Client()
    member.login(email=cast.sme_member.email, password=PASSWORD)
    with translation.override("de"):
        url = reverse("businessplan:instruments", args=[cast.partnership.slug])
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", member.get(url).content.decode()))
    assert "Horizont Europa" in page
    assert "Horizont Europa: Europäischer Innovationsrat" in page  # the EIC Accelerator's programme
    assert "Programm „Digitales Europa“" in page
    assert "Forschungs- und Innovationsmaßnahmen werden mit bis zu 100" in page
    assert "Research and innovation actions are funded" not in page
    assert "Vinnova programmes" in page  # a proper noun: as the catalogue names it
    assert "Grenzregionen Spaniens und Portugals" in page  # the area POCTEP serves
    assert own.name in page  # the partnership's own: as typed

    answer = client.get(
        "/api/v1/business-plans/test-alliance/instruments",
        headers={"Authorization": token_for(cast.sme_member), "Accept-Language": "de"},
    ).json()
    horizon = next(item for item in answer if item["key"] == "horizon-europe")
    assert horizon["name"] == "Horizont Europa"
    assert horizon["notes"].startswith("Forschungs- und Innovationsmaßnahmen")
    english = client.get(
        "/api/v1/business-plans/test-alliance/instruments",
        headers={"Authorization": token_for(cast.sme_member), "Accept-Language": "en"},
    ).json()
    assert next(item for item in english if item["key"] == "horizon-europe")["name"] == (
        "Horizon Europe"
    )


@pytest.mark.django_db
def test_the_docx_names_a_programme_officially_in_the_readers_language(cast) -> None:
    built = build_plan(cast)
    horizon = FundingInstrument.objects.get(key="horizon-europe", partnership__isnull=True)
    services.save_financing(
        user=cast.coordinator,
        plan=built.plan,
        data=services.FinancingInput(built.a2.pk, 2027, Decimal(1000), horizon.pk),
    )
    with translation.override("it"):
        content = documents.export_docx(snapshot_of(cast), generated_at=NOW)
    cells = [
        cell.text
        for table in Document(io.BytesIO(content)).tables
        for row in table.rows
        for cell in row.cells
    ]
    assert "Orizzonte Europa" in cells  # the instruments table
    assert "Horizon Europe" not in cells
    assert "Vinnova programmes" in cells
