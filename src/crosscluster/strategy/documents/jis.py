"""The JIS as DOCX (python-docx) and PDF (WeasyPrint), from a snapshot (working copy or version).
The DOCX building blocks are ``crosscluster.core.documents.docx``'s.

Both carry the partnership's identity (name, acronym, coordinator), every section with real
headings, tables for markets, actions and KPIs, the chart of the priority markets' score
contributions (SVG in the PDF; PNG through matplotlib in the DOCX when matplotlib is installed,
and a table of the same figures in both), and the funding acknowledgement and disclaimer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from crosscluster.core.countries import localise_country
from crosscluster.core.dates import format_iso_date
from crosscluster.core.documents.docx import (
    add_chart,
    add_identity,
    add_paragraphs,
    add_table,
    finish_with_funding,
)
from crosscluster.core.documents.names import document_file_name
from crosscluster.core.documents.pdf import render_pdf
from crosscluster.core.i18n import format_percent
from crosscluster.core.taxonomy import translate_label
from crosscluster.exports.registry import (
    ExportKind,
    ExportRequest,
    RenderedFile,
    allowed_if,
    content_fingerprint,
)
from crosscluster.partnerships.queries import AnyUser
from crosscluster.strategy import permissions, queries, wording
from crosscluster.strategy.documents import charts
from crosscluster.strategy.models import Strategy, StrategyState
from crosscluster.strategy.queries import format_eur, item_titles, total_budget
from crosscluster.strategy.queries.translations import in_language, translation_stamp


def date_span(start: str | None, end: str | None) -> str:
    """A period stored as ISO dates, in the reader's short date format ("01.01.2026 to
    31.12.2028" in German, with an en dash), "…" for an open end."""
    return f"{format_iso_date(start) or '…'} \u2013 {format_iso_date(end) or '…'}"


def version_label(snapshot: Mapping[str, Any]) -> str:
    version = snapshot.get("version")
    if version:
        return _("Version %(number)s, adopted on %(date)s by %(person)s") % {
            "number": version["number"],
            "date": format_iso_date(version["adopted_at"][:10]),
            "person": version["adopted_by"],
        }
    state = str(snapshot.get("state", "draft"))
    if state in StrategyState.values:
        state = str(StrategyState(state).label).lower()
    return _("Working copy (%(state)s), not adopted") % {"state": state.replace("_", " ")}


def file_name(snapshot: Mapping[str, Any], extension: str) -> str:
    """``TDA-joint-internationalisation-strategy-v2.pdf``, its words in the active language
    (``TDA-gemeinsame-internationalisierungsstrategie-arbeitskopie.pdf``)."""
    partnership = snapshot["partnership"]
    version = snapshot.get("version")
    return document_file_name(
        _("Joint Internationalisation Strategy"),
        f"v{version['number']}" if version else _("Working copy"),
        subject=partnership["acronym"] or partnership["slug"],
        extension=extension,
    )


