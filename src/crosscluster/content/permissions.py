"""The only way a view obtains a news post or document it must protect.

Rule: what the viewer may not see is a 404 (its existence is not revealed); what the viewer may
see but not change is a 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy

from crosscluster.content import queries
from crosscluster.content.models import Document, NewsPost
from crosscluster.partnerships import queries as partnership_queries
from crosscluster.partnerships.queries import AnyUser, Standing

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

NOT_A_WRITER = gettext_lazy(
    "Only the partnership's coordinators may publish, change or delete its news and documents."
)


def access_partnership(*, user: AnyUser, slug: str) -> Partnership:
    """A partnership the user may see (its news and documents pages); 404 otherwise."""
    try:
        return partnership_queries.get_partnership(user=user, slug=slug)
    except ObjectDoesNotExist as error:  # Partnership.DoesNotExist
        raise Http404(str(error)) from error


def access_partnership_with_standing(*, user: AnyUser, slug: str) -> tuple[Partnership, Standing]:
    """A partnership the user may see and what the user is to it; 404 otherwise."""
    partnership = access_partnership(user=user, slug=slug)
    return partnership, partnership_queries.get_standing(user=user, partnership_id=partnership.pk)


def access_partnership_for_writing(*, user: AnyUser, slug: str) -> Partnership:
    """A partnership whose news and documents the user may publish; else 404/403."""
    partnership = access_partnership(user=user, slug=slug)
    if not partnership_queries.is_coordinator(user=user, partnership=partnership):
        raise PermissionDenied(NOT_A_WRITER)
    return partnership


def access_news_by_slug(
    *, user: AnyUser, slug: str, news_slug: str
) -> tuple[Partnership, Standing, NewsPost]:
    """A news post of a partnership, if the user may read it, with the partnership and what the
    user is to it; 404 otherwise."""
    partnership, standing = access_partnership_with_standing(user=user, slug=slug)
    try:
        post = queries.get_news(partnership=partnership, standing=standing, slug=news_slug)
    except NewsPost.DoesNotExist as error:
        raise Http404(str(error)) from error
    return partnership, standing, post


def access_news_for_edit(*, user: AnyUser, slug: str, news_slug: str) -> NewsPost:
    _partnership, standing, post = access_news_by_slug(user=user, slug=slug, news_slug=news_slug)
    if not standing.is_coordinator:
        raise PermissionDenied(NOT_A_WRITER)
    return post


def access_news(*, user: AnyUser, news_id: int) -> NewsPost:
    """A news post the user may read; 404 otherwise."""
    try:
        return queries.get_visible_news(user=user, news_id=news_id)
    except NewsPost.DoesNotExist as error:
        raise Http404(str(error)) from error


def access_news_by_id_for_edit(*, user: AnyUser, news_id: int) -> NewsPost:
    post = access_news(user=user, news_id=news_id)
    if not partnership_queries.is_coordinator(user=user, partnership=post.partnership):
        raise PermissionDenied(NOT_A_WRITER)
    return post


def access_document_for_download(*, user: AnyUser, document_id: int) -> Document:
    """A document the user may download; 404 otherwise (also when it exists but is hidden)."""
    try:
        return queries.get_visible_document(user=user, document_id=document_id)
    except Document.DoesNotExist as error:
        raise Http404(str(error)) from error


def access_document_for_edit(*, user: AnyUser, document_id: int) -> Document:
    document = access_document_for_download(user=user, document_id=document_id)
    if not partnership_queries.is_coordinator(user=user, partnership=document.partnership):
        raise PermissionDenied(NOT_A_WRITER)
    return document
