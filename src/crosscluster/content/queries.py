"""Reads about news and documents. Every read respects the item's visibility.

What is missing or hidden is ``NewsPost.DoesNotExist`` / ``Document.DoesNotExist`` (the two look
alike); ``permissions`` turns it into a 404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.content.models import Document, NewsPost, NewsTranslation
from crosscluster.core.choices import Visibility
from crosscluster.core.http import absolute_url
from crosscluster.core.translations import (
    ReaderTexts,
    TranslatableText,
    for_readers,
    list_held,
)
from crosscluster.partnerships import queries as partnership_queries
from crosscluster.partnerships.queries import AnyUser, Standing

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership


def _readable(user: AnyUser) -> Q:
    return partnership_queries.visibility_filter(user=user)


# ---------------------------------------------------------------- news


def visible_news(*, user: AnyUser) -> QuerySet[NewsPost]:
    """News the user may read, across partnerships, newest first."""
    return (
        NewsPost.objects.filter(_readable(user))
        .select_related("partnership")
        .order_by("-published_at", "-pk")
    )


def search_news(
    *, user: AnyUser, partnership_slug: str = "", since: dt.datetime | None = None
) -> QuerySet[NewsPost]:
    """News the user may read, of one partnership (by slug) and published at or after ``since``
    (each when given), newest first."""
    news = visible_news(user=user)
    if partnership_slug:
        news = news.filter(partnership__slug=partnership_slug)
    if since is not None:
        news = news.filter(published_at__gte=since)
    return news


def get_visible_news(*, user: AnyUser, news_id: int) -> NewsPost:
    """A news post the user may read, by id."""
    post = visible_news(user=user).filter(pk=news_id).first()
    if post is None:
        raise NewsPost.DoesNotExist(_("No such news post."))
    return post


def list_news(*, partnership: Partnership, standing: Standing) -> QuerySet[NewsPost]:
    """A partnership's news the viewer may read, newest first."""
    return NewsPost.objects.filter(
        partnership=partnership, visibility__in=standing.visibilities()
    ).order_by("-published_at", "-pk")


def get_news(*, partnership: Partnership, standing: Standing, slug: str) -> NewsPost:
    post = list_news(partnership=partnership, standing=standing).filter(slug=slug).first()
    if post is None:
        raise NewsPost.DoesNotExist(_("No such news post."))
    post.partnership = partnership
    return post


def list_public_news(*, partnership: Partnership, limit: int) -> list[NewsPost]:
    """What the Atom feed shows: public news of a public partnership, newest first."""
    if not partnership.is_public:
        return []
    return list(
        NewsPost.objects.filter(partnership=partnership, visibility=Visibility.PUBLIC).order_by(
            "-published_at", "-pk"
        )[:limit]
    )


def list_news_slugs(*, partnership_id: int, prefix: str) -> set[str]:
    """Slugs already used in a partnership that start with ``prefix`` (to pick a free one)."""
    return set(
        NewsPost.objects.filter(partnership_id=partnership_id, slug__startswith=prefix).values_list(
            "slug", flat=True
        )
    )


# ---------------------------------------------------------------- documents


def visible_documents(*, user: AnyUser) -> QuerySet[Document]:
    """Documents the user may download, across partnerships, newest first."""
    return (
        Document.objects.filter(_readable(user))
        .select_related("partnership")
        .order_by("-document_date", "-pk")
    )


def search_documents(
    *, user: AnyUser, partnership_slug: str = "", kind: str = "", since: dt.date | None = None
) -> QuerySet[Document]:
    """Documents the user may download, of one partnership (by slug), of ``kind`` and dated on or
    after ``since`` (each when given), newest first."""
    documents = visible_documents(user=user)
    if partnership_slug:
        documents = documents.filter(partnership__slug=partnership_slug)
    if kind:
        documents = documents.filter(kind=kind)
    if since is not None:
        documents = documents.filter(document_date__gte=since)
    return documents


def get_visible_document(*, user: AnyUser, document_id: int) -> Document:
    """A document the user may download, by id."""
    document = visible_documents(user=user).filter(pk=document_id).first()
    if document is None:
        raise Document.DoesNotExist(_("No such document."))
    return document


