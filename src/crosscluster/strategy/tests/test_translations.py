"""The strategy's texts in the partners' other languages (issue 14): its coordinators translate
the working copy on a page and through the API; a reader sees a text in their language only
where it is the original it was translated from (an adopted version never shows the
translation of a newer draft), else as written, with the "written in" note."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.strategy import services
from crosscluster.strategy.models import JointOffering, Strategy, StrategyTranslation
from crosscluster.strategy.tests.helpers import NOW, adopt, build_jis
from tests.cast import Cast

pytestmark = pytest.mark.django_db

PAGE = "/strategy/test-alliance/translations/"
API = "/api/v1/strategy/test-alliance/translations"


def _strategy(cast: Cast) -> tuple[Strategy, JointOffering]:
    strategy = build_jis(cast, offerings=1, initiatives=1, mechanisms=1, actions=1, markets=1)
    strategy.language = "en"
    strategy.save()
    return strategy, JointOffering.objects.get(strategy=strategy)


def test_a_coordinator_translates_and_the_adopted_version_shows_only_what_it_holds(
    cast: Cast,
) -> None:
    _strategy_row, offering = _strategy(cast)
    key = f"offering:{offering.pk}"
    client = Client()
    client.force_login(cast.coordinator)
    assert f'href="{PAGE}"' in client.get("/strategy/test-alliance/").content.decode()
    form = client.get(f"{PAGE}de/").content.decode()
    assert f'name="{key}.description"' in form
    assert "Sensors, edge analytics" in form  # the original beside its text area
    response = client.post(
        f"{PAGE}de/",
        {
            "title": "Gemeinsame Internationalisierungsstrategie",
            "summary": "Die Angebote der Partner auf vier Märkte bringen.",
            f"{key}.title": "Nachrüstsatz",
            f"{key}.description": "Sensoren und Wartung für KMU.",
        },
    )
    assert response.status_code == 302
    adopt(cast)
    german = Client().get("/de/strategy/test-alliance/").content.decode()  # the public
    assert '<h1 lang="de">Gemeinsame Internationalisierungsstrategie</h1>' in german
    assert '<span lang="de">Nachrüstsatz</span>' in german
    assert '<div lang="de"><p>Sensoren und Wartung für KMU.</p></div>' in german
    assert "Geschrieben auf" in german  # the initiatives, the roadmap ... are as written
    # a new revision changes the description and its translation: the adopted version keeps
    # its own description, in English, and never shows the draft's German
    services.move_strategy(user=cast.coordinator, partnership=cast.partnership, to="draft", now=NOW)
    services.save_offering(
        user=cast.coordinator,
        partnership=cast.partnership,
        offering=offering,
        data=services.OfferingInput(
            kind="both", title="Smart factory retrofit kit 1", description="A new draft text."
        ),
    )
    services.translate_strategy(
        user=cast.coordinator,
        partnership=cast.partnership,
        language="de",
        texts={f"{key}.title": "Nachrüstsatz", f"{key}.description": "Ein neuer Entwurf."},
    )
    german = Client().get("/de/strategy/test-alliance/").content.decode()
    assert "Ein neuer Entwurf." not in german
    assert '<div lang="en"><p>Sensors, edge analytics' in german
    assert '<span lang="de">Nachrüstsatz</span>' in german  # the title did not change
    member = Client()
    member.force_login(cast.sme_member)
    working = member.get("/de/strategy/test-alliance/").content.decode()
    assert '<div lang="de"><p>Ein neuer Entwurf.</p></div>' in working


def test_the_api_lists_for_members_and_writes_for_coordinators(cast: Cast, token_for) -> None:  # type: ignore[no-untyped-def]
    _strategy_row, offering = _strategy(cast)
    key = f"offering:{offering.pk}"
    headers = {"Authorization": token_for(cast.coordinator)}
    refused = Client().put(
        f"{API}/fr",
        data={"texts": {"offering:999999.title": "Inconnu"}},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 400
    assert "offering:999999.title" in refused.json()["errors"]
    saved = Client().put(
        f"{API}/fr",
        data={"texts": {f"{key}.title": "Kit de modernisation"}},
        content_type="application/json",
        headers=headers,
    )
    assert saved.status_code == 200, saved.content
    member_headers = {"Authorization": token_for(cast.sme_member)}
    listed = Client().get(API, headers=member_headers).json()
    assert listed[0]["texts"] == {f"{key}.title": "Kit de modernisation"}
    assert Client().get(API).status_code == 404  # a draft's translation is not public
    forbidden = Client().put(
        f"{API}/fr",
        data={"texts": {f"{key}.title": "x"}},
        content_type="application/json",
        headers=member_headers,
    )
    assert forbidden.status_code == 403
    assert Client().delete(f"{API}/fr", headers=member_headers).status_code == 403
    assert Client().delete(f"{API}/fr", headers=headers).status_code == 204
    assert not StrategyTranslation.objects.exists()


@pytest.mark.parametrize("who", ["sme_member", "outsider"])
def test_only_coordinators_reach_the_page(cast: Cast, who: str) -> None:
    _strategy(cast)
    client = Client()
    client.force_login(getattr(cast, who))
    assert client.get(PAGE).status_code in {403, 404}
    assert client.post(f"{PAGE}fr/", {"title": "x"}).status_code in {403, 404}
    assert not StrategyTranslation.objects.exists()


def test_the_jis_exports_carry_the_translation_and_are_made_again_when_it_changes(
    cast: Cast,
) -> None:
    import io

    from docx import Document

    from crosscluster.strategy.tests.helpers import pdf_text
    from crosscluster.strategy.tests.test_country_names import ask

    _strategy_row, offering = _strategy(cast)
    key = f"offering:{offering.pk}"
    services.translate_strategy(
        user=cast.coordinator,
        partnership=cast.partnership,
        language="de",
        texts={"title": "Gemeinsame Strategie", f"{key}.title": "Nachrüstsatz"},
    )
    client = Client()
    client.force_login(cast.sme_member)
    document = Document(io.BytesIO(ask(client, "de", "test-alliance", "docx")))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Gemeinsame Strategie" in text
    cells = " ".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Nachrüstsatz" in text + cells
    first = pdf_text(ask(client, "de", "test-alliance", "pdf"))
    assert "Gemeinsame Strategie" in first
    english = pdf_text(ask(client, "en", "test-alliance", "pdf"))
    assert "Gemeinsame Strategie" not in english  # the original for an English reader
    # a changed translation is not served from the file made before
    services.translate_strategy(
        user=cast.coordinator,
        partnership=cast.partnership,
        language="de",
        texts={"title": "Unsere gemeinsame Strategie", f"{key}.title": "Nachrüstsatz"},
    )
    again = pdf_text(ask(client, "de", "test-alliance", "pdf"))
    assert "Unsere gemeinsame Strategie" in again
