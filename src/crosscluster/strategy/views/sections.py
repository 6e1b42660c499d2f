"""The section editors of the JIS: one page per section to add, change and remove its items."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crosscluster.core.forms import add_service_errors
from crosscluster.core.http import is_htmx
from crosscluster.partnerships.queries import AnyUser
from crosscluster.strategy import permissions, queries, services
from crosscluster.strategy.forms import (
    ActionForm,
    InitiativeForm,
    OfferingForm,
    PriorityMarketForm,
    SupportMechanismForm,
    TechnologyDomainForm,
)
from crosscluster.strategy.models import (
    Initiative,
    InitiativeKind,
    JointOffering,
    PriorityMarket,
    RoadmapAction,
    SectionKey,
    SupportMechanism,
    TechnologyDomain,
)

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership


# ---------------------------------------------------------------- section editors


@dataclass(frozen=True)
class Editor:
    """How a section's items are edited: the form, its initial values, and the service call."""

    title: str
    make_form: Callable[[Partnership, dict[str, Any], Any], Form]
    initial: Callable[[Any], dict[str, Any]]
    save: Callable[[AnyUser, Partnership, Form, Any], object]
    can_add: bool = True


def _technology_form(partnership: Partnership, snapshot: dict[str, Any], data: Any) -> Form:
    tags = [(tag.slug, tag.label) for tag in queries.list_technology_tags()]
    return TechnologyDomainForm(data, tags=tags)


def _offering_form(partnership: Partnership, snapshot: dict[str, Any], data: Any) -> Form:
    return OfferingForm(data, partners=queries.list_partner_organisations(partnership=partnership))


def _initiative_form(kind: str) -> Callable[[Partnership, dict[str, Any], Any], Form]:
    def make(partnership: Partnership, snapshot: dict[str, Any], data: Any) -> Form:
        return InitiativeForm(data, kind=kind)

    return make


