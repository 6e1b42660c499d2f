"""Writes for news and documents. Atomic, keyword-only; errors name the field and the fix.

Writers are the partnership's coordinators and platform administrators (or ``SYSTEM``, a
trusted caller without a person, such as the demo loader). Bad input raises
``ValidationError({field: [message]})`` before anything is written: no half-written row and
no stored file without its row.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass, fields
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crosscluster.content import files
from crosscluster.content.models import Document, DocumentKind, NewsPost, NewsTranslation
from crosscluster.content.queries import is_file_referenced, list_news_slugs, news_texts
from crosscluster.core.choices import Visibility
from crosscluster.core.i18n import content_language
from crosscluster.core.text import render_markdown, unique_slug
from crosscluster.core.translations import save_translation
from crosscluster.partnerships.queries import AnyUser, is_coordinator

if TYPE_CHECKING:
    from crosscluster.accounts.models import User
    from crosscluster.partnerships.models import Partnership

logger = logging.getLogger(__name__)

MEGABYTE = 1024 * 1024
TITLE_MAX = 200
BODY_MAX = 100_000
VERSION_MAX = 20
SLUG_MAX = 120
# Path segments the news URLs use; a post may not take them as its slug.
RESERVED_SLUGS = frozenset({"new"})


class System:
    """A trusted caller without a person: management commands, the demo loader."""

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = System()
Actor = AnyUser | System


def can_write(*, user: Actor, partnership: Partnership) -> bool:
    """Coordinators of the partnership and platform administrators publish its content."""
    if isinstance(user, System):
        return True
    return is_coordinator(user=user, partnership=partnership)


def _require_writer(user: Actor, partnership: Partnership) -> None:
    if not can_write(user=user, partnership=partnership):
        raise PermissionDenied(
            _(
                "Only the partnership's coordinators may publish, change or delete its news and documents."
            )
        )


def _person(user: Actor) -> User | None:
    return None if isinstance(user, System | AnonymousUser) else user


def _storage() -> Storage:
    return default_storage


# ---------------------------------------------------------------- field checks


def _check_title(value: str, errors: dict[str, list[str]]) -> str:
    title = " ".join(value.split())
    if not title:
        errors["title"] = [_("Give a title.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [
            _("Use at most %(title_max)s characters (now %(count)s).")
            % {"title_max": TITLE_MAX, "count": len(title)}
        ]
    return title


def _check_visibility(value: str, errors: dict[str, list[str]]) -> str:
    if value not in Visibility.values:
        errors["visibility"] = [
            _("Choose one of: %(choices)s (public, partnership members only, coordinators only).")
            % {"choices": ", ".join(Visibility.values)}
        ]
    return value


def _check_source_url(value: str, errors: dict[str, list[str]]) -> str:
    url = value.strip()
    if not url:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        errors["source_url"] = [
            _("Give the full address of the source, starting with https:// (or leave it empty).")
        ]
    if len(url) > 200:
        errors["source_url"] = [_("Use an address of at most 200 characters.")]
    return url


def _check_published_at(value: object, errors: dict[str, list[str]]) -> dt.datetime | None:
    if not isinstance(value, dt.datetime):
        errors["published_at"] = [_("Give the publication date and time, e.g. 2019-12-17T10:00Z.")]
        return None
    if timezone.is_naive(value):
        # A time without a zone is read in the site's zone (UTC), as Django does.
        return timezone.make_aware(value, dt.UTC)
    return value.astimezone(dt.UTC)


# ---------------------------------------------------------------- news


@dataclass(frozen=True)
class NewsChanges:
    """Fields of a news post to change; ``None`` leaves a field as it is."""

    title: str | None = None
    body_markdown: str | None = None
    published_at: dt.datetime | None = None
    visibility: str | None = None
    source_url: str | None = None


def _clean_news(
    *, title: str, body_markdown: str, published_at: object, visibility: str, source_url: str
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {
        "title": _check_title(title, errors),
        "body_markdown": body_markdown.strip(),
        "published_at": _check_published_at(published_at, errors),
        "visibility": _check_visibility(visibility, errors),
        "source_url": _check_source_url(source_url, errors),
    }
    if len(cleaned["body_markdown"]) > BODY_MAX:
        errors["body_markdown"] = [
            _(
                "Use at most %(body_max)s characters (now %(count)s): publish long texts as a document."
            )
            % {
                "body_max": format(BODY_MAX, ","),
                "count": format(len(cleaned["body_markdown"]), ","),
            }
        ]
    if errors:
        raise ValidationError(errors)
    return cleaned


def validate_news(
    *, title: str, body_markdown: str, published_at: object, visibility: str, source_url: str
) -> None:
    """Raise the ``ValidationError`` that publishing these values would raise."""
    _clean_news(
        title=title,
        body_markdown=body_markdown,
        published_at=published_at,
        visibility=visibility,
        source_url=source_url,
    )


def _save_news(post: NewsPost, cleaned: dict[str, Any]) -> NewsPost:
    for name, value in cleaned.items():
        setattr(post, name, value)
    # Rendered and sanitised on every write: the page shows body_html as it is.
    post.body_html = render_markdown(post.body_markdown)
    post.language = content_language(f"{post.title}. {post.body_markdown}", author=post.author)
    if post.pk is not None:
        with transaction.atomic():
            post.save()
        return post
    base = unique_slug(post.title, set(), max_length=SLUG_MAX)
    for _attempt in range(5):
        taken = list_news_slugs(partnership_id=post.partnership_id, prefix=base[:100])
        post.slug = unique_slug(post.title, taken | RESERVED_SLUGS, max_length=SLUG_MAX)
        try:
            with transaction.atomic():
                post.save()
        except IntegrityError:
            post.pk = None
            if post.slug not in list_news_slugs(
                partnership_id=post.partnership_id, prefix=post.slug
            ):
                raise
            continue  # someone took the slug between our read and our write: pick again
        return post
    raise ValidationError({"title": [_("Could not find a free web address: change the title.")]})


def publish_news(
    *,
    user: Actor,
    partnership: Partnership,
    title: str,
    body_markdown: str,
    published_at: dt.datetime,
    visibility: str = Visibility.PUBLIC,
    source_url: str = "",
) -> NewsPost:
    """A new news post; its slug comes from the title and is unique in the partnership."""
    _require_writer(user, partnership)
    cleaned = _clean_news(
        title=title,
        body_markdown=body_markdown,
        published_at=published_at,
        visibility=visibility,
        source_url=source_url,
    )
    post = NewsPost(partnership=partnership, author=_person(user))
    return _save_news(post, cleaned)


def update_news(*, user: Actor, post: NewsPost, changes: NewsChanges) -> NewsPost:
    """Change a news post. Its slug (and so its address) stays as it was published."""
    _require_writer(user, post.partnership)
    current = {field.name: getattr(post, field.name) for field in fields(NewsChanges)}
    wanted = {name: value for name, value in vars(changes).items() if value is not None}
    cleaned = _clean_news(**{**current, **wanted})
    return _save_news(post, cleaned)


def save_news(*, user: Actor, post: NewsPost) -> NewsPost:
    """Validate, render and save a post whose fields were set elsewhere (the admin)."""
    _require_writer(user, post.partnership)
    cleaned = _clean_news(
        title=post.title,
        body_markdown=post.body_markdown,
        published_at=post.published_at,
        visibility=post.visibility,
        source_url=post.source_url,
    )
    if post.pk is None and post.author_id is None:
        post.author = _person(user)
    return _save_news(post, cleaned)


def translate_news(
    *, user: Actor, post: NewsPost, language: str, texts: dict[str, str]
) -> NewsTranslation | None:
    """Hold the post's ``title`` and ``body`` in ``language`` too (its writers); no text left
    removes that language's translation, so readers see the original again."""
    _require_writer(user, post.partnership)
    return save_translation(
        model=NewsTranslation,
        owner={"post": post},
        language=language,
        original_language=post.language,
        fields=news_texts(post),
        texts=texts,
    )


