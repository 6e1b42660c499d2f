"""The type of an upload is judged by its bytes; its name and the browser's claim do not count."""

from __future__ import annotations

import io

import pytest

from crosscluster.content import files
from crosscluster.content.tests import samples


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (samples.pdf_bytes(), files.PDF),
        (samples.docx_bytes(), files.DOCX),
        (samples.xlsx_bytes(), files.XLSX),
        (samples.pptx_bytes(), files.PPTX),
        (samples.image_bytes("PNG"), files.PNG),
        (samples.image_bytes("JPEG"), files.JPEG),
        (samples.image_bytes("GIF"), files.GIF),
        (samples.image_bytes("WEBP"), files.WEBP),
    ],
    ids=["pdf", "docx", "xlsx", "pptx", "png", "jpeg", "gif", "webp"],
)
def test_each_accepted_type_is_recognised_by_content(content: bytes, expected) -> None:
    assert files.detect_type(io.BytesIO(content)) == expected


@pytest.mark.parametrize(
    ("content", "hint"),
    [
        (samples.SVG, "export the image as PNG"),
        (b"\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"),
        (samples.plain_zip_bytes(), "not a DOCX, XLSX or PPTX"),
        (b"PK\x03\x04 but not really a zip", "damaged"),
        (samples.OLE_DOC, "save the file as DOCX, XLSX or PPTX"),
        (b"<html><script>alert(1)</script></html>", "upload a PDF, DOCX"),
        (b"MZ\x90\x00 an executable", "upload a PDF, DOCX"),
    ],
    ids=["svg", "svg-with-bom", "zip", "broken-zip", "old-office", "html", "exe"],
)
def test_other_content_is_refused_with_what_to_do(content: bytes, hint: str) -> None:
    with pytest.raises(files.UnsupportedFileError) as refused:
        files.detect_type(io.BytesIO(content))
    assert hint in str(refused.value)


def test_a_zip_with_the_word_part_but_no_content_types_is_not_a_docx() -> None:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(files.UnsupportedFileError):
        files.detect_type(io.BytesIO(out.getvalue()))


def test_digest_measures_and_stops_past_the_limit() -> None:
    import hashlib

    content = samples.pdf_bytes(padding=200_000)
    measured = files.digest(io.BytesIO(content), limit=len(content))
    assert measured.size_bytes == len(content)
    assert measured.sha256 == hashlib.sha256(content).hexdigest()
    assert not measured.over_limit
    assert files.digest(io.BytesIO(content), limit=len(content) - 1).over_limit


@pytest.mark.parametrize(
    ("given", "file_type", "offered"),
    [
        ("report.pdf", files.PDF, "report.pdf"),
        ("Report.PDF", files.PDF, "Report.PDF"),
        ("photo.jpeg", files.JPEG, "photo.jpeg"),
        ("invoice.docx", files.PDF, "invoice.docx.pdf"),
        ("C:\\Users\\me\\plan.xlsx", files.XLSX, "plan.xlsx"),
        ("../../etc/passwd", files.PNG, "passwd.png"),
        ('a"b\r\n.pptx', files.PPTX, "ab.pptx"),
        ("", files.PDF, "document.pdf"),
    ],
)
def test_download_name_keeps_the_users_name_with_a_matching_extension(
    given: str, file_type, offered: str
) -> None:
    assert files.download_filename(given, file_type) == offered