def _implementable_items(snapshot: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The other sections' items, grouped under their section's name (in the reader's
    language) as the checkbox group shows them."""
    labels = dict(SectionKey.choices)
    return [
        (str(labels[section]), [(item["key"], item["title"]) for item in items])
        for section, items in snapshot["sections"].items()
        if section != SectionKey.ROADMAP and items
    ]


def _action_form(partnership: Partnership, snapshot: dict[str, Any], data: Any) -> Form:
    return ActionForm(
        data,
        partners=queries.list_partner_organisations(partnership=partnership),
        items=_implementable_items(snapshot),
    )


def _save_technology(user: AnyUser, partnership: Partnership, form: Form, item: Any) -> object:
    assert isinstance(form, TechnologyDomainForm)
    return services.save_technology_domain(
        user=user, partnership=partnership, data=form.to_input(), domain=item
    )


def _save_offering(user: AnyUser, partnership: Partnership, form: Form, item: Any) -> object:
    assert isinstance(form, OfferingForm)
    return services.save_offering(
        user=user, partnership=partnership, data=form.to_input(), offering=item
    )


def _save_initiative(user: AnyUser, partnership: Partnership, form: Form, item: Any) -> object:
    assert isinstance(form, InitiativeForm)
    return services.save_initiative(
        user=user, partnership=partnership, data=form.to_input(), initiative=item
    )


def _save_support(user: AnyUser, partnership: Partnership, form: Form, item: Any) -> object:
    assert isinstance(form, SupportMechanismForm)
    return services.save_support_mechanism(
        user=user, partnership=partnership, data=form.to_input(), mechanism=item
    )


def _save_action(user: AnyUser, partnership: Partnership, form: Form, item: Any) -> object:
    assert isinstance(form, ActionForm)
    return services.save_action(
        user=user, partnership=partnership, data=form.to_input(), action=item
    )


def _save_market(user: AnyUser, partnership: Partnership, form: Form, item: Any) -> object:
    assert isinstance(item, PriorityMarket)
    return services.update_priority_market(
        user=user,
        market=item,
        rank=form.cleaned_data["rank"],
        rationale=form.cleaned_data["rationale"],
    )


def _initial_technology(item: TechnologyDomain) -> dict[str, Any]:
    return {"tag": item.tag.slug, "rationale": item.rationale}


def _initial_offering(item: JointOffering) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "title": item.title,
        "kind": item.kind,
        "description": item.description,
    }
    for part in item.contributions.all():
        initial[f"contribution_{part.organisation_id}"] = part.contribution
    return initial


def _initial_initiative(item: Initiative) -> dict[str, Any]:
    return {
        "title": item.title,
        "target_group": item.target_group,
        "description": item.description,
    }


def _initial_support(item: SupportMechanism) -> dict[str, Any]:
    return {
        "mechanism": item.mechanism,
        "kind": item.kind,
        "country": item.country_id or "",
        "region": item.region_id or "",
        "authority": item.authority,
        "organisation": item.organisation.slug if item.organisation else "",
        "description": item.description,
    }


def _initial_action(item: RoadmapAction) -> dict[str, Any]:
    snapshot_item = {
        "technology_domains": [f"technology:{d.tag.slug}" for d in item.technology_domains.all()],
        "offerings": [f"offering:{o.pk}" for o in item.offerings.all()],
        "initiatives": [f"initiative:{i.pk}" for i in item.initiatives.all()],
        "markets": [f"market:{m.country.iso3}" for m in item.markets.all()],
        "support": [f"support:{s.pk}" for s in item.support_mechanisms.all()],
    }
    return {
        "code": item.code,
        "title": item.title,
        "owner": item.owner_id,
        "start_date": item.start_date,
        "end_date": item.end_date,
        "budget_line": item.budget_line,
        "budget_eur": item.budget_eur,
        "description": item.description,
        "kpis": [(kpi.name, kpi.target, kpi.unit) for kpi in item.kpis.order_by("position", "pk")],
        "implements": [key for keys in snapshot_item.values() for key in keys],
    }


def _initial_market(item: PriorityMarket) -> dict[str, Any]:
    return {"rank": item.rank, "rationale": item.rationale}


EDITORS: dict[str, Editor] = {
    SectionKey.TECHNOLOGIES: Editor(
        "Technology domains", _technology_form, _initial_technology, _save_technology
    ),
    SectionKey.OFFERINGS: Editor(
        "Joint products and services", _offering_form, _initial_offering, _save_offering
    ),
    SectionKey.COMMERCIALISATION: Editor(
        "Joint commercialisation initiatives",
        _initiative_form(InitiativeKind.COMMERCIALISATION),
        _initial_initiative,
        _save_initiative,
    ),
    SectionKey.INTERNATIONALISATION: Editor(
        "Internationalisation initiatives for clusters and their SMEs",
        _initiative_form(InitiativeKind.INTERNATIONALISATION),
        _initial_initiative,
        _save_initiative,
    ),
    SectionKey.MARKETS: Editor(
        "Priority markets",
        lambda partnership, snapshot, data: PriorityMarketForm(data),
        _initial_market,
        _save_market,
        can_add=False,  # markets are chosen on the ranking page
    ),
    SectionKey.SUPPORT: Editor(
        "Support mechanisms by regional governments",
        lambda partnership, snapshot, data: SupportMechanismForm(data),
        _initial_support,
        _save_support,
    ),
    SectionKey.ROADMAP: Editor("Roadmap of actions", _action_form, _initial_action, _save_action),
}


def _show_service_errors(form: Form, error: ValidationError) -> None:
    """A service's problems beside their fields (an action's KPIs above their rows)."""
    if isinstance(form, ActionForm):
        form.add_service_errors(error)
    else:
        add_service_errors(form, error)


def _editor(section: str) -> Editor:
    editor = EDITORS.get(section)
    if editor is None:
        raise Http404(_("No such section."))
    return editor


@login_required
@require_http_methods(["GET", "POST"])
def section(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    """A section's items and the form to add one (coordinators)."""
    editor = _editor(section)
    partnership = permissions.access_partnership_for_edit(user=request.user, slug=slug)
    strategy = queries.get_strategy(partnership=partnership)
    snapshot = queries.for_reader(
        queries.build_snapshot(partnership=partnership, strategy=strategy)
    )
    form = editor.make_form(
        partnership, snapshot, request.POST if request.method == "POST" else None
    )
    added = False
    if request.method == "POST" and editor.can_add and form.is_valid():
        try:
            editor.save(request.user, partnership, form, None)
        except ValidationError as error:
            _show_service_errors(form, error)
        else:
            if not is_htmx(request):
                messages.success(request, _("Added to %(section)s.") % {"section": editor.title})
                return redirect("strategy:section", slug=partnership.slug, section=section)
            snapshot = queries.for_reader(
                queries.build_snapshot(
                    partnership=partnership, strategy=queries.get_strategy(partnership=partnership)
                )
            )
            form = editor.make_form(partnership, snapshot, None)
            added = True
    context = {
        "partnership": partnership,
        "strategy": strategy,
        "editable": strategy is None or strategy.is_editable,
        "section_key": section,
        "section_title": _(editor.title),  # the SectionKey label, in the catalogue
        "items": snapshot["sections"][section],
        "titles": queries.item_titles(snapshot),
        "form": form,
        "can_add": editor.can_add,
        "added": added,
    }
    template = "strategy/_section_body.html" if is_htmx(request) else "strategy/section.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, slug: str, section: str, item_id: int) -> HttpResponse:
    editor = _editor(section)
    item = permissions.access_section_item_for_edit(
        user=request.user, slug=slug, section=section, item_id=item_id
    )
    partnership = item.strategy.partnership
    snapshot = queries.for_reader(
        queries.build_snapshot(partnership=partnership, strategy=item.strategy)
    )
    if request.method == "POST":
        form = editor.make_form(partnership, snapshot, request.POST)
        if form.is_valid():
            try:
                editor.save(request.user, partnership, form, item)
            except ValidationError as error:
                _show_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("strategy:section", slug=partnership.slug, section=section)
    else:
        form = editor.make_form(partnership, snapshot, None)
        form.initial = editor.initial(item)
    return render(
        request,
        "strategy/item_edit.html",
        {
            "partnership": partnership,
            "section_key": section,
            "section_title": _(editor.title),  # the SectionKey label, in the catalogue
            "item": item,
            "form": form,
            "editable": item.strategy.is_editable,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, slug: str, section: str, item_id: int) -> HttpResponse:
    editor = _editor(section)
    item = permissions.access_section_item_for_edit(
        user=request.user, slug=slug, section=section, item_id=item_id
    )
    partnership = item.strategy.partnership
    if request.method == "POST":
        try:
            services.remove_item(user=request.user, item=item)
        except ValidationError as error:
            for problems in error.message_dict.values():
                for problem in problems:
                    messages.error(request, problem)
        else:
            messages.success(request, _("Removed."))
        return redirect("strategy:section", slug=partnership.slug, section=section)
    return render(
        request,
        "strategy/item_delete.html",
        {
            "partnership": partnership,
            "section_key": section,
            "section_title": _(editor.title),  # the SectionKey label, in the catalogue
            "item": item,
        },
    )
