"""The period report for the funder: XLSX (openpyxl; the scoreboard, then the raw rows behind each
figure on a sheet of their own) and PDF (WeasyPrint, with a URL fetcher that refuses every URL so
nothing outside the document is ever read). Registered as the ``monitoring.report`` export kind.

Subject: ``<partnership slug>`` (since the start) or ``<slug>:<period>`` (``2026``, ``2026-Q2``).
Text cells are written as text (``data_type = "s"``), so a value such as ``=HYPERLINK(...)``
typed by a user stays a string and is never evaluated as a formula.

Column headings: what people read is in the requester's language (the worker renders in the
language the export was asked in): the report's ``Scoreboard`` and ``Breakdowns`` sheets (their
names too) and the XLSX of the list exports. A CSV of the list exports keeps the data keys
(``indicator``, ``value``, ...: ``INDICATOR_COLUMNS``, ``TIE_COLUMNS``) in every language, for
the scripts that read it; so do the report's raw sheets (one per figure: the source rows' own
field names, e.g. ``published_at``).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import TYPE_CHECKING

from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, pgettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from crosscluster.core.documents.names import document_file_name
from crosscluster.core.documents.pdf import render_pdf
from crosscluster.core.documents.tables import table_bytes
from crosscluster.core.documents.xlsx import put
from crosscluster.exports.registry import ExportKind, ExportRequest, RenderedFile, allowed_if
from crosscluster.monitoring import permissions, queries, wording

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership
    from crosscluster.partnerships.queries import AnyUser


def parse_subject(subject: str) -> tuple[str, str]:
    """``slug`` or ``slug:period`` -> (slug, period); Http404 for a period that is neither a year
    nor a quarter."""
    slug, _colon, period = subject.partition(":")
    if period:
        try:
            queries.period_bounds(period)
        except ValueError as error:
            raise Http404(gettext("period: %(problem)s") % {"problem": error}) from error
    return slug, period


def _access(user: AnyUser, subject: str) -> Partnership:
    slug, _ = parse_subject(subject)
    return permissions.access_scoreboard(user=user, slug=slug)


def _cell_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date | int | float | Decimal) or value is None:
        return value
    if isinstance(value, tuple):  # ids (an agreement's signatories)
        return ", ".join(str(item) for item in value)
    return str(value)


def _put(sheet: Worksheet, row: int, column: int, value: object) -> None:
    """Through the shared ``core.documents.xlsx.put``: text stays text, never a formula."""
    put(sheet, row=row, column=column, value=_cell_value(value))  # type: ignore[arg-type]


def _write_rows(sheet: Worksheet, header: list[str], rows: list[list[object]]) -> None:
    for column, name in enumerate(header, start=1):
        _put(sheet, 1, column, name)
    for index, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _put(sheet, index, column, value)


def _heading(key: str) -> str:
    """A data key's column heading in the active language (``HEADINGS``)."""
    return str(HEADINGS.get(key, key))


def report_xlsx(board: queries.Scoreboard) -> bytes:
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = gettext("Scoreboard")[:31]
    _write_rows(
        summary,
        [
            _heading(key)
            for key in (
                "indicator",
                "label",
                "value",
                "unit",
                "target",
                "progress %",
                "formula",
                "sources",
            )
        ],
        [
            [
                figure.indicator.key,
                str(figure.indicator.label),
                figure.value,
                str(figure.indicator.unit),
                figure.target,
                figure.progress_percent,
                str(figure.indicator.formula),
                ", ".join(figure.indicator.sources),
            ]
            for figure in board.figures
        ],
    )
    breakdowns = [
        [figure.indicator.key, dimension, category, value]
        for figure in board.figures
        for dimension, values in figure.breakdowns.items()
        for category, value in values.items()
    ]
    if breakdowns:
        _write_rows(
            book.create_sheet(gettext("Breakdowns")[:31]),
            [_heading(key) for key in ("indicator", "dimension", "category", "value")],
            breakdowns,
        )
    for figure in board.figures:
        if not figure.rows:
            continue
        sheet = book.create_sheet(figure.indicator.key[:31])
        columns = list(dict.fromkeys(key for row in figure.rows for key in row))
        _write_rows(sheet, columns, [[row.get(key) for key in columns] for row in figure.rows])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_html(board: queries.Scoreboard, *, generated_at: dt.datetime) -> str:
    return render_to_string(
        "monitoring/report_pdf.html", {"board": board, "generated_at": generated_at}
    )


