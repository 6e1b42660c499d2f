from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def news_list(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404("Not yet.")


def news_detail(request: HttpRequest, slug: str, news_slug: str) -> HttpResponse:
    raise Http404("Not yet.")


def news_feed(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404("Not yet.")


def document_list(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404("Not yet.")


def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    raise Http404("Not yet.")
