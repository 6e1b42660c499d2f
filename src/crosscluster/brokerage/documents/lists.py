"""A B2B session's lists as files (CSV, XLSX) for its organisers, made by the exports worker with
the organiser page's own reads (subject: the session id):

- ``brokerage.meetings``: the meetings of the schedule the page shows (the newest finished run:
  provisional or published), one row per meeting: slot at the venue (the event's time zone),
  table, each party with its organisation, locked, the run's status.
- ``brokerage.agreements``: the agreement register: signed date, kind, title, signatories, the
  meeting it came from.

Cells go through ``core.documents.tables.table_bytes`` (formula-safe CSV, text cells in XLSX).
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from crosscluster.accounts.queries import AnyUser
from crosscluster.brokerage import permissions, queries
from crosscluster.brokerage.documents.agenda import session_file_name
from crosscluster.brokerage.models import B2BSession
from crosscluster.core import times
from crosscluster.core.documents.tables import heading_row, table_bytes, yes
from crosscluster.core.documents.xlsx import CellValue
from crosscluster.exports.registry import ExportKind, ExportRequest, RenderedFile, allowed_if

MEETING_COLUMNS = [
    "slot",
    "start (UTC)",
    "table",
    "requester",
    "requester's organisation",
    "recipient",
    "recipient's organisation",
    "delegate",
    "locked",
    "schedule",
]
AGREEMENT_COLUMNS = ["signed", "kind", "title", "signatories", "meeting"]
#: the columns as an XLSX (people) reads them; a CSV keeps the keys above
HEADINGS = {
    "slot": pgettext_lazy("list export column", "slot"),
    "start (UTC)": pgettext_lazy("list export column", "start (UTC)"),
    "table": pgettext_lazy("list export column", "table"),
    "requester": pgettext_lazy("list export column", "requester"),
    "requester's organisation": pgettext_lazy("list export column", "requester's organisation"),
    "recipient": pgettext_lazy("list export column", "recipient"),
    "recipient's organisation": pgettext_lazy("list export column", "recipient's organisation"),
    "delegate": pgettext_lazy("list export column", "delegate"),
    "locked": pgettext_lazy("list export column", "locked"),
    "schedule": pgettext_lazy("list export column", "schedule"),
    "signed": pgettext_lazy("list export column", "signed"),
    "kind": pgettext_lazy("list export column", "agreement kind"),
    "title": pgettext_lazy("list export column", "title"),
    "signatories": pgettext_lazy("list export column", "signatories"),
    "meeting": pgettext_lazy("list export column", "meeting"),
}


def _session(request: ExportRequest) -> B2BSession:
    return _access(request.user, request.subject)


def _access(user: AnyUser, subject: str) -> B2BSession:
    if not subject.isdigit():
        raise Http404(_("The subject is a B2B session's id."))
    return permissions.access_session_for_organiser(user=user, session_id=int(subject))


def render_meetings(request: ExportRequest) -> RenderedFile:
    session = _session(request)
    run = queries.get_latest_done_run(session=session)
    zone = times.venue_zone(session.event.timezone)
    cells: list[list[CellValue]] = []
    for row in queries.build_table_plan(run=run) if run else []:
        for table, meeting in row.tables:
            asked = meeting.request
            delegate = asked.delegate
            cells.append(
                [
                    times.format_slot(row.slot.start_at, row.slot.end_at, zone),
                    row.slot.start_at.astimezone(dt.UTC).replace(tzinfo=None),
                    table,
                    asked.requester.display_name,
                    asked.requester.organisation.name,
                    asked.recipient.display_name,
                    asked.recipient.organisation.name,
                    f"{delegate.display_name} ({delegate.organisation.name})" if delegate else "",
                    yes(request.file_format) if meeting.is_locked else "",
                    run.get_status_display() if run else "",
                ]
            )
    content = table_bytes(
        request.file_format,
        title=_("Meetings"),
        header=heading_row(request.file_format, MEETING_COLUMNS, HEADINGS),
        rows=cells,
    )
    name = session_file_name(session, _("B2B meetings"), extension=request.file_format)
    return RenderedFile(name, content)


def render_agreements(request: ExportRequest) -> RenderedFile:
    session = _session(request)
    cells: list[list[CellValue]] = [
        [
            agreement.signed_date,
            agreement.get_kind_display(),
            agreement.title,
            "; ".join(partner.name for partner in agreement.partners.all()),
            (
                f"{agreement.request.requester.display_name} - "
                f"{agreement.request.recipient.display_name}"
            )
            if agreement.request
            else "",
        ]
        for agreement in queries.list_agreements(session=session)
    ]
    content = table_bytes(
        request.file_format,
        title=_("Agreements"),
        header=heading_row(request.file_format, AGREEMENT_COLUMNS, HEADINGS),
        rows=cells,
    )
    name = session_file_name(session, _("Agreements"), extension=request.file_format)
    return RenderedFile(name, content)


def _organise_page(subject: str) -> str:
    return reverse("brokerage:organise", args=[int(subject)]) if subject.isdigit() else ""


MEETINGS_LIST = ExportKind(
    key="brokerage.meetings",
    label=gettext_lazy("B2B meetings"),
    formats=("csv", "xlsx"),
    can_request=allowed_if(_access),
    render=render_meetings,
    page=_organise_page,
)
AGREEMENTS_LIST = ExportKind(
    key="brokerage.agreements",
    label=gettext_lazy("Agreements"),
    formats=("csv", "xlsx"),
    can_request=allowed_if(_access),
    render=render_agreements,
    page=_organise_page,
)