def report_pdf(
    board: queries.Scoreboard, *, generated_at: dt.datetime, uncompressed: bool = False
) -> bytes:
    """The PDF, through the one renderer that fetches nothing (``uncompressed`` keeps its
    objects readable, for tests)."""
    return render_pdf(report_html(board, generated_at=generated_at), uncompressed=uncompressed)


def file_name(board: queries.Scoreboard, extension: str) -> str:
    """``TDA-monitoring-report-2026.pdf``, its words in the active language
    (``TDA-monitoringbericht-seit-beginn.xlsx``)."""
    partnership = board.partnership
    return document_file_name(
        gettext("Monitoring report"),
        board.period or pgettext("a report's period, in its file name", "since start"),
        subject=partnership.acronym or partnership.slug,
        extension=extension,
    )


def render_export(request: ExportRequest) -> RenderedFile:
    partnership = _access(request.user, request.subject)
    _, period = parse_subject(request.subject)
    now = timezone.now()
    board = queries.compute_scoreboard(
        partnership=partnership,
        today=timezone.localdate(now),
        period=period,
        now=now,
        members=queries.can_see_internal(user=request.user, partnership=partnership),
    )
    if request.file_format == "xlsx":
        return RenderedFile(file_name(board, "xlsx"), report_xlsx(board))
    return RenderedFile(file_name(board, "pdf"), report_pdf(board, generated_at=now))


PERIOD_REPORT = ExportKind(
    key="monitoring.report",
    label=gettext_lazy("Monitoring report"),
    formats=("xlsx", "pdf"),
    can_request=allowed_if(_access),
    render=render_export,
    page=lambda subject: reverse("monitoring:scoreboard", args=[subject.partition(":")[0]]),
)

# ----------------------------------------------------------------------------- lists


def table_file(
    words: tuple[object, ...], file_format: str, header: list[str], rows: list[list[object]]
) -> RenderedFile:
    """One table as CSV (UTF-8 with BOM, for spreadsheet programs; headed by the data keys
    ``header``) or XLSX (one sheet, headed in the requester's language), through the list
    exports' shared ``core.documents.tables.table_bytes``; ``words`` name the file and its
    sheet (the list's name in the requester's language first)."""
    cells = ([_cell_value(value) for value in row] for row in rows)
    if file_format != "csv":
        header = [_heading(key) for key in header]
    name = document_file_name(*words, extension=file_format)
    title = name.rpartition(".")[0]
    content = table_bytes(file_format, title=title, header=header, rows=cells)  # type: ignore[arg-type]
    return RenderedFile(name, content)


#: data key -> the column heading people read (the XLSX files)
HEADINGS = {
    "indicator": pgettext_lazy("list export column", "indicator"),
    "label": pgettext_lazy("list export column", "name"),
    "period": pgettext_lazy("list export column", "period"),
    "dimension": pgettext_lazy("list export column", "breakdown by"),
    "category": pgettext_lazy("list export column", "category"),
    "value": pgettext_lazy("list export column", "value"),
    "unit": pgettext_lazy("list export column", "unit"),
    "target": pgettext_lazy("list export column", "target"),
    "progress %": pgettext_lazy("list export column", "progress %"),
    "nature": pgettext_lazy("list export column", "stock or flow"),
    "audience": pgettext_lazy("list export column", "audience"),
    "formula": pgettext_lazy("list export column", "definition"),
    "sources": pgettext_lazy("list export column", "source tables"),
    "organisation id": pgettext_lazy("list export column", "organisation id"),
    "organisation": pgettext_lazy("list export column", "organisation"),
    "organisation country": pgettext_lazy("list export column", "organisation country"),
    "tied to id": pgettext_lazy("list export column", "tied to id"),
    "tied to": pgettext_lazy("list export column", "tied to"),
    "tied to country": pgettext_lazy("list export column", "tied to country"),
    "kind": pgettext_lazy("list export column", "tie kind"),
    "class": pgettext_lazy("list export column", "tie class"),
    "year": pgettext_lazy("list export column", "year"),
    "reason": pgettext_lazy("list export column", "reason"),
}

