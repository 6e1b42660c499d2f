from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from crosscluster.content import permissions, queries, services
from crosscluster.content.forms import DocumentEditForm, DocumentForm, NewsForm
from crosscluster.content.models import Document, NewsPost
from crosscluster.core.choices import Visibility
from crosscluster.core.forms import add_service_errors
from crosscluster.core.http import absolute_url, page_of
from crosscluster.core.translation_pages import translations_page

logger = logging.getLogger(__name__)

PER_PAGE = 20
FEED_ENTRIES = 50


# ---------------------------------------------------------------- news pages


def news_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, standing = permissions.access_partnership_with_standing(
        user=request.user, slug=slug
    )
    news = queries.list_news(partnership=partnership, standing=standing)
    page = page_of(request, news, size=PER_PAGE)
    posts = queries.news_for_readers(posts=list(page), language=translation.get_language())
    return render(
        request,
        "content/news_list.html",
        {"partnership": partnership, "standing": standing, "page": page, "posts": posts},
    )


def news_detail(request: HttpRequest, slug: str, news_slug: str) -> HttpResponse:
    partnership, standing, post = permissions.access_news_by_slug(
        user=request.user, slug=slug, news_slug=news_slug
    )
    texts = queries.news_for_reader(post=post, language=translation.get_language())
    return render(
        request,
        "content/news_detail.html",
        {"partnership": partnership, "standing": standing, "post": post, "texts": texts},
    )


@login_required
def news_translations(
    request: HttpRequest, slug: str, news_slug: str, language: str = ""
) -> HttpResponse:
    """The post's title and text in the partners' other languages (its writers)."""
    post = permissions.access_news_for_edit(user=request.user, slug=slug, news_slug=news_slug)
    return translations_page(
        request,
        item_name=post.title,
        back_url=reverse("content:news_detail", args=[slug, post.slug]),
        list_url=reverse("content:news_translations", args=[slug, post.slug]),
        url_for=lambda code: reverse("content:news_translation", args=[slug, post.slug, code]),
        original_language=post.language,
        texts=queries.news_texts(post),
        held=queries.list_news_translations(post=post),
        language=language,
        save=lambda texts: services.translate_news(
            user=request.user, post=post, language=language, texts=texts
        ),
        markdown=True,
    )


