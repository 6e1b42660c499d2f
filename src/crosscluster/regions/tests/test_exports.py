"""The guidelines as DOCX and PDF: files are opened and read back."""

from __future__ import annotations

import copy
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.exports.registry import get_kind
from crosscluster.regions import documents, queries, services
from crosscluster.regions.tests.helpers import DISCLAIMER, FUNDING, NOW, build_guidelines
from crosscluster.strategy.tests.helpers import pdf_text
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def full(cast):  # type: ignore[no-untyped-def]
    setup = build_guidelines(cast)
    services.adopt_candidates(
        user=cast.coordinator,
        profile=setup.basque,
        keys=["sectors:manufacturing", "sectors:health-care"],
        now=NOW,
    )
    services.generate_recommendations(user=cast.coordinator, partnership=cast.partnership, now=NOW)
    return queries.build_guidelines(partnership=cast.partnership, today=NOW)


def test_docx_has_identity_headings_tables_matrix_and_disclaimer(cast) -> None:
    snapshot = full(cast)
    document = Document(io.BytesIO(documents.export_docx(snapshot, generated_at=NOW)))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0] == "S3 guidelines"
    for heading in (
        "Partner regions",
        "Regional indicators",
        "Alignment of the JIS technology domains with the S3 priorities",
        "País Vasco (ES21)",
        "Mecklenburg-Vorpommern (DE80)",
        "Funding and disclaimer",
    ):
        assert heading in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Test Digital Alliance (TDA)" in text
    assert FUNDING in text
    assert DISCLAIMER in text
    assert "Eurostat rd_e_gerdreg" in text
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    matrix = next(table for table in tables if table[0][0] == "JIS technology domain")
    # Columns: the two adopted (derived, starred) Basque priorities by their short labels,
    # named in the legend below; rows: the JIS domains.
    assert matrix[0][1:] == ["P1*\nES21", "P2*\nES21"]
    assert matrix[1] == ["Internet of Things", "1.00 strong", "—"]
    assert matrix[2] == ["Cybersecurity", "—", "—"]
    legend = next(table for table in tables if table[0][0] == "Column")
    assert legend == [
        ["Column", "S3 priority", "Region"],
        ["P1", "Manufacturing *", "País Vasco (ES21)"],
        ["P2", "Health care *", "País Vasco (ES21)"],
    ]
    indicators = next(table for table in tables if table[0][1].startswith("Business R&D"))
    basque = next(row for row in indicators if row[0].startswith("País Vasco"))
    assert basque[1].endswith("(2018)")
    priorities = next(table for table in tables if table[0][0] == "Priority")
    assert "not the official S3" in priorities[1][2]
    assert document.core_properties.title == "TDA: S3 guidelines"
    # the indicators chart as a PNG picture above the table
    assert len(document.inline_shapes) == 1
    relation = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert document.part.related_parts[relation].blob.startswith(b"\x89PNG")


