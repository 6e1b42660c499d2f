"""The S3 guidelines as DOCX (python-docx) and PDF (WeasyPrint).

``build_export_snapshot`` reads (no writes); ``export_docx`` and ``export_pdf`` are pure
renderers of that snapshot. Both carry the partnership's identity, each region with its partners,
priorities (derived ones labelled as not the official S3), indicators with source and vintage,
the alignment matrix as a table with each cell's score, the recommendations, and the funding
acknowledgement and disclaimer. The PDF draws the indicators as an inline SVG chart, the DOCX
as a PNG picture, both from the one chart of ``documents.charts`` and above the table of the
same figures. The export kind ``regions.guidelines`` is registered with the exports app from
``RegionsConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from docx import Document
from docx.shared import Cm, Pt

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
    PreparedFile,
    RenderedFile,
    allowed_if,
    content_fingerprint,
)
from crosscluster.regions import permissions, queries, wording
from crosscluster.regions.documents import charts
from crosscluster.strategy import queries as strategy_queries

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

LEVEL_WORDS = {
    "strong": pgettext_lazy("alignment level", "strong"),
    "related": pgettext_lazy("alignment level", "related"),
    "none": "—",
}


#: the JIS's state as the strategy pages name it (the snapshot keeps its code)
JIS_STATES = {
    "draft": gettext_lazy("Draft"),
    "in_review": gettext_lazy("In review"),
    "adopted": gettext_lazy("Adopted"),
}


def jis_state_label(state: str) -> str:
    return str(JIS_STATES.get(state, state.replace("_", " ")))


def build_export_snapshot(*, partnership: Partnership, now: datetime) -> dict[str, Any]:
    """The guidelines as the requester reads them (the recommendations worded in the language
    the document is made in)."""
    return wording.guidelines_for_reader(
        queries.build_guidelines(partnership=partnership, today=now)
    )


def file_name(snapshot: Mapping[str, Any], extension: str) -> str:
    """``tda-s3-guidelines.pdf``, its words in the active language (``tda-s3-leitlinien.pdf``)."""
    identity = snapshot["partnership"]
    stem = slugify(identity["acronym"] or identity["slug"]) or "partnership"
    return document_file_name(_("S3 guidelines"), subject=stem, extension=extension)


def _number(value: object, digits: int = 1) -> str:
    """``value`` written the reader's way (156.9 in English, 156,9 in German), as the chart."""
    if value is None:
        return "—"
    return number_format(float(value), decimal_pos=digits, use_l10n=True, force_grouping=True)  # type: ignore[arg-type]


def indicator_rows(snapshot: Mapping[str, Any]) -> list[list[str]]:
    """Region, value (year), country value (year), ratio, EU rank, percentile, EU-28, note."""
    rows = []
    for region in snapshot["regions"]:
        indicator = region["indicator"]
        rows.append(
            [
                f"{region['label']} ({region['code']})",
                f"{_number(indicator['value'])} ({indicator['year']})"
                if indicator["value"] is not None
                else _("missing"),
                f"{_number(indicator['country_value'])} ({indicator['country_year']})"
                if indicator["country_value"] is not None
                else _("missing"),
                format_percent(indicator["ratio_to_country"], 0)
                if indicator["ratio_to_country"] is not None
                else "—",
                _("%(rank)s of %(ranked)s")
                % {"rank": indicator["rank"], "ranked": indicator["ranked"]}
                if indicator["rank"]
                else "—",
                _number(indicator["percentile"], 0) if indicator["percentile"] is not None else "—",
                _number(indicator["eu_value"]),
                indicator["missing_reason"] or indicator["note"],
            ]
        )
    return rows


#: lazy: read in the language the document is rendered in (the requester's)
INDICATOR_HEADER = [
    gettext_lazy("Region"),
    gettext_lazy("Business R&D, EUR per inhabitant"),
    gettext_lazy("Country"),
    gettext_lazy("Region / country"),
    gettext_lazy("EU-27 regional rank"),
    gettext_lazy("Percentile"),
    "EU-28",
    gettext_lazy("Note"),
]


