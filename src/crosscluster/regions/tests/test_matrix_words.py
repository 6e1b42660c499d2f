"""The alignment matrix's narrow columns in the PDF: short labels ("P1") at a readable size,
a legend naming each priority in the reader's language, the rows (the JIS technology domains)
in the reader's language too."""

from __future__ import annotations

import copy
import re
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


def laid_out_matrix(html: str) -> dict[str, Any]:
    """The matrix once laid out by WeasyPrint: its header cells' texts and font sizes (pt),
    its rows' first cells' texts, the legend's font size, and any text of a table's cell that
    sticks out of it (into the next column)."""
    from weasyprint import HTML

    found: dict[str, Any] = {"headers": [], "sizes": set(), "rows": [], "sticking_out": []}
    for page in HTML(string=html).render().pages:
        # each box with whether it is inside the matrix's table, and inside its head
        stack: list[tuple[Any, bool, bool]] = [(page._page_box, False, False)]
        while stack:
            box, in_matrix, in_head = stack.pop()
            classes = (box.element.get("class") or "") if box.element is not None else ""
            in_matrix = in_matrix or (box.element_tag == "table" and "matrix" in classes)
            in_head = in_head or box.element_tag == "thead"
            children = list(getattr(box, "children", []))
            stack.extend((child, in_matrix, in_head) for child in reversed(children))
            if box.element_tag == "ul" and "legend" in classes:
                found["legend_size"] = box.style["font_size"] * 0.75  # px to pt
            if type(box).__name__ != "TableCellBox":
                continue
            if in_matrix and in_head:
                found["headers"].append(" ".join(_texts(box)))
                found["sizes"].add(box.style["font_size"] * 0.75)
            elif in_matrix and box.element_tag == "th":
                found["rows"].append(" ".join(_texts(box)))
            right = box.content_box_x() + box.width + 0.5
            found["sticking_out"] += [
                child.text for child in _text_boxes(box) if child.position_x + child.width > right
            ]
    return found


def _text_boxes(box: Any) -> list[Any]:
    boxes, stack = [], list(getattr(box, "children", []))
    while stack:
        child = stack.pop(0)
        if getattr(child, "text", None):
            boxes.append(child)
        stack[:0] = list(getattr(child, "children", []))
    return boxes


def _texts(box: Any) -> list[str]:
    return [child.text for child in _text_boxes(box)]


@pytest.mark.parametrize("language", ["en", "de", "fr", "pt"])
def test_the_matrix_heads_its_columns_with_short_labels_named_in_a_readable_legend(
    cast, language: str
) -> None:
    """Twenty columns of about 1 cm: each is headed by its short label ("P1*", derived) under
    its region's code, at 7 pt or more (the priorities' names were 5.5 pt to fit in French);
    the legend below gives each label the priority's name in the reader's language, and the
    rows (the JIS technology domains) are named in it too. Nothing sticks out of its cell."""
    snapshot = twenty_columns(cast)
    with translation.override(language):
        content = documents.export_pdf(snapshot, generated_at=NOW)
        html = documents.render_pdf_html(snapshot, generated_at=NOW)
        names = [translate_label(title) for title in SECTORS]
        domains = [translate_label(row["label"]) for row in snapshot["matrix"]["rows"]]
        first_header = _("JIS technology domain")
    if language != "en":  # the reader's words
        assert names[2] != "Telecommunications"
        assert domains[0] != "Internet of Things"
    matrix = laid_out_matrix(html)
    assert matrix["headers"] == [
        first_header,
        *REGIONS,
        *(f"P{number}*" for number in range(1, 21)),
    ]
    assert min(matrix["sizes"]) >= 7
    assert matrix["legend_size"] >= 7
    assert matrix["rows"] == domains
    assert matrix["sticking_out"] == []
    text = re.sub(r"\s+", " ", " ".join(pdf_runs(content)))
    for number, name in enumerate(names, start=1):
        assert f"P{number} {name} * ({REGIONS[(number - 1) // 5]})" in text
