"""The contributions chart's title, axis label and the description a screen reader announces are
in the reader's language, its numbers in the language's format (docs/languages.md)."""

from __future__ import annotations

import re
from html import unescape

from django.utils import translation

from crosscluster.strategy.documents import charts

RANKING = {
    "labels": {"gdp": "GDP growth", "trade": "Trade"},
    "ranking": [
        {"iso3": "DEU", "name": "Germany", "score": 0.6134, "contributions": {"gdp": 0.4, "trade": 0.2134}},
        {"iso3": "ITA", "name": "Italy", "score": 0.5, "contributions": {"gdp": 0.25, "trade": 0.25}},
    ],
}  # fmt: skip


def texts(svg: str) -> list[str]:
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", "", text)).split())
        for text in re.findall(r"<(?:text|title|desc)\b[^>]*>(.*?)</(?:text|title|desc)>", svg)
    ]


def test_the_contributions_chart_in_german() -> None:
    with translation.override("de"):
        figure = charts.draw_contributions(charts.chart_from_ranking(RANKING))
        svg = figure.svg()
    assert figure.title == "Beiträge zur Punktzahl nach Indikator"
    assert figure.description == (
        "2 Balken; der längste ist Deutschland mit einer Punktzahl von 0,613. "
        "Dieselben Zahlen stehen in der Tabelle."
    )
    read = texts(svg)
    assert "Punktzahl (Summe der Beiträge der Indikatoren)" in read, read
    assert "0,613" in read  # the score at the bar's end
    assert not [text for text in read if re.search(r"score|contributions|bars|longest", text)]


def test_the_priority_markets_chart_in_italian() -> None:
    markets = [
        {
            "rank": 1,
            "title": "Germania",
            "ranking": {"score": 0.5, "contributions": {"gdp": 0.5}, "labels": {"gdp": "PIL"}},
        }
    ]
    with translation.override("it"):
        chart = charts.chart_from_markets(markets)
        assert chart is not None
        figure = charts.draw_contributions(chart)
    assert figure.title == "Mercati prioritari: contributi al punteggio per indicatore"
    assert figure.description.startswith("1 barra; la più lunga è 1. Germania")
    assert "0,500" in figure.description


def test_in_english_the_description_reads_as_before() -> None:
    with translation.override("en"):
        figure = charts.draw_contributions(charts.chart_from_ranking(RANKING))
    assert figure.title == "Score contributions by indicator"
    assert figure.description == (
        "2 bars; the longest is Germany with a score of 0.613. The same figures are in the table."
    )