def document_link(*, user: AnyUser, document_id: int) -> tuple[int, str] | None:
    """The partnership and the absolute download address of a document the user may download
    (to cite it elsewhere, e.g. as a work item's evidence); ``None`` if there is none."""
    document = visible_documents(user=user).filter(pk=document_id).first()
    if document is None:
        return None
    path = reverse("content:document_download", kwargs={"document_id": document.pk})
    return document.partnership_id, absolute_url(path)


def list_documents(*, partnership: Partnership, standing: Standing) -> QuerySet[Document]:
    """A partnership's documents the viewer may download, newest first."""
    return Document.objects.filter(
        partnership=partnership, visibility__in=standing.visibilities()
    ).order_by("-document_date", "-pk")


def is_file_referenced(*, name: str) -> bool:
    return Document.objects.filter(file=name).exists()


# ---------------------------------------------------------------- the partnership page


@dataclass(frozen=True)
class LatestItem:
    kind: str  # "news" or "document"
    title: str
    date: dt.date
    news: NewsPost | None = None
    document: Document | None = None
    #: the title's language (``lang``) where known: a news post's, or its translation's
    lang: str = ""


def list_latest(
    *, partnership: Partnership, standing: Standing, limit: int, language: str = ""
) -> list[LatestItem]:
    """News posts and documents the viewer may see, newest first (three queries).

    News are dated by their publication day in the viewer's time zone, documents by their
    document date; on the same day, the item published or uploaded last comes first. A news
    title is shown in ``language`` where a current translation holds it, else as written
    (no ``language``: as written).
    """
    news = list(list_news(partnership=partnership, standing=standing)[:limit])
    documents = list(list_documents(partnership=partnership, standing=standing)[:limit])
    keyed: list[tuple[dt.date, dt.datetime, LatestItem]] = []
    for post, texts in news_for_readers(posts=news, language=language):
        post.partnership = partnership  # the template links through it; no extra query
        day = timezone.localdate(post.published_at)
        item = LatestItem(
            kind="news",
            title=texts["title"],
            date=day,
            news=post,
            lang=texts.lang("title") if post.language else "",
        )
        keyed.append((day, post.published_at, item))
    for document in documents:
        document.partnership = partnership
        item = LatestItem(
            kind="document", title=document.title, date=document.document_date, document=document
        )
        keyed.append((document.document_date, document.uploaded_at, item))
    keyed.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    return [item for _day, _at, item in keyed[:limit]]


def personal_data(user_id: int) -> dict[str, object]:
    """The news a person wrote and the documents they uploaded (see core.personal_data)."""
    return {
        "news_written": list(
            NewsPost.objects.filter(author_id=user_id).values(
                "id", "partnership_id", "title", "published_at"
            )
        ),
        "documents_uploaded": list(
            Document.objects.filter(uploaded_by_id=user_id).values(
                "id", "partnership_id", "title", "original_filename", "uploaded_at"
            )
        ),
    }


# ---------------------------------------------------------------- the texts in other languages


def news_texts(post: NewsPost) -> list[TranslatableText]:
    """What of a news post may be translated (the limits are the original's, services)."""
    return [
        TranslatableText(
            "title", gettext_lazy("Title"), post.title, required=True, multiline=False, limit=200
        ),
        TranslatableText("body", gettext_lazy("Text"), post.body_markdown, limit=100_000),
    ]


def news_for_readers(
    *, posts: Sequence[NewsPost], language: str
) -> list[tuple[NewsPost, ReaderTexts]]:
    """Each post with its title and text in ``language`` where translated, else as written."""
    return for_readers(
        posts, model=NewsTranslation, owner_field="post", texts_of=news_texts, language=language
    )


def news_for_reader(*, post: NewsPost, language: str) -> ReaderTexts:
    return news_for_readers(posts=[post], language=language)[0][1]


def list_news_translations(*, post: NewsPost) -> dict[str, NewsTranslation]:
    return list_held(model=NewsTranslation, owner={"post": post})
