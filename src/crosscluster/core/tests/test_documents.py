"""Charts drawn once: the same figure as an accessible inline SVG and as a PNG."""

from __future__ import annotations

import re

from crosscluster.core.documents.charts import ChartFigure, finish, new_figure, style_axes


def chart(chart_id: str) -> ChartFigure:
    figure = new_figure(width=4, height=2)
    axes = figure.add_subplot()
    axes.barh(["Korea", "Japan"], [0.6, 0.5], color="#0072B2", label="Score")
    axes.set_title("Scores & <ranks>")
    axes.legend()
    style_axes(axes)
    return ChartFigure(
        figure=finish(figure),
        chart_id=chart_id,
        title="Scores & <ranks>",
        description="Korea 0.6; Japan 0.5.",
        css_class="plan-chart",
    )


def test_the_svg_is_an_accessible_inline_image_without_inline_styles() -> None:
    svg = chart("scores-chart").svg()
    assert svg.startswith("<svg")
    assert 'class="plan-chart" role="img"' in svg
    assert 'aria-labelledby="scores-chart-title scores-chart-description"' in svg
    assert '<title id="scores-chart-title">Scores &amp; &lt;ranks&gt;</title>' in svg
    assert '<desc id="scores-chart-description">Korea 0.6; Japan 0.5.</desc>' in svg
    assert ">Korea</text>" in svg  # text stays text
    assert 'fill="#0072b2"' in svg.lower()  # colours as presentation attributes
    for absent in ("style=", "<style", "<metadata", "<?xml", "DOCTYPE"):
        assert absent not in svg


def test_two_charts_on_a_page_share_no_id() -> None:
    ids = re.findall(r' id="([^"]+)"', chart("first").svg() + chart("second").svg())
    assert len(ids) == len(set(ids))


def test_the_same_figure_is_a_png() -> None:
    assert chart("scores-chart").png().startswith(b"\x89PNG")
