"""Badges for the check-in desk, one PDF for the whole session, made by the exports worker
(subject: the session id; its organisers only): each approved participant's name, organisation
and a QR code of their signed check-in code (``queries.badge_token``; nothing personal in it),
drawn by segno as SVG for WeasyPrint. Two layouts: ``brokerage.badges`` one A6 badge a page,
``brokerage.badges-a4`` four to an A4 page (cut along the lines)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.brokerage import queries
from crosscluster.brokerage.documents.agenda import session_file_name
from crosscluster.brokerage.documents.lists import _access, _organise_page, _session
from crosscluster.brokerage.models import B2BSession, Participant
from crosscluster.core.documents.pdf import render_pdf
from crosscluster.exports.registry import ExportKind, ExportRequest, RenderedFile, allowed_if

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

#: the QR's quiet zone, in modules (the standard's four)
QR_BORDER = 4


def badge_qr_svg(token: str) -> str:
    """The code as an inline SVG QR code (medium error correction), sized by the page."""
    import segno  # lazy: only the documents worker draws badges

    return str(
        segno.make(token, error="m", micro=False).svg_inline(
            scale=1, border=QR_BORDER, omitsize=True
        )
    )


def render_badges_pdf(
    *, session: B2BSession, people: list[Participant], four_to_a_page: bool
) -> bytes:
    html = render_to_string(
        "brokerage/badges_pdf.html",
        {
            "event": session.event,
            "four": four_to_a_page,
            "badges": [(person, badge_qr_svg(queries.badge_token(person))) for person in people],
        },
    )
    return render_pdf(html)


def _render(request: ExportRequest, *, four_to_a_page: bool) -> RenderedFile:
    session = _session(request)
    pdf = render_badges_pdf(
        session=session,
        people=list(queries.list_badge_holders(session=session)),
        four_to_a_page=four_to_a_page,
    )
    return RenderedFile(session_file_name(session, _("Badges"), extension="pdf"), pdf)


def _kind(key: str, label: _StrOrPromise, *, four_to_a_page: bool) -> ExportKind:
    return ExportKind(
        key=key,
        label=label,
        formats=("pdf",),
        can_request=allowed_if(_access),
        render=lambda request: _render(request, four_to_a_page=four_to_a_page),
        page=_organise_page,
    )


BADGES_A6 = _kind("brokerage.badges", gettext_lazy("Badges (A6, one a page)"), four_to_a_page=False)
BADGES_A4 = _kind(
    "brokerage.badges-a4", gettext_lazy("Badges (four to an A4 page)"), four_to_a_page=True
)
