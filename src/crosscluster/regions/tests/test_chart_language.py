"""The indicators chart's own text, drawn into the image (its bar labels and the axis's
numbers), is in the reader's number format, as its description already was (issue 14)."""

from __future__ import annotations

import re
from html import unescape

from django.utils import translation

from crosscluster.regions.documents import charts

ROWS = [
    {
        "region_label": "Oberbayern",
        "code": "DE21",
        "value": 1234.5,
        "year": 2021,
        "country_value": 987.25,
        "country_year": 2020,
    }
]


def drawn_texts(svg: str) -> list[str]:
    """The texts drawn in the chart (the SVG's ``<text>``), not its title and description."""
    return [
        " ".join(unescape(text).split())
        for text in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.DOTALL)
    ]


def test_the_bar_labels_and_the_axis_in_german_are_in_the_german_number_format() -> None:
    with translation.override("de"):
        texts = drawn_texts(charts.draw_indicators(ROWS).svg())
    assert "1.234,5 (2021)" in texts  # not "1,234.5 (2021)"
    assert "987,2 (2020)" in texts or "987,3 (2020)" in texts
    assert not [text for text in texts if re.search(r"\d,\d{3}\.\d", text)], texts
    assert "1.200" in texts  # the axis's numbers, grouped the German way
    assert "1200" not in texts


def test_in_english_the_labels_read_as_before() -> None:
    with translation.override("en"):
        texts = drawn_texts(charts.draw_indicators(ROWS).svg())
    assert "1,234.5 (2021)" in texts
    assert "1,200" in texts