INDICATOR_COLUMNS = [
    "indicator",
    "label",
    "period",
    "dimension",
    "category",
    "value",
    "unit",
    "target",
    "progress %",
    "nature",
    "audience",
    "formula",
    "sources",
]


def indicator_rows(board: queries.Scoreboard) -> list[list[object]]:
    """Each figure, then one row per category of each of its breakdowns."""
    rows: list[list[object]] = []
    for figure in board.figures:
        indicator = figure.indicator
        common = [
            indicator.nature,
            indicator.audience,
            str(indicator.formula),
            ", ".join(indicator.sources),
        ]
        rows.append(
            [
                indicator.key,
                str(indicator.label),
                board.period,
                "",
                "",
                figure.value,
                str(indicator.unit),
                figure.target,
                figure.progress_percent,
                *common,
            ]
        )
        for dimension, values in figure.breakdowns.items():
            for category, value in values.items():
                rows.append(
                    [
                        indicator.key,
                        str(indicator.label),
                        board.period,
                        dimension,
                        category,
                        value,
                        str(indicator.unit),
                        None,
                        None,
                        *common,
                    ]
                )
    return rows


def render_indicators(request: ExportRequest) -> RenderedFile:
    partnership = _access(request.user, request.subject)
    _, period = parse_subject(request.subject)
    now = timezone.now()
    board = queries.compute_scoreboard(
        partnership=partnership,
        today=timezone.localdate(now),
        period=period,
        now=now,
        members=queries.can_see_internal(user=request.user, partnership=partnership),
    )
    return table_file(
        (gettext("Indicators"), partnership.slug, period),
        request.file_format,
        INDICATOR_COLUMNS,
        indicator_rows(board),
    )


TIE_COLUMNS = [
    "organisation id",
    "organisation",
    "organisation country",
    "tied to id",
    "tied to",
    "tied to country",
    "kind",
    "class",
    "year",
    "reason",
]


def render_network_ties(request: ExportRequest) -> RenderedFile:
    """Every tie of the stored network (the table view's list), in its order."""
    partnership = _access(request.user, request.subject)
    rows: list[list[object]] = [
        [
            tie.source_id,
            tie.source_label,
            tie.source_country,
            tie.target_id,
            tie.target_label,
            tie.target_country,
            tie.kind,
            tie.tie_class,
            tie.year,
            wording.tie_reason(tie.reason, tie.reason_parts),
        ]
        for tie in queries.list_network_ties(partnership=partnership)
    ]
    return table_file(
        (gettext("Network ties"), partnership.slug), request.file_format, TIE_COLUMNS, rows
    )


INDICATORS_LIST = ExportKind(
    key="monitoring.indicators",
    label=gettext_lazy("Indicators"),
    formats=("csv", "xlsx"),
    can_request=allowed_if(_access),
    render=render_indicators,
    page=lambda subject: reverse("monitoring:scoreboard", args=[parse_subject(subject)[0]]),
)

NETWORK_TIES_LIST = ExportKind(
    key="monitoring.network_ties",
    label=gettext_lazy("Network ties"),
    formats=("csv", "xlsx"),
    can_request=allowed_if(_access),
    render=render_network_ties,
    page=lambda subject: reverse("monitoring:network", args=[parse_subject(subject)[0]]),
)

__all__ = [
    "INDICATORS_LIST",
    "NETWORK_TIES_LIST",
    "PERIOD_REPORT",
    "file_name",
    "parse_subject",
    "render_export",
    "report_html",
    "report_pdf",
    "report_xlsx",
]
