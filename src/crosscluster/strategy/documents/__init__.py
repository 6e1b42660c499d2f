"""The JIS's documents: the chart of score contributions (``charts``) and the DOCX and PDF
renderers with the ``strategy.jis`` export kind (``jis``)."""

from crosscluster.core.documents.docx import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from crosscluster.strategy.documents import charts
from crosscluster.strategy.documents.jis import (
    JOINT_INTERNATIONALISATION_STRATEGY,
    contribution_rows,
    data_sources,
    export_context,
    export_docx,
    export_pdf,
    file_name,
    parse_subject,
    render_export,
    render_pdf_html,
    resolve_snapshot,
    version_label,
)

__all__ = [
    "DOCX_CONTENT_TYPE",
    "JOINT_INTERNATIONALISATION_STRATEGY",
    "PDF_CONTENT_TYPE",
    "charts",
    "contribution_rows",
    "data_sources",
    "export_context",
    "export_docx",
    "export_pdf",
    "file_name",
    "parse_subject",
    "render_export",
    "render_pdf_html",
    "resolve_snapshot",
    "version_label",
]
