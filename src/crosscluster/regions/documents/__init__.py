"""The S3 guidelines' documents: the indicators chart (``charts``) and the DOCX and PDF renderers
with the ``regions.guidelines`` export kind (``guidelines``)."""

from crosscluster.core.documents.docx import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from crosscluster.regions.documents import charts
from crosscluster.regions.documents.guidelines import (
    GUIDELINES,
    INDICATOR_HEADER,
    build_export_snapshot,
    export_context,
    export_docx,
    export_pdf,
    file_name,
    indicator_rows,
    matrix_table,
    render,
    render_pdf_html,
)

__all__ = [
    "DOCX_CONTENT_TYPE",
    "GUIDELINES",
    "INDICATOR_HEADER",
    "PDF_CONTENT_TYPE",
    "build_export_snapshot",
    "charts",
    "export_context",
    "export_docx",
    "export_pdf",
    "file_name",
    "indicator_rows",
    "matrix_table",
    "render",
    "render_pdf_html",
]