def contribution_rows(
    markets: Sequence[Mapping[str, Any]],
) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Indicator rows x market columns of score contributions (the chart's figures as a table)."""
    columns = [f"{market['rank']}. {market['title']}" for market in markets]
    labels: dict[str, str] = {}
    for market in markets:
        labels.update((market.get("ranking") or {}).get("labels") or {})
    rows = []
    for code, label in labels.items():
        rows.append(
            (
                label,
                [
                    _figure(((market.get("ranking") or {}).get("contributions") or {}).get(code))
                    for market in markets
                ],
            )
        )
    rows.append(
        (_("Score"), [_figure((market.get("ranking") or {}).get("score")) for market in markets])
    )
    return columns, rows


def _figure(value: object) -> str:
    """A score or contribution to three decimals, in the reader's number format ("0,613")."""
    if value is None:
        return "—"
    return number_format(Decimal(f"{float(value):.3f}"), 3)  # type: ignore[arg-type]


def data_sources(markets: Sequence[Mapping[str, Any]]) -> list[str]:
    """The distinct data sources and vintages the markets' rankings came from, in the reader's
    language (``wording.ranking_data_line``, as on the strategy page)."""
    lines = [wording.ranking_data_line(market.get("ranking") or {}) for market in markets]
    return list(dict.fromkeys(line for line in lines if line))


def export_context(snapshot: Mapping[str, Any], *, generated_at: datetime) -> dict[str, Any]:
    markets = snapshot["sections"]["markets"]
    chart = charts.chart_from_markets(markets)
    columns, rows = contribution_rows(markets)
    return {
        "snapshot": snapshot,
        "identity": snapshot["partnership"],
        "sections": snapshot["sections"],
        "version_label": version_label(snapshot),
        "generated_at": generated_at,
        "titles": item_titles(dict(snapshot)),
        "total_budget": format_eur(total_budget(dict(snapshot))),
        "chart_svg": mark_safe(charts.draw_contributions(chart).svg()) if chart else "",
        "contribution_columns": columns,
        "contribution_rows": rows if markets else [],
        "data_sources": data_sources(markets),
    }


# ---------------------------------------------------------------- PDF


def render_pdf_html(snapshot: Mapping[str, Any], *, generated_at: datetime) -> str:
    return render_to_string(
        "strategy/export_pdf.html", export_context(snapshot, generated_at=generated_at)
    )


def export_pdf(snapshot: Mapping[str, Any], *, generated_at: datetime) -> bytes:
    """The JIS as PDF. WeasyPrint is imported here: it needs the system's Pango."""
    html = render_pdf_html(snapshot, generated_at=generated_at)
    return render_pdf(html)


# ---------------------------------------------------------------- DOCX


def export_docx(
    snapshot: Mapping[str, Any], *, generated_at: datetime, chart_png: bytes | None = None
) -> bytes:
    """The JIS as DOCX; ``chart_png`` is embedded when given (``charts.draw_contributions``)."""
    context = export_context(snapshot, generated_at=generated_at)
    identity = context["identity"]
    sections = context["sections"]
    titles = context["titles"]
    document = Document()
    properties = document.core_properties
    properties.title = f"{identity['acronym'] or identity['name']}: {snapshot['title']}"
    properties.author = identity["name"]
    properties.subject = _("Joint Internationalisation Strategy")
    properties.comments = context["version_label"]
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Cm(2)
    footer = section.footer.paragraphs[0]
    footer.text = (
        f"{identity['acronym'] or identity['name']} · {snapshot['title']} · "
        f"{context['version_label']}"
    )
    footer.runs[0].font.size = Pt(8)

    document.add_heading(snapshot["title"], level=0)
    add_identity(document, identity)
    document.add_paragraph(
        f"{context['version_label']}. "
        + _("Exported on %(generated)s UTC.") % {"generated": f"{generated_at:%Y-%m-%d %H:%M}"}
    )

    document.add_heading(_("Vision and objectives"), level=1)
    if snapshot.get("period"):
        span = date_span(snapshot.get("period_start_date"), snapshot.get("period_end_date"))
        document.add_paragraph(f"{_('Period:')} {span}")
    add_paragraphs(document, snapshot.get("summary") or _("Not written yet."))

    document.add_heading(_("Technology domains"), level=1)
    if sections["technologies"]:
        document.add_paragraph(_("On the EDIH taxonomy of technologies."))
        add_table(
            document,
            [_("Technology domain"), _("Rationale")],
            [
                [translate_label(item["title"]), item["rationale"]]
                for item in sections["technologies"]
            ],
        )
    else:
        document.add_paragraph(_("None yet."))

    document.add_heading(_("Joint products and services"), level=1)
    for item in sections["offerings"]:
        document.add_heading(f"{item['title']} ({item['kind_label'].lower()})", level=2)
        add_paragraphs(document, item["description"])
        if item["contributions"]:
            add_table(
                document,
                [_("Partner"), _("Contributes")],
                [[part["organisation"], part["contribution"]] for part in item["contributions"]],
            )
    if not sections["offerings"]:
        document.add_paragraph(_("None yet."))

    for key, title in (
        ("commercialisation", _("Joint commercialisation initiatives")),
        (
            "internationalisation",
            _("Internationalisation initiatives for clusters and their SMEs"),
        ),
    ):
        document.add_heading(title, level=1)
        for item in sections[key]:
            document.add_heading(item["title"], level=2)
            document.add_paragraph(f"{_('For:')} {item['target_group_label']}")
            add_paragraphs(document, item["description"])
        if not sections[key]:
            document.add_paragraph(_("None yet."))

    document.add_heading(_("Priority markets"), level=1)
    markets = sections["markets"]
    if markets:
        add_table(
            document,
            [_("Rank"), _("Market"), _("Score"), _("In the top 4"), _("Rationale")],
            [
                [
                    str(item["rank"]),
                    item["title"],
                    _figure((item["ranking"] or {}).get("score")),
                    _share((item["ranking"] or {}).get("p_top")),
                    item["rationale"],
                ]
                for item in markets
            ],
        )
        document.add_heading(_("Why these markets: score contributions"), level=2)
        add_chart(document, chart_png)
        if chart_png:
            document.add_paragraph(
                _("Each bar is a market's score; each segment an indicator's exact part of it.")
                + " "
                + _("The figures are in the table below."),
                style="Caption",
            )
        add_table(
            document,
            [_("Indicator"), *context["contribution_columns"]],
            [[label, *values] for label, values in context["contribution_rows"]],
        )
        for line in context["data_sources"]:
            document.add_paragraph(line)
    else:
        document.add_paragraph(_("None chosen yet."))

    document.add_heading(_("Support mechanisms by regional governments"), level=1)
    if sections["support"]:
        add_table(
            document,
            [_("Region or authority"), _("Country"), _("Mechanism"), _("Kind"), _("Description")],
            [
                [
                    item["where"],
                    _mechanism_country(item),
                    item["mechanism"],
                    item["kind_label"],
                    item["description"],
                ]
                for item in sections["support"]
            ],
        )
    else:
        document.add_paragraph(_("None yet."))

    document.add_heading(_("Roadmap of actions"), level=1)
    actions = sections["roadmap"]
    if actions:
        add_table(
            document,
            [_("Code"), _("Action"), _("Owner"), _("Dates"), _("Budget"), _("Implements")],
            [
                [
                    item["code"],
                    item["title"],
                    item["owner"],
                    date_span(item.get("start_date"), item.get("end_date")),
                    item["budget_text"],
                    "; ".join(titles.get(key, key) for key in item["implements"]),
                ]
                for item in actions
            ]
            + (
                [["", _("Total"), "", "", context["total_budget"], ""]]
                if context["total_budget"]
                else []
            ),
        )
        document.add_heading(_("Key performance indicators"), level=2)
        kpi_rows = [
            [item["code"], kpi["name"], kpi["target"], kpi["unit"]]
            for item in actions
            for kpi in item["kpis"]
        ]
        if kpi_rows:
            add_table(document, [_("Action"), _("KPI"), _("Target"), _("Unit")], kpi_rows)
        else:
            document.add_paragraph(_("No KPIs yet."))
    else:
        document.add_paragraph(_("None yet."))

    return finish_with_funding(document, identity)


def _mechanism_country(item: Mapping[str, Any]) -> str:
    """A support mechanism's country in the reader's language (none in versions adopted
    before mechanisms had one)."""
    return localise_country(str(item.get("country") or ""), str(item.get("country_name") or ""))


def _share(value: object) -> str:
    """A share as a whole percentage the reader's way ("62 %" in German)."""
    return "—" if value is None else format_percent(float(value), 0)  # type: ignore[arg-type]


# ---------------------------------------------------------------- background exports
# The JIS is made by the exports app's worker (crosscluster.exports): the subject is the
# partnership's slug ("dia": what the person sees, the working copy for members and the latest
# adopted version for everyone else) or "<slug>:v<N>" for adopted version N.


def parse_subject(subject: str) -> tuple[str, int | None]:
    slug, _colon, version = subject.partition(":v")
    if version and not version.isdigit():
        raise Http404(_("Give the version as a number, e.g. dia:v2."))
    return slug, int(version) if version else None


def resolve_snapshot(*, user: AnyUser, subject: str) -> tuple[dict[str, Any], str | None]:
    """The snapshot ``user`` may export for ``subject`` (404 otherwise) and, for an adopted
    version (which cannot change), a cache key so its files are made once."""
    snapshot, key, _strategy = _resolve(user=user, subject=subject)
    return snapshot, key


def _resolve(*, user: AnyUser, subject: str) -> tuple[dict[str, Any], str | None, Strategy | None]:
    """``resolve_snapshot``'s snapshot and key, and the strategy they belong to (its
    translations are read with it)."""
    slug, number = parse_subject(subject)
    if number is not None:
        version = permissions.access_version(user=user, slug=slug, number=number)
        return (
            queries.version_snapshot(version),
            f"strategy-version-{version.pk}",
            version.strategy,
        )
    view = permissions.access_strategy(user=user, slug=slug)
    strategy = view.strategy
    latest = queries.get_latest_version(strategy=strategy) if strategy else None
    if view.is_working_copy:
        if latest is None or strategy is None or strategy.is_editable:
            return view.snapshot, None, strategy
        # Adopted: the working copy cannot change and is the latest version, so the file is
        # that version (labelled "Version N, adopted on ..."), not an unadopted working copy.
        return queries.version_snapshot(latest), f"strategy-version-{latest.pk}", strategy
    return view.snapshot, f"strategy-version-{latest.pk}" if latest else None, strategy


def _cache_key(request: ExportRequest) -> str | None:
    """An adopted version by its id; the working copy by a fingerprint of what it says now;
    either with the moment the translation into the active language last changed."""
    snapshot, key, strategy = _resolve(user=request.user, subject=request.subject)
    stamp = translation_stamp(strategy=strategy, language=get_language())
    key = key or content_fingerprint(request.subject, snapshot)
    return f"{key}~{stamp}" if stamp else key


def render_export(request: ExportRequest) -> RenderedFile:
    """The JIS as the person may see it, as PDF or DOCX (runs in the background worker), with
    the strategy's texts in the requester's language where they are translated (as on the
    page), countries named in it, and the markets' rationales copied from the ranking worded
    in it."""
    snapshot, _key, strategy = _resolve(user=request.user, subject=request.subject)
    snapshot = wording.markets_for_reader(
        in_language(queries.for_reader(snapshot), strategy=strategy, language=get_language())
    )
    if request.file_format == "docx":
        chart = charts.chart_from_markets(snapshot["sections"]["markets"])
        content = export_docx(
            snapshot,
            generated_at=timezone.now(),
            chart_png=charts.draw_contributions(chart).png() if chart else None,
        )
    else:
        content = export_pdf(snapshot, generated_at=timezone.now())
    return RenderedFile(filename=file_name(snapshot, request.file_format), content=content)


JOINT_INTERNATIONALISATION_STRATEGY = ExportKind(
    key="strategy.jis",
    label=gettext_lazy("Joint Internationalisation Strategy"),
    formats=("pdf", "docx"),
    can_request=allowed_if(lambda user, subject: resolve_snapshot(user=user, subject=subject)),
    render=render_export,
    cache_key=_cache_key,
    page=lambda subject: reverse("strategy:overview", args=[subject.partition(":")[0]]),
)
