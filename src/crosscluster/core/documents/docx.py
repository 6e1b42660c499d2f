"""DOCX building blocks (python-docx) shared by the JIS, business plan and S3 guidelines, worded
in the language the document is rendered in (the requester's)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm
from docx.table import Table

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"


def add_table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    table: Table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    return table


def add_identity(document: Any, identity: Mapping[str, Any]) -> None:
    """The partnership's name (bold) and who coordinates it, under a document's title."""
    name = identity["name"] + (f" ({identity['acronym']})" if identity["acronym"] else "")
    document.add_paragraph(name).runs[0].bold = True
    contact = identity["coordinator_contact_name"]
    coordinated = _("Coordinated by %(coordinator)s (%(country)s)") % {
        "coordinator": identity["coordinator"],
        "country": identity["coordinator_country"],
    }
    document.add_paragraph(
        f"{identity['kind']}. {coordinated}" + (f", {contact}" if contact else "") + "."
    )


def finish_with_funding(document: Any, identity: Mapping[str, Any]) -> bytes:
    """End a document with the funding acknowledgement and the EU disclaimer; its bytes."""
    document.add_heading(_("Funding and disclaimer"), level=1)
    if identity["funding_acknowledgement"]:
        document.add_paragraph(identity["funding_acknowledgement"])
    if identity["disclaimer"]:
        document.add_paragraph(identity["disclaimer"]).runs[0].italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_chart(document: Any, png: bytes | None) -> None:
    """A chart's PNG across the page's width (nothing when there is no chart)."""
    if png:
        document.add_picture(io.BytesIO(png), width=Cm(16))


def add_paragraphs(document: Any, text: str) -> None:
    """One paragraph per block of ``text`` (blocks are separated by an empty line)."""
    for block in (text or "").split("\n\n"):
        if block.strip():
            document.add_paragraph(block.strip())
