"""The alignment matrix's narrow columns in the PDF: a priority's name is hyphenated by the
rules of the document's language, never cut between two letters without a hyphen."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from crosscluster.core.taxonomy import translate_label
from crosscluster.regions import documents
from crosscluster.regions.tests.helpers import NOW
from crosscluster.regions.tests.test_exports import full
from crosscluster.strategy.tests.helpers import pdf_runs

pytestmark = pytest.mark.django_db

#: twenty EDIH sectors, as the demo's derived priorities are (five per partner region)
SECTORS = [
    "Manufacturing and processing", "Health care", "Telecommunications", "Automotive",
    "Agricultural biotechnology and food biotechnology", "Metal working and industrial production",
    "Cultural and creative economy", "Retail, wholesale or distribution", "Public administration",
    "Transport & Mobility", "Energy, fuels and petroleum engineering", "Polymers and plastics",
    "Aeronautics", "Consumer products", "Life sciences", "Construction & Assembly", "Financial",
    "Personal services", "Travel and tourism", "Maritime",
]  # fmt: skip
REGIONS = ["DE80", "ES21", "FRL0", "PT16"]
#: what WeasyPrint writes at the end of a line where it hyphenated a word
HYPHEN = "\u2010"


def twenty_columns(cast: Any) -> dict[str, Any]:
    snapshot = copy.deepcopy(full(cast))
    matrix = snapshot["matrix"]
    matrix["columns"] = [
        {"key": f"sector-{n}", "title": title, "region_code": REGIONS[n // 5],
         "region_label": "", "is_derived": True}
        for n, title in enumerate(SECTORS)
    ]  # fmt: skip
    for row in matrix["rows"]:
        row["cells"] = [
            {"priority_key": f"sector-{n}", "score": 1.0, "level": "strong", "reasons": [],
             "reason_parts": []}
            for n in range(len(SECTORS))
        ]  # fmt: skip
    return snapshot


def joined(lines: list[str]) -> str:
    """Lines as a reader joins them: a line ending in the hyphen WeasyPrint added continues its
    word on the next line; any other line ends a word."""
    text = ""
    for line in lines:
        text += line[:-1] if line.endswith(HYPHEN) else line + " "
    return text.strip()


def header_cells(runs: list[str], first_header: str) -> list[tuple[str, str]]:
    """The matrix's column headers read back from the PDF's lines: (each name, its lines
    joined, and the region code on its own line below it), after the first column's header."""
    start = next(
        end
        for begin in range(len(runs))
        if first_header.startswith(runs[begin].rstrip(HYPHEN))
        for end in range(begin + 1, begin + 6)
        if joined(runs[begin:end]) == first_header
    )
    cells, lines = [], []
    for run in runs[start:]:
        if run in REGIONS:
            cells.append((joined(lines), run))
            lines = []
            if len(cells) == len(SECTORS):
                break
        else:
            lines.append(run)
    return cells


def text_beyond_its_cell(html: str) -> list[str]:
    """The text of header cells (the matrix's among them) that sticks out of its cell once
    laid out (into the next column)."""
    from weasyprint import HTML

    sticking_out = []
    for page in HTML(string=html).render().pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            children = getattr(box, "children", [])
            if type(box).__name__ == "TableCellBox" and box.element_tag == "th":
                right = box.content_box_x() + box.width + 0.5
                inner = list(children)
                while inner:
                    child = inner.pop()
                    inner.extend(getattr(child, "children", []))
                    text = getattr(child, "text", None)
                    if text and child.position_x + child.width > right:
                        sticking_out.append(text)
            stack.extend(children)
    return sticking_out


@pytest.mark.parametrize("language", ["de", "fr", "pt"])
def test_the_matrix_headers_break_words_only_with_a_hyphen(cast, language: str) -> None:
    """Twenty columns of about 1 cm: "Telekommunikation" is set "Tele-", "kommu-", ... by the
    language's hyphenation rules, not "Telekommuni" / "kation"; and nothing sticks out of its
    cell into the next column."""
    snapshot = twenty_columns(cast)
    with translation.override(language):
        content = documents.export_pdf(snapshot, generated_at=NOW)
        html = documents.render_pdf_html(snapshot, generated_at=NOW)
        expected = [
            (f"{translate_label(title)} *", REGIONS[n // 5]) for n, title in enumerate(SECTORS)
        ]
        first_header = _("JIS technology domain")
    assert expected[2][0] != "Telecommunications *" or language == "en"  # the reader's words
    runs = pdf_runs(content)
    assert header_cells(runs, first_header) == expected
    assert any(run.endswith(HYPHEN) for run in runs)  # some names are hyphenated
    assert text_beyond_its_cell(html) == []