def _entry_id(post: NewsPost) -> str:
    """A tag URI (RFC 4151): stable when the title, date or address of the post change."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{post.created_at:%Y-%m-%d}:/content/news/{post.pk}"


@require_safe
def news_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """Atom feed of the public news of a public partnership (the same for every reader)."""
    partnership = permissions.access_partnership(user=AnonymousUser(), slug=slug)
    page_url = absolute_url(reverse("content:news_list", args=[partnership.slug]))
    feed = Atom1Feed(
        title=_("News of %(name)s") % {"name": partnership.name},
        link=page_url,
        description="",
        language=settings.LANGUAGE_CODE,
        feed_url=absolute_url(reverse("content:news_feed", args=[partnership.slug])),
        author_name=partnership.name,
        author_link=absolute_url(reverse("partnerships:detail", args=[partnership.slug])),
    )
    for post in queries.list_public_news(partnership=partnership, limit=FEED_ENTRIES):
        summary = post.body_html
        if post.source_url:
            summary += format_html(
                '<p>{} <a href="{}">{}</a></p>', _("Source:"), post.source_url, post.source_url
            )
        feed.add_item(
            title=post.title,
            link=absolute_url(reverse("content:news_detail", args=[partnership.slug, post.slug])),
            description=summary,
            unique_id=_entry_id(post),
            pubdate=post.published_at,
            updateddate=max(post.published_at, post.updated_at),
        )
    response = HttpResponse(content_type=feed.content_type)
    feed.write(response, "utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_required
def news_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_partnership_for_writing(user=request.user, slug=slug)
    form = NewsForm(request.POST) if request.method == "POST" else NewsForm()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.publish_news(
                user=request.user,
                partnership=partnership,
                title=data["title"],
                body_markdown=data["body_markdown"],
                published_at=data["published_at"] or timezone.now(),
                visibility=data["visibility"],
                source_url=data["source_url"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The news post was published."))
            return redirect("content:news_detail", slug=partnership.slug, news_slug=post.slug)
    return render(
        request, "content/news_form.html", {"partnership": partnership, "form": form, "post": None}
    )


@login_required
def news_edit(request: HttpRequest, slug: str, news_slug: str) -> HttpResponse:
    post = permissions.access_news_for_edit(user=request.user, slug=slug, news_slug=news_slug)
    partnership = post.partnership
    if request.method == "POST":
        form = NewsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            changes = services.NewsChanges(
                title=data["title"],
                body_markdown=data["body_markdown"],
                published_at=data["published_at"],  # empty keeps the date
                visibility=data["visibility"],
                source_url=data["source_url"],
            )
            try:
                services.update_news(user=request.user, post=post, changes=changes)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The news post was saved."))
                return redirect("content:news_detail", slug=partnership.slug, news_slug=post.slug)
    else:
        form = NewsForm(
            initial={
                "title": post.title,
                "body_markdown": post.body_markdown,
                "published_at": timezone.localtime(post.published_at),
                "visibility": post.visibility,
                "source_url": post.source_url,
            }
        )
    return render(
        request, "content/news_form.html", {"partnership": partnership, "form": form, "post": post}
    )


@login_required
@require_http_methods(["GET", "POST"])
def news_delete(request: HttpRequest, slug: str, news_slug: str) -> HttpResponse:
    post = permissions.access_news_for_edit(user=request.user, slug=slug, news_slug=news_slug)
    if request.method == "POST":
        services.delete_news(user=request.user, post=post)
        messages.success(request, _("The news post was deleted."))
        return redirect("content:news_list", slug=post.partnership.slug)
    return render(
        request,
        "content/confirm_delete.html",
        {
            "partnership": post.partnership,
            "title": post.title,
            "cancel_url": reverse("content:news_detail", args=[post.partnership.slug, post.slug]),
        },
    )


# ---------------------------------------------------------------- document pages


def document_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, standing = permissions.access_partnership_with_standing(
        user=request.user, slug=slug
    )
    documents = queries.list_documents(partnership=partnership, standing=standing)
    page = page_of(request, documents, size=PER_PAGE)
    return render(
        request,
        "content/document_list.html",
        {"partnership": partnership, "standing": standing, "page": page},
    )


def _cache_control(document: Document) -> str:
    if document.visibility == Visibility.PUBLIC and document.partnership.is_public:
        return "public, max-age=300"
    return "private, no-store"


@require_safe
def document_download(request: HttpRequest, document_id: int) -> FileResponse:
    """The file, to those allowed to see the document; 404 for everyone else."""
    document = permissions.access_document_for_download(user=request.user, document_id=document_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        logger.error("Document %s has no stored file at %s", document.pk, document.file.name)
        raise Http404(_("The file of this document is missing.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_filename,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = _cache_control(document)
    response["ETag"] = f'"{document.sha256}"'
    return response


def _limits() -> dict[str, str]:
    return {"max_megabytes": services.megabytes(settings.DOCUMENT_MAX_BYTES)}


@login_required
def document_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_partnership_for_writing(user=request.user, slug=slug)
    bound = request.method == "POST"
    form = DocumentForm(request.POST, request.FILES) if bound else DocumentForm()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.upload_document(
                user=request.user,
                partnership=partnership,
                file=data["file"],
                original_filename=data["file"].name,
                title=data["title"],
                kind=data["kind"],
                document_date=data["document_date"],
                version=data["version"],
                visibility=data["visibility"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document was uploaded."))
            return redirect("content:document_list", slug=partnership.slug)
    return render(
        request,
        "content/document_form.html",
        {"partnership": partnership, "form": form, "document": None, **_limits()},
    )


@login_required
def document_edit(request: HttpRequest, document_id: int) -> HttpResponse:
    document = permissions.access_document_for_edit(user=request.user, document_id=document_id)
    partnership = document.partnership
    if request.method == "POST":
        form = DocumentEditForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            changes = services.DocumentChanges(
                title=data["title"],
                kind=data["kind"],
                document_date=data["document_date"],
                version=data["version"],
                visibility=data["visibility"],
            )
            try:
                services.update_document(
                    user=request.user,
                    document=document,
                    changes=changes,
                    file=upload or None,
                    original_filename=upload.name if upload else None,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The document was saved."))
                return redirect("content:document_list", slug=partnership.slug)
    else:
        form = DocumentEditForm(
            initial={
                "title": document.title,
                "kind": document.kind,
                "document_date": document.document_date,
                "version": document.version,
                "visibility": document.visibility,
            }
        )
    return render(
        request,
        "content/document_form.html",
        {"partnership": partnership, "form": form, "document": document, **_limits()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, document_id: int) -> HttpResponse:
    document = permissions.access_document_for_edit(user=request.user, document_id=document_id)
    partnership = document.partnership
    if request.method == "POST":
        services.delete_document(user=request.user, document=document)
        messages.success(request, _("The document was deleted."))
        return redirect("content:document_list", slug=partnership.slug)
    return render(
        request,
        "content/confirm_delete.html",
        {
            "partnership": partnership,
            "title": document.title,
            "cancel_url": reverse("content:document_list", args=[partnership.slug]),
        },
    )
