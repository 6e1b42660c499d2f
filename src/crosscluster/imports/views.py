"""Pages: upload a file of organisations, map its columns, read the check, import it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from crosscluster.core.http import is_htmx
from crosscluster.core.throttling import refuse_if_throttled
from crosscluster.imports import permissions, queries, services
from crosscluster.imports.forms import MappingForm, UploadForm

PROBLEMS_PER_PAGE = 50
#: rows of the changes to matched organisations the page shows (the API pages through them all)
CHANGES_SHOWN = 100
CHANGE_LABELS = {
    "website": _("Website"),
    "city": _("City"),
    "nuts_region": _("NUTS region"),
    "description": _("Description"),
    "technologies": _("Technologies"),
    "sectors": _("Sectors"),
    "services": _("Services"),
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        throttled = refuse_if_throttled(request, permissions.UPLOAD_THROTTLE)
        if throttled is not None:
            return throttled
    clusters = queries.list_import_clusters(user=request.user)
    asked = request.POST.get("cluster") or request.GET.get("cluster") or ""
    if asked and asked not in {cluster.slug for cluster in clusters}:
        # an administrator (who may import into any cluster) comes from the cluster's page
        cluster = queries.find_cluster(slug=asked)
        if cluster is not None and queries.can_import_into(user=request.user, cluster=cluster):
            clusters.append(cluster)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        clusters=clusters,
        initial={"cluster": request.GET.get("cluster", "")},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            cluster = permissions.access_cluster_for_import(
                user=request.user, slug=form.cleaned_data["cluster"]
            )
            upload = form.cleaned_data["file"]
            try:
                services.check_upload_size(size=upload.size)
                organisation_import = services.upload_organisations(
                    user=request.user,
                    cluster=cluster,
                    file_name=upload.name,
                    content=upload.read(),
                    now=timezone.now(),
                    update_matched=form.cleaned_data["update_matched"],
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        form.add_error("file" if field == "file" else None, message)
            else:
                return redirect("imports:detail", import_id=organisation_import.pk)
        status = 400
    return render(
        request,
        "imports/start.html",
        {
            "form": form,
            "clusters": clusters,
            "imports": queries.list_imports(user=request.user)[:20],
        },
        status=status,
    )


def _detail(
    request: HttpRequest,
    import_id: str,
    *,
    mapping_form: MappingForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    organisation_import = permissions.access_import(user=request.user, import_id=import_id)
    if mapping_form is None:
        mapping_form = MappingForm(
            columns=organisation_import.columns,
            initial_mapping=organisation_import.mapping,
            update_matched=organisation_import.update_matched,
        )
    problems = Paginator(organisation_import.problems, PROBLEMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    template = "imports/_status.html" if is_htmx(request) else "imports/detail.html"
    response = render(
        request,
        template,
        {
            "organisation_import": organisation_import,
            "progress_percent": queries.get_progress_percent(
                organisation_import=organisation_import
            ),
            "mapping_form": mapping_form,
            "problems": problems,
            "changes": queries.word_changes(organisation_import.changes[:CHANGES_SHOWN]),
            "change_labels": CHANGE_LABELS,
            "errors": errors or [],
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def detail(request: HttpRequest, import_id: str) -> HttpResponse:
    return _detail(request, str(import_id))


@login_required
@require_POST
def map_columns(request: HttpRequest, import_id: str) -> HttpResponse:
    organisation_import = permissions.access_import(user=request.user, import_id=str(import_id))
    form = MappingForm(
        request.POST,
        columns=organisation_import.columns,
        initial_mapping=organisation_import.mapping,
    )
    if form.is_valid():
        try:
            services.map_columns(
                user=request.user,
                organisation_import=organisation_import,
                mapping=form.mapping(),
                update_matched=form.cleaned_data["update_matched"],
            )
        except ValidationError as error:
            messages = [m for values in error.message_dict.values() for m in values]
            return _detail(request, str(import_id), mapping_form=form, errors=messages, status=400)
        return redirect("imports:detail", import_id=organisation_import.pk)
    return _detail(request, str(import_id), mapping_form=form, status=400)


@login_required
@require_POST
def start_import(request: HttpRequest, import_id: str) -> HttpResponse:
    organisation_import = permissions.access_import(user=request.user, import_id=str(import_id))
    try:
        services.start_import(user=request.user, organisation_import=organisation_import)
    except ValidationError as error:
        messages = [m for values in error.message_dict.values() for m in values]
        return _detail(request, str(import_id), errors=messages, status=400)
    return redirect("imports:detail", import_id=organisation_import.pk)