def delete_news(*, user: Actor, post: NewsPost) -> None:
    _require_writer(user, post.partnership)
    post.delete()


# ---------------------------------------------------------------- documents


@dataclass(frozen=True)
class DocumentChanges:
    """Metadata of a document to change; ``None`` leaves a field as it is."""

    title: str | None = None
    kind: str | None = None
    document_date: dt.date | None = None
    version: str | None = None
    visibility: str | None = None


@dataclass(frozen=True)
class InspectedFile:
    file_type: files.FileType
    sha256: str
    size_bytes: int
    download_name: str


def _clean_document(
    *, title: str, kind: str, document_date: object, version: str, visibility: str
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {
        "title": _check_title(title, errors),
        "kind": kind,
        "document_date": document_date,
        "version": version.strip(),
        "visibility": _check_visibility(visibility, errors),
    }
    if kind not in DocumentKind.values:
        errors["kind"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(DocumentKind.values)}
        ]
    if not isinstance(document_date, dt.date) or isinstance(document_date, dt.datetime):
        errors["document_date"] = [_("Give the document's date, e.g. 2019-12-17.")]
    if not cleaned["version"]:
        errors["version"] = [_("Give a version, e.g. 1.0.")]
    elif len(cleaned["version"]) > VERSION_MAX:
        errors["version"] = [
            _("Use at most %(version_max)s characters, e.g. 1.0 or 2024-06.")
            % {"version_max": VERSION_MAX}
        ]
    return cleaned, errors


def megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.3g}"


def inspect_file(
    *, file: IO[bytes], original_filename: str, errors: dict[str, list[str]]
) -> InspectedFile | None:
    """Size, SHA-256 and type (judged by content) of an upload; ``None`` and an error if bad."""
    limit: int = settings.DOCUMENT_MAX_BYTES
    declared = getattr(file, "size", None)
    if isinstance(declared, int) and declared > limit:
        errors["file"] = [
            _(
                "The file is %(declared)s MB; the limit is %(limit)s MB: compress it or split it into parts."
            )
            % {"declared": megabytes(declared), "limit": megabytes(limit)}
        ]
        return None
    measured = files.digest(file, limit=limit)
    if measured.over_limit:
        errors["file"] = [
            _(
                "The file is larger than the limit of %(limit)s MB: compress it or split it into parts."
            )
            % {"limit": megabytes(limit)}
        ]
        return None
    if measured.size_bytes == 0:
        errors["file"] = [_("The file is empty: choose the file again.")]
        return None
    try:
        file_type = files.detect_type(file)
    except files.UnsupportedFileError as problem:
        errors["file"] = [str(problem)]
        return None
    return InspectedFile(
        file_type=file_type,
        sha256=measured.sha256,
        size_bytes=measured.size_bytes,
        download_name=files.download_filename(original_filename, file_type),
    )


def _store(file: IO[bytes], file_type: files.FileType) -> str:
    """Save the bytes under an unguessable name; the stored name is returned."""
    file.seek(0)
    name = f"documents/{timezone.now():%Y/%m}/{secrets.token_urlsafe(24)}{file_type.extension}"
    content = file if isinstance(file, File) else File(file)
    try:
        return _storage().save(name, content)
    except OSError as error:
        # A full or failing disk: no half-written file stays behind, and the person is told.
        logger.exception("Could not store the upload %s", name)
        _delete_stored(name)
        raise ValidationError(
            {
                "file": [
                    _(
                        "The server could not store the file (its storage is full or failing: %(reason)s). Nothing was saved; try again later or tell the platform administrators."
                    )
                    % {"reason": error.strerror or error}
                ]
            }
        ) from error


def _delete_stored(name: str) -> None:
    if not name:
        return
    try:
        _storage().delete(name)
    except OSError:
        logger.exception("Could not delete the stored file %s; prune_document_files will.", name)