def test_the_docx_in_german_words_its_frame_and_the_jis_state(cast) -> None:
    """The shared DOCX frame (the coordinator line, the closing heading) and the JIS state were
    English in every language ("Coordinated by", "Funding and disclaimer", "JIS state: draft";
    qa6, in the Portuguese export)."""
    snapshot = full(cast)
    with translation.override("de"):
        document = Document(io.BytesIO(documents.export_docx(snapshot, generated_at=NOW)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Förderung und Haftungsausschluss" in text
    assert "Koordiniert von " in text
    assert "Stand der JIS: Entwurf." in text
    for english in ("Funding and disclaimer", "Coordinated by", "draft"):
        assert english not in text


def test_pdf_has_the_text_and_an_svg_chart(cast) -> None:
    snapshot = full(cast)
    html = documents.render_pdf_html(snapshot, generated_at=NOW)
    assert "<svg" in html
    assert "País Vasco (ES21)" in html
    # each priority's tags as their labels (the column showed the snapshot's dicts)
    tagged = [p for region in snapshot["regions"] for p in region["priorities"] if p["tags"]]
    assert tagged
    for priority in tagged:
        assert f"<td>{', '.join(tag['label'] for tag in priority['tags'])}</td>" in html
    assert "{&#x27;key&#x27;" not in html
    pdf = documents.export_pdf(snapshot, generated_at=NOW)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5000
    text = pdf_text(pdf)
    assert "S3 guidelines" in text
    assert "Manufacturing" in text
    assert "Mecklenburg-Vorpommern" in text


def test_an_empty_guidelines_export_says_why(cast) -> None:
    build_guidelines(cast, with_jis=False)
    snapshot = queries.build_guidelines(partnership=cast.partnership, today=NOW)
    document = Document(io.BytesIO(documents.export_docx(snapshot, generated_at=NOW)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "The JIS has no technology domains yet" in text


def test_the_export_kind_is_registered_and_checks_readers(cast) -> None:
    build_guidelines(cast)
    kind = get_kind("regions.guidelines")
    assert kind.formats == ("pdf", "docx")
    slug = cast.partnership.slug
    assert kind.can_request(cast.sme_member, slug)
    assert not kind.can_request(cast.outsider, slug)
    assert not kind.can_request(cast.coordinator, "no-such-partnership")


def test_members_download_through_the_exports_app_and_directly(cast) -> None:
    full(cast)
    client = Client()
    client.login(email=cast.sme_member.email, password=PASSWORD)
    slug = cast.partnership.slug
    page = client.get(reverse("regions:overview", args=[slug])).content.decode()
    assert 'name="kind" value="regions.guidelines"' in page
    asked = client.post(
        reverse("exports:request"),
        {"kind": "regions.guidelines", "subject": slug, "format": "docx"},
    )
    assert asked.status_code == 302
    run_queued_tasks()
    made = client.get(asked["Location"] + "file/")
    assert made.status_code == 200
    assert "Mecklenburg-Vorpommern (DE80)" in [
        p.text for p in Document(io.BytesIO(made.content)).paragraphs
    ]
    assert made["Content-Type"] == documents.DOCX_CONTENT_TYPE
    assert 'filename="tda-s3-guidelines.docx"' in made["Content-Disposition"]
    assert Document(io.BytesIO(made.content)).core_properties.title == "TDA: S3 guidelines"


def _laid_out(html: str) -> tuple[list[str], list[str]]:
    """Once laid out: the text boxes whose right edge is beyond their page's right edge, and
    the layout of each table ("auto" or "fixed")."""
    from weasyprint import HTML

    overflowing, layouts = [], []
    for page in HTML(string=html).render().pages:
        page_right = page.width
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            stack.extend(getattr(box, "children", []))
            if box.element_tag == "table" and type(box).__name__ == "TableBox":
                layouts.append(box.style["table_layout"])
            text = getattr(box, "text", None)
            if text and box.position_x + box.width > page_right + 0.5:
                overflowing.append(text)
    return overflowing, layouts


def test_a_wide_alignment_matrix_and_long_words_fit_the_pdf_page(cast) -> None:
    """Issue 13: with every region's priorities as columns, the last regions' columns (France,
    Portugal) ran off the page. Nor may a long address, name or note push a table off it.
    Every table has fixed columns: the automatic layout measured each cell's text letter by
    letter (overflow-wrap: anywhere) and took 23-56 s of the demo's PDF (docs/benchmarks.md)."""
    snapshot = copy.deepcopy(full(cast))
    matrix = snapshot["matrix"]
    columns = matrix["columns"]
    regions = [("FRL0", "Provence-Alpes-Côte d'Azur"), ("PT11", "Norte"), ("SE22", "Sydsverige")]
    matrix["columns"] = [
        {
            **column,
            "title": f"{column['title']} and advanced manufacturing {n}",
            "region_code": code,
        }
        for code, _ in regions
        for n in range(4)
        for column in columns
    ]
    for row in matrix["rows"]:
        row["cells"] = row["cells"] * (len(matrix["columns"]) // len(row["cells"]))
    region = snapshot["regions"][0]
    region["partners"][0]["name"] = "Cluster" + "a" * 150
    region["partners"][0]["source_note"] = "https://example.eu/" + "note" * 60
    priority = next(r["priorities"][0] for r in snapshot["regions"] if r["priorities"])
    priority["source_url"] = "https://example.eu/" + "s3-strategy-" * 25 + ".pdf"
    priority["title"] = "Advanced" + "manufacturing" * 12
    html = documents.render_pdf_html(snapshot, generated_at=NOW)
    assert ">PT11<" in html  # the last region's columns, each code under its priority
    assert "s3-strategy-s3-strategy" in html
    overflowing, layouts = _laid_out(html)
    assert overflowing == []
    assert len(layouts) >= 5
    assert set(layouts) == {"fixed"}


def test_docx_in_german_has_its_headings_tables_and_matrix_words_in_german(cast) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    snapshot = full(cast)
    with translation.override("de"):
        document = Document(io.BytesIO(documents.export_docx(snapshot, generated_at=NOW)))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert "Partner regions" not in headings
    assert "S3 guidelines" not in headings
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    indicators = next(table for table in tables if "Perzentil" in table[0])
    assert indicators[0][3:6] == ["Region / Land", "Regionaler Rang in der EU-27", "Perzentil"]
    matrix = next(table for table in tables if table[1][1:] == ["1,00 stark", "—"])
    # the JIS technology domains by their EDIH names in German (they were English)
    assert [row[0] for row in matrix[1:]] == ["Internet der Dinge", "Cybersicherheit"]
    legend = next(table for table in tables if table[0][1:] == ["S3-Priorität", "Region"])
    assert [row[:2] for row in legend[1:]] == [
        ["P1", "Manufacturing *"],
        ["P2", "Gesundheitswesen *"],
    ]
    priorities = next(table for table in tables if "Zugehörige EDIH-Tags" in table[0])
    assert "Internet der Dinge, Robotik" in " ".join(
        row[1] for row in priorities[1:]
    )  # German tags
    assert document.core_properties.subject.startswith("Leitlinien für regionale Strategien")


@pytest.mark.parametrize(
    ("language", "value", "ratio"),
    [("en", "1,156.9 (2018)", "62%"), ("de", "1.156,9 (2018)", "62\u00a0%")],
)
def test_the_indicator_table_writes_figures_the_reader_s_way(
    cast, language: str, value: str, ratio: str
) -> None:  # type: ignore[no-untyped-def]
    """As the chart beside it does: 156,9 in a German document, not 156.9."""
    snapshot = copy.deepcopy(full(cast))
    indicator = snapshot["regions"][0]["indicator"]
    indicator.update(value=1156.94, year=2018, ratio_to_country=0.62)
    with translation.override(language):
        row = documents.indicator_rows(snapshot)[0]
    assert row[1] == value
    assert row[3] == ratio
