from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.core.api import Pagination
from crosscluster.partnerships import permissions, queries, services
from crosscluster.partnerships.models import Partnership

router = Router(tags=["partnerships"])


class CountryOut(Schema):
    iso2: str
    name: str


class OrganisationRef(Schema):
    id: int
    slug: str
    name: str
    country: str

    @staticmethod
    def resolve_country(organisation: object) -> str:
        return str(getattr(organisation, "country_id", ""))


class PartnershipSummaryOut(Schema):
    slug: str
    name: str
    acronym: str
    kind: str
    coordinator: OrganisationRef
    start_date: date
    duration_months: int


class ProgressOut(Schema):
    percent: int
    done_weight: int
    total_weight: int
    late_items: list[str]
    explanation: str


class PartnershipOut(PartnershipSummaryOut):
    origin: str
    phase: str
    coordinator_contact_name: str
    coordinator_contact_role: str
    target_countries: list[CountryOut]
    summary: str
    results_expected: str
    focus_areas: list[str]
    funding_acknowledgement: str
    disclaimer: str
    number_of_partners: int
    number_of_smes: int
    progress: ProgressOut


class PartnershipPatch(Schema):
    name: str | None = None
    acronym: str | None = None
    kind: str | None = None
    origin: str | None = None
    phase: str | None = None
    coordinator_contact_name: str | None = None
    coordinator_contact_role: str | None = None
    start_date: date | None = None
    duration_months: int | None = None
    summary: str | None = None
    results_expected: str | None = None
    funding_acknowledgement: str | None = None
    disclaimer: str | None = None
    target_countries: list[str] | None = Field(None, description="ISO 3166 alpha-2 codes")
    focus_areas: list[str] | None = None
    is_public: bool | None = None


def _detail(request: HttpRequest, partnership: Partnership) -> PartnershipOut:
    counts = queries.count_involvement(partnership=partnership)
    progress = queries.get_work_plan_progress(partnership=partnership, today=timezone.localdate())
    return PartnershipOut(
        slug=partnership.slug,
        name=partnership.name,
        acronym=partnership.acronym,
        kind=partnership.kind,
        coordinator=OrganisationRef.model_validate(partnership.coordinator),
        start_date=partnership.start_date,
        duration_months=partnership.duration_months,
        origin=partnership.origin,
        phase=partnership.phase,
        coordinator_contact_name=partnership.coordinator_contact_name,
        coordinator_contact_role=partnership.coordinator_contact_role,
        target_countries=[
            CountryOut(iso2=c.iso2, name=c.name) for c in partnership.target_countries.all()
        ],
        summary=partnership.summary,
        results_expected=partnership.results_expected,
        focus_areas=[a.label for a in partnership.focus_areas.all()],
        funding_acknowledgement=partnership.funding_acknowledgement,
        disclaimer=partnership.disclaimer,
        number_of_partners=counts.partners,
        number_of_smes=counts.smes,
        progress=ProgressOut(
            percent=progress.percent,
            done_weight=progress.done_weight,
            total_weight=progress.total_weight,
            late_items=[p.item.code for p in progress.late],
            explanation=progress.explanation,
        ),
    )


@router.get("/", response=list[PartnershipSummaryOut], summary="List partnerships")
@paginate(Pagination)
def list_partnerships(request: HttpRequest, kind: str | None = None, q: str | None = None):  # type: ignore[no-untyped-def]
    return queries.search_partnerships(user=api_viewer(request), kind=kind or "", text=q or "")


@router.get("/{slug}", response=PartnershipOut, summary="One partnership with computed figures")
def get_partnership(request: HttpRequest, slug: str) -> PartnershipOut:
    return _detail(request, permissions.access_partnership(user=api_viewer(request), slug=slug))


@router.patch(
    "/{slug}",
    response={200: PartnershipOut},
    auth=token_auth,
    summary="Change a partnership (coordinators only)",
)
def patch_partnership(request: HttpRequest, slug: str, payload: PartnershipPatch) -> PartnershipOut:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    data = payload.model_dump(exclude_unset=True)
    changes = services.PartnershipChanges(
        **{k: v for k, v in data.items() if k not in {"target_countries", "focus_areas"}},
        target_country_codes=data.get("target_countries"),
        focus_area_labels=data.get("focus_areas"),
    )
    services.update_partnership(user=user, partnership=partnership, changes=changes)
    return _detail(request, permissions.access_partnership(user=user, slug=slug))
