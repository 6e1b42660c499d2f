"""News and documents over the API. Reads respect visibility; writes need a coordinator's token.

No ``from __future__ import annotations`` here: ninja reads the query parameters' types at
run time through the pagination wrapper, which cannot resolve postponed names such as datetime.
"""

from datetime import date, datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.content import permissions, queries, services
from crosscluster.content.models import Document, NewsPost
from crosscluster.core.api import (
    ErrorOut,
    Pagination,
    TextTranslationIn,
    TextTranslationOut,
    translation_answer,
    translations_out,
)
from crosscluster.core.http import absolute_url

router = Router(tags=["content"])

VISIBILITY_HELP = "public, partnership (partnership members) or private (coordinators only)"
WRITE_ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


# ---------------------------------------------------------------- news


class NewsOut(Schema):
    id: int
    partnership: str = Field(description="Slug of the partnership.")
    slug: str
    title: str
    body_markdown: str
    body_html: str = Field(description="Rendered from body_markdown and sanitised (allow-list).")
    published_at: datetime
    updated_at: datetime
    visibility: str = Field(description=VISIBILITY_HELP)
    source_url: str = Field(description="Where the news was first published, if elsewhere.")
    language: str = Field(
        description="the language title and body_markdown are written in (ISO 639-1); "
        "GET /content/news/{news_id}/translations lists them in others"
    )
    url: str = Field(description="The news page.")

    @staticmethod
    def resolve_partnership(post: NewsPost) -> str:
        return post.partnership.slug

    @staticmethod
    def resolve_url(post: NewsPost) -> str:
        return absolute_url(reverse("content:news_detail", args=[post.partnership.slug, post.slug]))


class NewsIn(Schema):
    partnership: str = Field(description="Slug of the partnership.")
    title: str
    body_markdown: str = ""
    published_at: datetime | None = Field(
        None, description="Defaults to now; a time without a zone is read as UTC."
    )
    visibility: str = Field("public", description=VISIBILITY_HELP)
    source_url: str = ""


class NewsPatch(Schema):
    title: str | None = None
    body_markdown: str | None = None
    published_at: datetime | None = None
    visibility: str | None = Field(None, description=VISIBILITY_HELP)
    source_url: str | None = None


@router.get("/news", response=list[NewsOut], summary="List news (newest first)")
@paginate(Pagination)
def list_news(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    partnership: str | None = None,
    since: datetime | None = None,
):
    """News the caller may read: public ones, and with a session or token, members' and
    coordinators' ones. ``since`` keeps news published at or after that time."""
    return queries.search_news(
        user=api_viewer(request), partnership_slug=partnership or "", since=since
    )


@router.get("/news/{news_id}", response=NewsOut, summary="One news post")
def get_news(request: HttpRequest, news_id: int) -> NewsPost:
    return permissions.access_news(user=api_viewer(request), news_id=news_id)


