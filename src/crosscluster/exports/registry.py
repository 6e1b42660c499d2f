"""What can be exported: each app registers its document kinds here from ``AppConfig.ready()``.

An app that produces documents (the JIS, the business plan, the S3 guidelines) registers one
:class:`ExportKind` per document, by its key and the dotted path of the kind, which is imported
when the kind is first used (a request, the worker, the list of kinds), not when the apps start:
the documents pull in their renderers (WeasyPrint, python-docx, the charts), which a
process that never makes one (the matching worker, a management command) need not import::

    # in crosscluster/businessplan/apps.py
    class BusinessPlanConfig(AppConfig):
        def ready(self) -> None:
            from crosscluster.exports.registry import register_path

            register_path("businessplan.plan", "crosscluster.businessplan.documents.BUSINESS_PLAN")

    # in crosscluster/businessplan/documents/__init__.py
    BUSINESS_PLAN = ExportKind(
        key="businessplan.plan",
        label=gettext_lazy("Business plan"),  # worded in the reader's language
        formats=("pdf", "docx", "xlsx"),
        can_request=allowed_if(access_plan),     # may this user export this subject?
        render=render,                           # runs in the background worker
    )

``subject`` is the string that names what is exported (a partnership's slug for all of today's
kinds). ``can_request`` is checked when a person asks for the document and again by the worker
before rendering (it must return False, not raise, for what the person may not see); ``render`` gets an :class:`ExportRequest` (subject, format and the user, so a
member's export shows what a member sees) and returns a :class:`RenderedFile`. Rendering must
not write to the database. ``label`` is lazy (``gettext_lazy``): pages, the API and messages
word it in their reader's language; an export row stores only the kind's ``key``. Pages show the request buttons with
``{% include "exports/_request.html" with kind="businessplan.plan" subject=partnership.slug %}``;
the person is taken to a status page that updates itself until the file is ready.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.module_loading import import_string

from crosscluster.accounts.queries import AnyUser

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

#: formats and their content types
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}


@dataclass(frozen=True)
class ExportRequest:
    subject: str
    file_format: str
    user: AnyUser


@dataclass(frozen=True)
class RenderedFile:
    filename: str
    content: bytes

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.filename.rsplit(".", 1)[-1]]


@dataclass(frozen=True)
class PreparedFile:
    """A document whose content was read once (:attr:`ExportKind.prepare`): the key naming
    that content (what ``cache_key`` would give) and how to make the file from it."""

    key: str | None
    make: Callable[[], RenderedFile]


@dataclass(frozen=True)
class ExportKind:
    key: str
    label: _StrOrPromise  # gettext_lazy: read in the reader's language, never stored
    formats: tuple[str, ...]
    can_request: Callable[[AnyUser, str], bool]
    render: Callable[[ExportRequest], RenderedFile]
    #: optional: a key naming the exact content this request would get (an adopted version's
    #: id, or ``content_fingerprint`` of the snapshot the document is made from); a finished
    #: export of the same kind, format and key is then handed out again, not made again
    cache_key: Callable[[ExportRequest], str | None] | None = None
    #: optional: the address of the page the document is made from, for a subject (the status
    #: page links back to it)
    page: Callable[[str], str] | None = None
    #: optional: read the content once and return its key and how to make the file from that
    #: very content; the worker then reads it once a file (not once for the key before, once to
    #: render and once for the key after), and the key names exactly what the file shows
    prepare: Callable[[ExportRequest], PreparedFile] | None = None

    def page_url(self, subject: str) -> str:
        return self.page(subject) if self.page is not None else ""

    def __post_init__(self) -> None:
        unknown = set(self.formats) - set(CONTENT_TYPES)
        if unknown:
            raise ValueError(f"{self.key}: unknown formats {sorted(unknown)}")


def content_key(kind: ExportKind, request: ExportRequest, *, language: str) -> str:
    """The kind's ``cache_key`` for ``request`` with the ``language`` the document is rendered
    in, or "" when the kind caches nothing."""
    return in_language(kind.cache_key(request) if kind.cache_key else None, language=language)


def in_language(key: str | None, *, language: str) -> str:
    """A content key with the language the document is rendered in ("" for no key)."""
    return f"{key}@{language}" if key else ""


def allowed_if(access: Callable[[AnyUser, str], object]) -> Callable[[AnyUser, str], bool]:
    """A ``can_request`` from the app's own access check ``access(user, subject)``, which raises
    Http404 or PermissionDenied for what the person may not see: one rule for pages and exports."""

    def can_request(user: AnyUser, subject: str) -> bool:
        try:
            access(user, subject)
        except (Http404, PermissionDenied):
            return False
        return True

    return can_request


def content_fingerprint(subject: str, snapshot: Mapping[str, Any]) -> str:
    """A key naming a document's content: the SHA-256 of its subject and of the snapshot it is
    rendered from (JSON, keys sorted). Two requests whose snapshots are equal get the same file;
    any change to what the document shows (a figure, a name, the day a plan's figures are "on")
    changes the key, so a changed document is made afresh."""
    text = json.dumps([subject, snapshot], sort_keys=True, default=str, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


#: the kinds in use, by key
_KINDS: dict[str, ExportKind] = {}
#: the kinds registered by path and not imported yet: key -> dotted path of the ExportKind
_PATHS: dict[str, str] = {}


def register(kind: ExportKind) -> None:
    """Make ``kind`` exportable (tests; an app registers by path, :func:`register_path`)."""
    if kind.key in _KINDS and _KINDS[kind.key] is not kind:
        raise ValueError(f"the export kind {kind.key!r} is registered twice")
    _KINDS[kind.key] = kind


def register_path(key: str, path: str) -> None:
    """Make the kind ``key`` exportable, ``path`` naming it (``"package.module.NAME"``); it
    is imported when first used (called once per kind from an ``AppConfig.ready()``)."""
    if _PATHS.get(key, path) != path or (key in _KINDS and key not in _PATHS):
        raise ValueError(f"the export kind {key!r} is registered twice")
    _PATHS[key] = path


def _load(key: str) -> ExportKind | None:
    """The kind ``key``, imported from its path the first time it is asked for."""
    if key in _KINDS:
        return _KINDS[key]
    path = _PATHS.get(key)
    if path is None:
        return None
    kind = import_string(path)
    if not isinstance(kind, ExportKind) or kind.key != key:
        raise ValueError(f"{path} is not the export kind {key!r}")
    _KINDS.setdefault(key, kind)
    return _KINDS[key]


def get_kind(key: str) -> ExportKind:
    """The registered kind, or ``LookupError`` naming the known ones."""
    kind = _load(key)
    if kind is None:
        known = ", ".join(sorted({*_KINDS, *_PATHS})) or "none"
        raise LookupError(f"unknown export kind {key!r} (known: {known})")
    return kind


def list_kinds() -> list[ExportKind]:
    kinds = [_load(key) for key in sorted({*_KINDS, *_PATHS})]
    return [kind for kind in kinds if kind is not None]
