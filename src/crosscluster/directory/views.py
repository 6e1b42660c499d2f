from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from crosscluster.directory import queries


def search(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/search.html", {})


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = queries.get_organisation(slug=slug)
    return render(request, "directory/organisation.html", {"organisation": organisation})