@router.post(
    "/news",
    response={201: NewsOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Publish a news post (coordinators only)",
)
def create_news(request: HttpRequest, payload: NewsIn) -> Status[NewsPost]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_writing(user=user, slug=payload.partnership)
    post = services.publish_news(
        user=user,
        partnership=partnership,
        title=payload.title,
        body_markdown=payload.body_markdown,
        published_at=payload.published_at or timezone.now(),
        visibility=payload.visibility,
        source_url=payload.source_url,
    )
    return Status(201, post)


@router.patch(
    "/news/{news_id}",
    response={200: NewsOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change a news post (coordinators only)",
)
def patch_news(request: HttpRequest, news_id: int, payload: NewsPatch) -> NewsPost:
    user = token_user(request)
    post = permissions.access_news_by_id_for_edit(user=user, news_id=news_id)
    changes = services.NewsChanges(**payload.model_dump(exclude_unset=True))
    return services.update_news(user=user, post=post, changes=changes)


@router.delete(
    "/news/{news_id}",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Delete a news post (coordinators only)",
)
def delete_news(request: HttpRequest, news_id: int) -> Status[None]:
    user = token_user(request)
    post = permissions.access_news_by_id_for_edit(user=user, news_id=news_id)
    services.delete_news(user=user, post=post)
    return Status(204, None)


TRANSLATION_KEYS = "texts: title (required), body (Markdown)"


@router.get(
    "/news/{news_id}/translations",
    response=list[TextTranslationOut],
    summary="A news post's title and text in other languages than the original",
    description=TRANSLATION_KEYS,
)
def list_news_translations(request: HttpRequest, news_id: int) -> list[dict[str, object]]:
    post = permissions.access_news(user=api_viewer(request), news_id=news_id)
    return translations_out(queries.list_news_translations(post=post), queries.news_texts(post))


@router.put(
    "/news/{news_id}/translations/{language}",
    response={200: TextTranslationOut, 204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Write a news post's title and text in one more language (coordinators; no text "
    "removes it: 204)",
    description=TRANSLATION_KEYS,
)
def put_news_translation(
    request: HttpRequest, news_id: int, language: str, payload: TextTranslationIn
) -> Status[object]:
    user = token_user(request)
    post = permissions.access_news_by_id_for_edit(user=user, news_id=news_id)
    saved = services.translate_news(user=user, post=post, language=language, texts=payload.texts)
    return translation_answer(saved, queries.news_texts(post))


@router.delete(
    "/news/{news_id}/translations/{language}",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Remove a news post's translation: readers see the original (coordinators)",
)
def delete_news_translation(request: HttpRequest, news_id: int, language: str) -> Status[None]:
    user = token_user(request)
    post = permissions.access_news_by_id_for_edit(user=user, news_id=news_id)
    services.translate_news(user=user, post=post, language=language, texts={})
    return Status(204, None)


# ---------------------------------------------------------------- documents


class DocumentOut(Schema):
    id: int
    partnership: str = Field(description="Slug of the partnership.")
    title: str
    kind: str
    original_filename: str = Field(description="The name the file is downloaded under.")
    content_type: str = Field(description="Found from the file's content, not its name.")
    size_bytes: int
    sha256: str
    document_date: date
    version: str
    visibility: str = Field(description=VISIBILITY_HELP)
    uploaded_at: datetime
    download_url: str

    @staticmethod
    def resolve_partnership(document: Document) -> str:
        return document.partnership.slug

    @staticmethod
    def resolve_download_url(document: Document) -> str:
        return absolute_url(reverse("content:document_download", args=[document.pk]))


class DocumentIn(Schema):
    partnership: str = Field(description="Slug of the partnership.")
    title: str
    kind: str = Field(
        description="report, deliverable, presentation, agreement, data, image or other"
    )
    document_date: date
    version: str = "1.0"
    visibility: str = Field("public", description=VISIBILITY_HELP)


class DocumentPatch(Schema):
    title: str | None = None
    kind: str | None = None
    document_date: date | None = None
    version: str | None = None
    visibility: str | None = Field(None, description=VISIBILITY_HELP)


@router.get("/documents", response=list[DocumentOut], summary="List documents (newest first)")
@paginate(Pagination)
def list_documents(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    partnership: str | None = None,
    kind: str | None = None,
    since: date | None = None,
):
    """Documents the caller may download. ``since`` keeps documents dated on or after it."""
    return queries.search_documents(
        user=api_viewer(request), partnership_slug=partnership or "", kind=kind or "", since=since
    )


@router.get(
    "/documents/{document_id}", response=DocumentOut, summary="One document's metadata and link"
)
def get_document(request: HttpRequest, document_id: int) -> Document:
    return permissions.access_document_for_download(
        user=api_viewer(request), document_id=document_id
    )


@router.post(
    "/documents",
    response={201: DocumentOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Upload a document (coordinators only; multipart form)",
)
def upload_document(
    request: HttpRequest, details: Form[DocumentIn], file: File[UploadedFile]
) -> Status[Document]:
    """The type is judged by the file's content (PDF, DOCX, XLSX, PPTX, PNG, JPEG, GIF, WebP);
    files over the size limit are refused with a message naming the limit."""
    user = token_user(request)
    partnership = permissions.access_partnership_for_writing(user=user, slug=details.partnership)
    document = services.upload_document(
        user=user,
        partnership=partnership,
        file=file,
        original_filename=file.name,
        title=details.title,
        kind=details.kind,
        document_date=details.document_date,
        version=details.version,
        visibility=details.visibility,
    )
    return Status(201, document)


@router.patch(
    "/documents/{document_id}",
    response={200: DocumentOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change a document's metadata (coordinators only)",
)
def patch_document(request: HttpRequest, document_id: int, payload: DocumentPatch) -> Document:
    user = token_user(request)
    document = permissions.access_document_for_edit(user=user, document_id=document_id)
    changes = services.DocumentChanges(**payload.model_dump(exclude_unset=True))
    return services.update_document(user=user, document=document, changes=changes)


@router.delete(
    "/documents/{document_id}",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Delete a document and its file (coordinators only)",
)
def delete_document(request: HttpRequest, document_id: int) -> Status[None]:
    user = token_user(request)
    document = permissions.access_document_for_edit(user=user, document_id=document_id)
    services.delete_document(user=user, document=document)
    return Status(204, None)
