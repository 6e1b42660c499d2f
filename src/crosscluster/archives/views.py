"""Pages: an administrator uploads a partnership archive and follows its import."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from crosscluster.archives import permissions, queries, services
from crosscluster.archives.forms import ArchiveUploadForm
from crosscluster.core.http import is_htmx


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    permissions.require_importer(request.user)
    form = ArchiveUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                archive_import = services.request_import(
                    user=request.user,
                    file_name=upload.name,
                    content=upload.read(),
                    slug=form.cleaned_data["slug"],
                    now=timezone.now(),
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        form.add_error("slug" if field == "slug" else "file", message)
            else:
                return redirect("archives:detail", import_id=archive_import.pk)
        status = 400
    return render(
        request,
        "archives/start.html",
        {"form": form, "imports": queries.list_imports(user=request.user)[:20]},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def detail(request: HttpRequest, import_id: str) -> HttpResponse:
    archive_import = permissions.access_import(user=request.user, import_id=import_id)
    template = "archives/_status.html" if is_htmx(request) else "archives/detail.html"
    return render(request, template, {"archive_import": archive_import})
