"""The only way a view obtains a news post or document it must protect.

Rule: what the viewer may not see is a 404 (its existence is not revealed); what the viewer may
see but not change is a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from crosscluster.content import queries
from crosscluster.content.models import Document, NewsPost
from crosscluster.partnerships import queries as partnership_queries
from crosscluster.partnerships.models import Partnership
from crosscluster.partnerships.queries import AnyUser

NOT_A_WRITER = (
    "Only the partnership's coordinators may publish, change or delete its news and documents."
)


def access_partnership_for_writing(*, user: AnyUser, slug: str) -> Partnership:
    """A partnership whose news and documents the user may publish; else 404/403."""
    partnership = partnership_queries.get_partnership(user=user, slug=slug)
    if not partnership_queries.is_coordinator(user=user, partnership=partnership):
        raise PermissionDenied(NOT_A_WRITER)
    return partnership


def access_news_for_edit(*, user: AnyUser, slug: str, news_slug: str) -> NewsPost:
    partnership = partnership_queries.get_partnership(user=user, slug=slug)
    standing = partnership_queries.get_standing(user=user, partnership_id=partnership.pk)
    post = queries.get_news(partnership=partnership, standing=standing, slug=news_slug)
    if not standing.is_coordinator:
        raise PermissionDenied(NOT_A_WRITER)
    return post


def access_news(*, user: AnyUser, news_id: int) -> NewsPost:
    """A news post the user may read; 404 otherwise."""
    post = queries.visible_news(user=user).filter(pk=news_id).first()
    if post is None:
        raise Http404("No such news post.")
    return post


def access_news_by_id_for_edit(*, user: AnyUser, news_id: int) -> NewsPost:
    post = access_news(user=user, news_id=news_id)
    if not partnership_queries.is_coordinator(user=user, partnership=post.partnership):
        raise PermissionDenied(NOT_A_WRITER)
    return post


def access_document_for_download(*, user: AnyUser, document_id: int) -> Document:
    """A document the user may download; 404 otherwise (also when it exists but is hidden)."""
    document = queries.visible_documents(user=user).filter(pk=document_id).first()
    if document is None:
        raise Http404("No such document.")
    return document


def access_document_for_edit(*, user: AnyUser, document_id: int) -> Document:
    document = access_document_for_download(user=user, document_id=document_id)
    if not partnership_queries.is_coordinator(user=user, partnership=document.partnership):
        raise PermissionDenied(NOT_A_WRITER)
    return document
