"""Reads about news and documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crosscluster.content.models import Document, NewsPost
from crosscluster.partnerships.models import Partnership
from crosscluster.partnerships.queries import Standing


@dataclass(frozen=True)
class LatestItem:
    kind: str  # "news" or "document"
    title: str
    date: dt.date
    news: NewsPost | None = None
    document: Document | None = None


def list_latest(*, partnership: Partnership, standing: Standing, limit: int) -> list[LatestItem]:
    """News posts and documents the viewer may see, newest first."""
    levels = standing.visibilities()
    news = NewsPost.objects.filter(partnership=partnership, visibility__in=levels).order_by(
        "-published_at"
    )[:limit]
    documents = Document.objects.filter(partnership=partnership, visibility__in=levels).order_by(
        "-document_date"
    )[:limit]
    items = [
        LatestItem(kind="news", title=post.title, date=post.published_at.date(), news=post)
        for post in news
    ] + [
        LatestItem(kind="document", title=doc.title, date=doc.document_date, document=doc)
        for doc in documents
    ]
    items.sort(key=lambda item: item.date, reverse=True)
    return items[:limit]
