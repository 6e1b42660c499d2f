"""The JIS files for a German, Italian or French reader: the contributions table's "Score" row and the
downloaded file's name are in the reader's language (docs/strategy.md, docs/languages.md)."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.strategy import documents, queries
from crosscluster.strategy.documents import jis
from crosscluster.strategy.tests.helpers import NOW, adopt, build_jis, pdf_text
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def contributions_table(content: bytes) -> list[list[str]]:
    """The DOCX's table of score contributions (headed "Indicator" in the active language)."""
    document = Document(io.BytesIO(content))
    [table] = [table for table in document.tables if table.rows[0].cells[0].text == _("Indicator")]
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.mark.parametrize(("language", "score"), [("de", "Punktzahl"), ("it", "Punteggio")])
def test_the_contributions_table_names_its_score_row_in_the_readers_language(
    cast, language: str, score: str
) -> None:
    build_jis(cast, markets=2)
    snapshot = queries.build_snapshot(
        partnership=cast.partnership, strategy=queries.get_strategy(partnership=cast.partnership)
    )
    with translation.override(language):
        rows = contributions_table(documents.export_docx(snapshot, generated_at=NOW))
        html = documents.render_pdf_html(snapshot, generated_at=NOW)
        _columns, table_rows = jis.contribution_rows(snapshot["sections"]["markets"])
    assert rows[-1][0] == score
    # the figures in the reader's number format too ("0,613", not "0.613")
    assert all(re.fullmatch(r"\d,\d{3}", value) for value in rows[-1][1:]), rows[-1]
    assert table_rows[-1][0] == score
    assert f'<tr><th scope="row">{score}</th>' in html


def test_the_score_row_in_german_is_not_english(cast) -> None:
    build_jis(cast, markets=1)
    snapshot = queries.build_snapshot(
        partnership=cast.partnership, strategy=queries.get_strategy(partnership=cast.partnership)
    )
    with translation.override("de"):
        text = pdf_text(documents.export_pdf(snapshot, generated_at=NOW))
    assert "Punktzahl" in text
    assert "Score" not in text


def download_in(client: Client, language: str, subject: str, file_format: str):  # type: ignore[no-untyped-def]
    """Ask for the JIS on the page of ``language``, let the worker make it, download it."""
    with translation.override(language):
        asked = client.post(
            reverse("exports:request"),
            {"kind": "strategy.jis", "subject": subject, "format": file_format},
        )
    assert asked.status_code == 302, asked.content.decode()
    assert asked["Location"].startswith(f"/{language}/") or language == "en"
    run_queued_tasks()
    response = client.get(asked["Location"] + "file/")
    assert response.status_code == 200
    return response


def names(response) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The ASCII ``filename`` and the UTF-8 ``filename*`` of a download."""
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    plain = disposition.split('filename="', 1)[1].split('"', 1)[0]
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    return plain, unquote(encoded)


def test_the_files_are_named_in_the_readers_language_and_stay_so(cast) -> None:
    build_jis(cast, markets=1)
    slug = cast.partnership.slug
    client = Client()
    client.login(email=cast.sme_member.email, password=PASSWORD)
    german = names(download_in(client, "de", slug, "docx"))
    assert german == (
        "TDA-gemeinsame-internationalisierungsstrategie-arbeitskopie.docx",
        "TDA-gemeinsame-internationalisierungsstrategie-arbeitskopie.docx",
    )
    adopt(cast)
    french = names(download_in(client, "fr", slug, "pdf"))
    assert french == (
        "TDA-strategie-conjointe-d-internationalisation-v1.pdf",
        "TDA-stratégie-conjointe-d-internationalisation-v1.pdf",
    )
    # the same file asked for again (made once, handed out again) keeps its name
    assert names(download_in(client, "fr", slug, "pdf")) == french
    english = names(download_in(client, "en", f"{slug}:v1", "pdf"))
    assert english == ("TDA-joint-internationalisation-strategy-v1.pdf",) * 2
