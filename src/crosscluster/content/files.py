"""What an uploaded file really is, judged by its bytes (never by its name or the browser).

Pure functions on a readable, seekable binary file: no ORM, no settings.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _

HEAD_BYTES = 4096
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    content_type: str
    extension: str  # canonical, with the dot


PDF = FileType("pdf", "PDF", "application/pdf", ".pdf")
DOCX = FileType(
    "docx",
    "Word (DOCX)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
)
XLSX = FileType(
    "xlsx",
    "Excel (XLSX)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsx",
)
PPTX = FileType(
    "pptx",
    "PowerPoint (PPTX)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".pptx",
)
PNG = FileType("png", "PNG image", "image/png", ".png")
JPEG = FileType("jpeg", "JPEG image", "image/jpeg", ".jpg")
GIF = FileType("gif", "GIF image", "image/gif", ".gif")
WEBP = FileType("webp", "WebP image", "image/webp", ".webp")

ALLOWED_TYPES: tuple[FileType, ...] = (PDF, DOCX, XLSX, PPTX, PNG, JPEG, GIF, WEBP)
TYPES_BY_CONTENT_TYPE = {file_type.content_type: file_type for file_type in ALLOWED_TYPES}
# Extensions a user may reasonably give each type; others get the canonical one appended.
EXTENSIONS = {
    PDF: {".pdf"},
    DOCX: {".docx"},
    XLSX: {".xlsx"},
    PPTX: {".pptx"},
    PNG: {".png"},
    JPEG: {".jpg", ".jpeg", ".jpe"},
    GIF: {".gif"},
    WEBP: {".webp"},
}
ACCEPTED_TEXT = "PDF, DOCX, XLSX, PPTX, PNG, JPEG, GIF or WebP"

# The part each Office Open XML container must hold (ECMA-376 Part 2, main document parts).
OFFICE_MAIN_PARTS = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("ppt/presentation.xml", PPTX),
)


class UnsupportedFileError(ValueError):
    """The bytes are not one of the accepted types; the message says what to do instead."""


def label_for(content_type: str) -> str:
    file_type = TYPES_BY_CONTENT_TYPE.get(content_type)
    return file_type.label if file_type else content_type


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not text.startswith(b"<"):
        return False
    return b"<svg" in text


def _office_type(stream: IO[bytes]) -> FileType:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UnsupportedFileError(
            _("This ZIP file is damaged: save the document again and upload the new file.")
        ) from None
    if "[Content_Types].xml" in names:
        for part, file_type in OFFICE_MAIN_PARTS:
            if part in names:
                return file_type
    raise UnsupportedFileError(
        _(
            "This is a ZIP archive, not a DOCX, XLSX or PPTX document: "
            "upload the documents themselves (%(types)s)."
        )
        % {"types": ACCEPTED_TEXT}
    )


def detect_type(stream: IO[bytes]) -> FileType:
    """The type of the file from its content; raise ``UnsupportedFileError`` otherwise."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _office_type(stream)
    if _looks_like_svg(head):
        raise UnsupportedFileError(
            _(
                "SVG images are not accepted because they can carry scripts: export the image as PNG."
            )
        )
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UnsupportedFileError(
            _(
                "Old Office formats (DOC, XLS, PPT) are not accepted: "
                "save the file as DOCX, XLSX or PPTX (or PDF)."
            )
        )
    raise UnsupportedFileError(
        _("This file's content is not one of the accepted types: upload a %(types)s file.")
        % {"types": ACCEPTED_TEXT}
    )


@dataclass(frozen=True)
class Digest:
    sha256: str
    size_bytes: int
    over_limit: bool  # reading stopped once the file passed ``limit`` bytes


def digest(stream: IO[bytes], *, limit: int) -> Digest:
    """SHA-256 and size, reading at most ``limit + 1`` bytes."""
    stream.seek(0)
    hasher = hashlib.sha256()
    size = 0
    while True:
        chunk = stream.read(CHUNK_BYTES)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            stream.seek(0)
            return Digest(sha256="", size_bytes=size, over_limit=True)
        hasher.update(chunk)
    stream.seek(0)
    return Digest(sha256=hasher.hexdigest(), size_bytes=size, over_limit=False)


def download_filename(original: str, file_type: FileType) -> str:
    """The name to offer on download: the user's, with an extension that matches the content."""
    basename = original.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in basename if char.isprintable() and char != '"')
    name = name.strip().strip(".") or "document"
    _stem, dot, extension = name.rpartition(".")
    if dot and f".{extension.lower()}" in EXTENSIONS[file_type]:
        return name[:255]
    return name[: 255 - len(file_type.extension)] + file_type.extension