def matrix_columns(snapshot: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The matrix's columns as the documents head them: a short ``code`` ("P1", "P2" ... in
    the order of the columns), the priority's name in the reader's language (``title``, an EDIH
    name through the taxonomy's translations, a name people wrote as written) for the legend,
    and its region."""
    return [
        {
            "code": pgettext("S3 priority, short label of a column", "P%(number)s")
            % {"number": number},
            "title": translate_label(column["title"]),
            "is_derived": column["is_derived"],
            "region_code": column["region_code"],
            "region_label": column["region_label"],
        }
        for number, column in enumerate(snapshot["matrix"]["columns"], start=1)
    ]


def matrix_regions(columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The regions over the matrix's columns, each with the number of its columns side by side
    (``span``; the columns come region by region)."""
    regions: list[dict[str, Any]] = []
    for column in columns:
        if regions and regions[-1]["code"] == column["region_code"]:
            regions[-1]["span"] += 1
        else:
            regions.append({"code": column["region_code"], "span": 1})
    return regions


def domain_label(row: Mapping[str, Any]) -> str:
    """A JIS technology domain (a row of the matrix) in the reader's language: its EDIH
    technology's translated name, or the domain's own title as written."""
    return translate_label(row["label"], facet="technologies")


def matrix_table(snapshot: Mapping[str, Any]) -> tuple[list[str], list[list[str]]]:
    """The matrix for the DOCX: each column headed by its code, the derived star and its
    region's code; the names are in the legend (``matrix_legend``)."""
    matrix = snapshot["matrix"]
    header = [_("JIS technology domain")] + [
        f"{column['code']}{'*' if column['is_derived'] else ''}\n{column['region_code']}"
        for column in matrix_columns(snapshot)
    ]
    rows = [
        [domain_label(row)]
        + [
            "—"
            if cell["level"] == "none"
            else f"{_number(cell['score'], 2)} {LEVEL_WORDS[cell['level']]}"
            for cell in row["cells"]
        ]
        for row in matrix["rows"]
    ]
    return header, rows


def matrix_legend(snapshot: Mapping[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Each column's code with the priority's name (starred when derived) and its region."""
    return [_("Column"), _("S3 priority"), _("Region")], [
        [
            column["code"],
            column["title"] + (" *" if column["is_derived"] else ""),
            " ".join(
                part for part in (column["region_label"], f"({column['region_code']})") if part
            ),
        ]
        for column in matrix_columns(snapshot)
    ]


def export_context(snapshot: Mapping[str, Any], *, generated_at: datetime) -> dict[str, Any]:
    header, rows = matrix_table(snapshot)
    columns = matrix_columns(snapshot)
    svg = charts.indicator_svg(snapshot["indicator_chart"])
    return {
        "snapshot": snapshot,
        "identity": strategy_queries.reader_identity(snapshot["partnership"]),
        "generated_at": generated_at,
        "indicator_header": INDICATOR_HEADER,
        "indicator_rows": indicator_rows(snapshot),
        "matrix_header": header,
        "matrix_rows": rows,
        "matrix_columns": columns,
        "matrix_regions": matrix_regions(columns),
        "chart_svg": mark_safe(svg) if svg else "",  # built from escaped text
    }


# ---------------------------------------------------------------- PDF


def render_pdf_html(snapshot: Mapping[str, Any], *, generated_at: datetime) -> str:
    return render_to_string(
        "regions/export_pdf.html", export_context(snapshot, generated_at=generated_at)
    )


def export_pdf(snapshot: Mapping[str, Any], *, generated_at: datetime) -> bytes:
    return render_pdf(render_pdf_html(snapshot, generated_at=generated_at))


# ---------------------------------------------------------------- DOCX


def export_docx(snapshot: Mapping[str, Any], *, generated_at: datetime) -> bytes:
    context = export_context(snapshot, generated_at=generated_at)
    identity = context["identity"]
    name = identity["acronym"] or identity["name"]
    document = Document()
    properties = document.core_properties
    properties.title = f"{name}: {_('S3 guidelines')}"
    properties.author = identity["name"]
    properties.subject = _("Guidelines for regional smart specialisation strategies (S3)")
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    footer = section.footer.paragraphs[0]
    footer.text = _("%(name)s · S3 guidelines · exported %(date)s") % {
        "name": name,
        "date": f"{generated_at:%Y-%m-%d}",
    }
    footer.runs[0].font.size = Pt(8)

    document.add_heading(_("S3 guidelines"), level=0)
    add_identity(document, identity)
    document.add_paragraph(
        _("Working document, exported on %(exported)s UTC. JIS state: %(state)s.")
        % {
            "exported": f"{generated_at:%Y-%m-%d %H:%M}",
            "state": jis_state_label(str(snapshot["jis_state"])),
        }
    )

    document.add_heading(_("Partner regions"), level=1)
    if snapshot["regions"]:
        add_table(
            document,
            [_("Region"), _("Partners"), _("Where the region comes from")],
            [
                [
                    f"{region['label']} ({region['code']})",
                    ", ".join(partner["name"] for partner in region["partners"]) or "—",
                    "; ".join(
                        f"{partner['source_label']}"
                        + (f": {partner['source_note']}" if partner["source_note"] else "")
                        for partner in region["partners"]
                    )
                    or "—",
                ]
                for region in snapshot["regions"]
            ],
        )
    else:
        document.add_paragraph(_("No partner region recorded yet."))
    if snapshot["partners_without_region"]:
        document.add_paragraph(
            _("Partners without a known region: %(partners)s.")
            % {"partners": ", ".join(p["name"] for p in snapshot["partners_without_region"])}
        )

    document.add_heading(_("Regional indicators"), level=1)
    add_chart(document, charts.indicator_png(snapshot["indicator_chart"]))
    if snapshot["regions"]:
        add_table(document, [str(label) for label in INDICATOR_HEADER], context["indicator_rows"])
    for line in snapshot["sources"]:
        document.add_paragraph(_("Source: %(source)s") % {"source": line}, style="Caption")

    document.add_heading(
        _("Alignment of the JIS technology domains with the S3 priorities"), level=1
    )
    matrix = snapshot["matrix"]
    if matrix["empty_reason"]:
        document.add_paragraph(matrix["empty_reason"])
    else:
        document.add_paragraph(
            _(
                "Score 1.00: the domain's EDIH technology is a tag of the priority (strong). "
                "Below: 0.5 x the Jaccard index of the domain's technology and the closest tag "
                "of the priority among EDIH hubs (related; threshold %(threshold)s, at least "
                "%(hubs)s hubs). * = priority derived from the EDIH catalogue, not the official "
                "S3."
            )
            % {"threshold": matrix["min_jaccard"], "hubs": matrix["min_hubs"]}
        )
        add_table(document, context["matrix_header"], context["matrix_rows"])
        document.add_paragraph(_("Columns of the matrix"), style="Caption")
        add_table(document, *matrix_legend(snapshot))

    for region in snapshot["regions"]:
        document.add_heading(f"{region['label']} ({region['code']})", level=1)
        document.add_heading(_("S3 priority areas"), level=2)
        if region["priorities"]:
            add_table(
                document,
                [_("Priority"), _("Related EDIH tags"), _("Source"), _("Vintage")],
                [
                    [
                        priority["title"],
                        ", ".join(
                            translate_label(tag["label"], facet=tag.get("facet"))
                            for tag in priority["tags"]
                        ),
                        " ".join(
                            part
                            for part in (priority["source_label"], priority["source_url"])
                            if part
                        )
                        + (_(" (edited)") if priority["is_edited"] else ""),
                        priority["source_vintage"],
                    ]
                    for priority in region["priorities"]
                ],
            )
        else:
            document.add_paragraph(_("None recorded yet."))
        counts = region["organisations"]
        document.add_heading(_("Organisations in the directory"), level=2)
        add_table(
            document,
            [_("Kind"), _("In the region"), _("In the country")],
            [[row["label"], str(row["region"]), str(row["country"])] for row in counts["kinds"]],
        )
        document.add_paragraph(
            _("Source: %(source)s") % {"source": f"{counts['source']}. {counts['note']}"},
            style="Caption",
        )
        document.add_heading(_("Recommendations for the region's clusters"), level=2)
        for recommendation in region["recommendations"]:
            document.add_heading(
                recommendation["title"] + (_(" (edited)") if recommendation["is_edited"] else ""),
                level=3,
            )
            add_paragraphs(document, recommendation["body"])
        if not region["recommendations"]:
            document.add_paragraph(_("None generated yet."))

    return finish_with_funding(document, identity)


# ---------------------------------------------------------------- the export kind


def prepare(request: ExportRequest) -> PreparedFile:
    """The guidelines read once (access checked, one snapshot): the key naming them and the
    file made from that same snapshot (the export worker's path: one read a file)."""
    access = permissions.access_guidelines(user=request.user, slug=request.subject)
    now = timezone.now()
    snapshot = build_export_snapshot(partnership=access.partnership, now=now)
    if request.file_format not in ("docx", "pdf"):
        raise ValueError(f"regions.guidelines: no {request.file_format!r} format")
    export = export_docx if request.file_format == "docx" else export_pdf

    def make() -> RenderedFile:
        return RenderedFile(
            filename=file_name(snapshot, request.file_format),
            content=export(snapshot, generated_at=now),
        )

    return PreparedFile(key=content_fingerprint(request.subject, snapshot), make=make)


def render(request: ExportRequest) -> RenderedFile:
    return prepare(request).make()


def content_key(request: ExportRequest) -> str | None:
    """The guidelines as they stand (same snapshot, same file)."""
    return prepare(request).key


GUIDELINES = ExportKind(
    key="regions.guidelines",
    label=gettext_lazy("S3 guidelines"),
    formats=("pdf", "docx"),
    can_request=allowed_if(
        lambda user, subject: permissions.access_guidelines(user=user, slug=subject)
    ),
    render=render,
    cache_key=content_key,
    page=lambda subject: reverse("regions:overview", args=[subject]),
    prepare=prepare,
)