def _original_name(file: IO[bytes], given: str | None) -> str:
    return given or str(getattr(file, "name", "") or "document")


def upload_document(
    *,
    user: Actor,
    partnership: Partnership,
    file: IO[bytes],
    title: str,
    kind: str,
    document_date: dt.date,
    version: str = "1.0",
    visibility: str = Visibility.PUBLIC,
    original_filename: str | None = None,
) -> Document:
    """Validate the upload (type by content, size limit), store it, then record it."""
    _require_writer(user, partnership)
    cleaned, errors = _clean_document(
        title=title, kind=kind, document_date=document_date, version=version, visibility=visibility
    )
    inspected = inspect_file(
        file=file, original_filename=_original_name(file, original_filename), errors=errors
    )
    if errors or inspected is None:
        raise ValidationError(errors)
    stored_name = _store(file, inspected.file_type)
    try:
        with transaction.atomic():
            document = Document(
                partnership=partnership,
                file=stored_name,
                original_filename=inspected.download_name,
                content_type=inspected.file_type.content_type,
                size_bytes=inspected.size_bytes,
                sha256=inspected.sha256,
                uploaded_by=_person(user),
                **cleaned,
            )
            document.save()
    except BaseException:
        _delete_stored(stored_name)
        raise
    return document


def update_document(
    *,
    user: Actor,
    document: Document,
    changes: DocumentChanges,
    file: IO[bytes] | None = None,
    original_filename: str | None = None,
) -> Document:
    """Change a document's metadata and, with ``file``, replace its file (a new version)."""
    _require_writer(user, document.partnership)
    current = {field.name: getattr(document, field.name) for field in fields(DocumentChanges)}
    wanted = {name: value for name, value in vars(changes).items() if value is not None}
    cleaned, errors = _clean_document(**{**current, **wanted})
    inspected = None
    if file is not None:
        inspected = inspect_file(
            file=file, original_filename=_original_name(file, original_filename), errors=errors
        )
    if errors:
        raise ValidationError(errors)
    if inspected is None or file is None:
        with transaction.atomic():
            for name, value in cleaned.items():
                setattr(document, name, value)
            document.save()
        return document
    old_name = document.file.name or ""
    stored_name = _store(file, inspected.file_type)
    previous = {
        name: getattr(document, name)
        for name in (*cleaned, "file", "original_filename", "content_type", "size_bytes", "sha256")
    }
    try:
        with transaction.atomic():
            for name, value in cleaned.items():
                setattr(document, name, value)
            document.file = stored_name
            document.original_filename = inspected.download_name
            document.content_type = inspected.file_type.content_type
            document.size_bytes = inspected.size_bytes
            document.sha256 = inspected.sha256
            document.save()
            transaction.on_commit(lambda: _delete_stored(old_name), robust=True)
    except BaseException:
        _delete_stored(stored_name)
        for name, value in previous.items():
            setattr(document, name, value)
        raise
    return document


def delete_document(*, user: Actor, document: Document) -> None:
    """Delete the row now and its file once the deletion is committed."""
    _require_writer(user, document.partnership)
    name = document.file.name or ""
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: _delete_stored(name), robust=True)


def _walk(storage: Storage, folder: str) -> list[str]:
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return []
    found = [f"{folder}/{name}" for name in names]
    for sub in folders:
        found.extend(_walk(storage, f"{folder}/{sub}"))
    return found


def prune_orphan_files(*, older_than: dt.datetime, dry_run: bool) -> list[str]:
    """Stored document files no row refers to, last changed before ``older_than``; deleted
    unless ``dry_run``. They can only come from a write interrupted outside these services
    (a crash between storing and recording, a caller's transaction rolled back)."""
    storage = _storage()
    orphans = [
        name
        for name in sorted(_walk(storage, "documents"))
        if not is_file_referenced(name=name) and storage.get_modified_time(name) < older_than
    ]
    if not dry_run:
        for name in orphans:
            _delete_stored(name)
    return orphans
