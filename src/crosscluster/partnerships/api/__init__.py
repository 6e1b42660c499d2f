from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.content import queries as content_queries
from crosscluster.core.api import ErrorOut, Pagination
from crosscluster.partnerships import permissions, queries, services
from crosscluster.partnerships.api.schemas import (
    CompletionIn,
    CoordinatorIn,
    CoordinatorOut,
    CountryOut,
    InvitationAnswerIn,
    InvitePartnerIn,
    NewPartnershipIn,
    PartnerInvitationOut,
    PartnerOrganisationRef,
    PartnershipDeclineIn,
    PartnershipOut,
    PartnershipPatch,
    PartnershipSummaryOut,
    ProgressOut,
    TranslationIn,
    TranslationOut,
    WorkItemIn,
    WorkItemPatch,
    WorkItemSavedOut,
    WorkPackageIn,
    WorkPackagePatch,
    WorkPackageSavedOut,
    WorkPlanOut,
)
from crosscluster.partnerships.models import (
    PartnerInvitation,
    Partnership,
    PartnershipTranslation,
    WorkItem,
    WorkPackage,
)

router = Router(tags=["partnerships"])
WRITE_ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _detail(request: HttpRequest, partnership: Partnership) -> PartnershipOut:
    counts = queries.count_involvement(partnership=partnership)
    progress = queries.get_work_plan_progress(partnership=partnership, today=timezone.localdate())
    return PartnershipOut(
        slug=partnership.slug,
        name=partnership.name,
        acronym=partnership.acronym,
        kind=partnership.kind,
        coordinator=PartnerOrganisationRef.model_validate(partnership.coordinator),
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
        language=partnership.language or settings.LANGUAGE_CODE,
        focus_areas=[a.label for a in partnership.focus_areas.all()],
        funding_acknowledgement=partnership.funding_acknowledgement,
        disclaimer=partnership.disclaimer,
        number_of_partners=counts.partners,
        number_of_smes=counts.smes,
        end_date=queries.get_period_end(partnership=partnership),
        is_public=partnership.is_public,
        approval_status=partnership.approval_status,
        decline_reason=partnership.decline_reason,
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


@router.post(
    "/",
    response={201: PartnershipOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Create a partnership (a manager of the coordinating cluster)",
)
def create_partnership(request: HttpRequest, payload: NewPartnershipIn) -> Status[PartnershipOut]:
    user = token_user(request)
    data = payload.model_dump()
    new = services.NewPartnership(
        **{k: v for k, v in data.items() if k not in {"target_countries", "focus_areas"}},
        target_country_codes=data["target_countries"],
        focus_area_labels=data["focus_areas"],
    )
    partnership = services.create_partnership(user=user, new=new, today=timezone.localdate())
    return Status(
        201, _detail(request, permissions.access_partnership(user=user, slug=partnership.slug))
    )


@router.get(
    "/partner-invitations",
    response=list[PartnerInvitationOut],
    auth=token_auth,
    summary="Invitations awaiting an answer from the clusters you manage",
)
def list_my_partner_invitations(request: HttpRequest) -> list[PartnerInvitation]:
    return queries.list_invitations_to_answer(user=token_user(request))


@router.post(
    "/partner-invitations/{invitation_id}/answer",
    response={200: PartnerInvitationOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Accept or decline an invitation (a manager of the invited cluster)",
)
def answer_partner_invitation(
    request: HttpRequest, invitation_id: int, payload: InvitationAnswerIn
) -> PartnerInvitation:
    user = token_user(request)
    invitation = permissions.access_partner_invitation(user=user, invitation_id=invitation_id)
    return services.answer_partner_invitation(
        user=user,
        invitation=invitation,
        accept=payload.accept,
        reason=payload.reason,
        now=timezone.now(),
    )


@router.get(
    "/approvals",
    response={200: list[PartnershipSummaryOut], 403: ErrorOut},
    auth=token_auth,
    summary="Partnerships awaiting approval, oldest first (platform administrators)",
)
@paginate(Pagination)
def list_partnerships_awaiting_approval(request: HttpRequest):  # type: ignore[no-untyped-def]
    return permissions.list_partnerships_to_approve(user=token_user(request))


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


@router.get(
    "/{slug}/translations",
    response=list[TranslationOut],
    summary="The partnership's texts in other languages than the original",
)
def list_translations(request: HttpRequest, slug: str) -> list[PartnershipTranslation]:
    partnership = permissions.access_partnership(user=api_viewer(request), slug=slug)
    return list(queries.list_translations(partnership=partnership).values())


@router.put(
    "/{slug}/translations/{language}",
    response={200: TranslationOut, 204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Write the partnership's texts in one more language (coordinators; empty summary "
    "removes it: 204)",
)
def put_translation(
    request: HttpRequest, slug: str, language: str, payload: TranslationIn
) -> Status:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    saved = services.translate_partnership(
        user=user,
        partnership=partnership,
        language=language,
        summary=payload.summary,
        results_expected=payload.results_expected,
    )
    return Status(204, None) if saved is None else Status(200, saved)


@router.delete(
    "/{slug}/translations/{language}",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Remove a translation: readers in that language see the original again (coordinators)",
)
def delete_translation(request: HttpRequest, slug: str, language: str) -> Status:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    services.translate_partnership(
        user=user, partnership=partnership, language=language, summary="", results_expected=""
    )
    return Status(204, None)


@router.post(
    "/{slug}/approval",
    response={200: PartnershipOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Approve a new partnership (platform administrators)",
)
def approve_partnership(request: HttpRequest, slug: str) -> PartnershipOut:
    user = token_user(request)
    partnership = permissions.access_partnership_for_approval(user=user, slug=slug)
    services.approve_partnership(user=user, partnership=partnership, now=timezone.now())
    return _detail(request, permissions.access_partnership(user=user, slug=slug))


@router.post(
    "/{slug}/decline",
    response={200: PartnershipOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Decline a partnership awaiting approval, saying why (platform administrators)",
)
def decline_partnership(
    request: HttpRequest, slug: str, payload: PartnershipDeclineIn
) -> PartnershipOut:
    user = token_user(request)
    partnership = permissions.access_partnership_for_approval(user=user, slug=slug)
    services.decline_partnership(user=user, partnership=partnership, reason=payload.reason)
    return _detail(request, permissions.access_partnership(user=user, slug=slug))


@router.post(
    "/{slug}/resubmission",
    response={200: PartnershipOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Ask again for approval of a declined partnership (coordinators)",
)
def resubmit_partnership(request: HttpRequest, slug: str) -> PartnershipOut:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    services.resubmit_partnership(user=user, partnership=partnership)
    return _detail(request, permissions.access_partnership(user=user, slug=slug))


@router.get(
    "/{slug}/invitations",
    response={200: list[PartnerInvitationOut], 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="The partnership's invitations of partner clusters (coordinators)",
)
def list_partner_invitations(request: HttpRequest, slug: str) -> list[PartnerInvitation]:
    partnership = permissions.access_partnership_for_edit(user=token_user(request), slug=slug)
    return queries.list_partner_invitations(partnership=partnership)


@router.post(
    "/{slug}/invitations",
    response={201: PartnerInvitationOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Invite a cluster to become a partner (coordinators)",
)
def invite_partner(
    request: HttpRequest, slug: str, payload: InvitePartnerIn
) -> Status[PartnerInvitation]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    invitation = services.invite_partner(
        user=user,
        partnership=partnership,
        organisation_id=payload.organisation_id,
        message=payload.message,
    )
    return Status(201, invitation)


@router.get(
    "/{slug}/coordinators",
    response={200: list[CoordinatorOut], 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="The partnership's coordinators (coordinators)",
)
def list_coordinators(request: HttpRequest, slug: str) -> list[object]:
    partnership = permissions.access_partnership_for_edit(user=token_user(request), slug=slug)
    return list(queries.list_coordinators(partnership=partnership))


@router.post(
    "/{slug}/coordinators",
    response={201: CoordinatorOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Name a coordinator (coordinators)",
)
def add_coordinator(request: HttpRequest, slug: str, payload: CoordinatorIn) -> Status[object]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    return Status(
        201, services.add_coordinator(user=user, partnership=partnership, email=payload.email)
    )


@router.delete(
    "/{slug}/coordinators/{user_id}",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Remove a coordinator; at least one remains (coordinators)",
)
def remove_coordinator(request: HttpRequest, slug: str, user_id: int) -> Status[None]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    services.remove_coordinator(user=user, partnership=partnership, person_id=user_id)
    return Status(204, None)


# ---------------------------------------------------------------- work plan


def _work_plan(request: HttpRequest, partnership: Partnership) -> WorkPlanOut:
    progress = queries.get_work_plan_progress(partnership=partnership, today=timezone.localdate())
    request.work_plan_statuses = {s.item.key: s for s in progress.items}  # type: ignore[attr-defined]
    return WorkPlanOut.model_validate(
        {
            "start_date": partnership.start_date,
            "end_date": queries.get_period_end(partnership=partnership),
            "progress": ProgressOut(
                percent=progress.percent,
                done_weight=progress.done_weight,
                total_weight=progress.total_weight,
                late_items=[p.item.code for p in progress.late],
                explanation=progress.explanation,
            ),
            "packages": queries.list_work_packages(partnership=partnership),
        },
        context={"request": request},
    )


@router.get("/{slug}/work-plan", response=WorkPlanOut, summary="The work plan with its progress")
def get_work_plan(request: HttpRequest, slug: str) -> WorkPlanOut:
    return _work_plan(request, permissions.access_partnership(user=api_viewer(request), slug=slug))


@router.post(
    "/{slug}/work-packages",
    response={201: WorkPackageSavedOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add a work package (coordinators)",
)
def add_work_package(
    request: HttpRequest, slug: str, payload: WorkPackageIn
) -> Status[WorkPackage]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    package = services.add_work_package(
        user=user,
        partnership=partnership,
        title=payload.title,
        number=payload.number,
        leader_id=payload.leader_id,
    )
    return Status(201, package)


@router.patch(
    "/{slug}/work-packages/{number}",
    response={200: WorkPackageSavedOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change a work package (coordinators)",
)
def update_work_package(
    request: HttpRequest, slug: str, number: int, payload: WorkPackagePatch
) -> WorkPackage:
    user = token_user(request)
    package = permissions.access_work_package_for_edit(user=user, slug=slug, number=number)
    data = payload.model_dump(exclude_unset=True)
    return services.update_work_package(
        user=user,
        package=package,
        title=data.get("title"),
        leader_id=data.get("leader_id", services.KEEP),
    )


@router.post(
    "/{slug}/work-packages/{number}/items",
    response={201: WorkItemSavedOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add a task, milestone or deliverable (coordinators)",
)
def add_work_item(
    request: HttpRequest, slug: str, number: int, payload: WorkItemIn
) -> Status[WorkItem]:
    user = token_user(request)
    package = permissions.access_work_package_for_edit(user=user, slug=slug, number=number)
    fields = services.WorkItemFields(**payload.model_dump())
    return Status(201, services.add_work_item(user=user, package=package, fields=fields))


@router.patch(
    "/{slug}/work-items/{item_id}",
    response={200: WorkItemSavedOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change a task, milestone or deliverable (coordinators)",
)
def update_work_item(
    request: HttpRequest, slug: str, item_id: int, payload: WorkItemPatch
) -> WorkItem:
    user = token_user(request)
    item = permissions.access_work_item_for_edit(user=user, slug=slug, item_id=item_id)
    fields = replace(services.WorkItemFields.of(item), **payload.model_dump(exclude_unset=True))
    return services.update_work_item(user=user, item=item, fields=fields)


@router.post(
    "/{slug}/work-items/{item_id}/completion",
    response={200: WorkItemSavedOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Mark an item done with a link to the evidence or a library document (coordinators)",
)
def complete_work_item(
    request: HttpRequest, slug: str, item_id: int, payload: CompletionIn
) -> WorkItem:
    user = token_user(request)
    item = permissions.access_work_item_for_edit(user=user, slug=slug, item_id=item_id)
    return services.complete_work_item(
        user=user,
        item=item,
        evidence_url=payload.evidence_url,
        evidence_document=_evidence_document(user, payload.evidence_document_id),
        done_date=payload.done_date,
        today=timezone.localdate(),
    )


@router.delete(
    "/{slug}/work-items/{item_id}/completion",
    response={200: WorkItemSavedOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Mark an item not done again (coordinators)",
)
def reopen_work_item(request: HttpRequest, slug: str, item_id: int) -> WorkItem:
    user = token_user(request)
    item = permissions.access_work_item_for_edit(user=user, slug=slug, item_id=item_id)
    return services.reopen_work_item(user=user, item=item)


def _evidence_document(user: Any, document_id: int | None) -> services.EvidenceDocument | None:
    """The library document chosen as evidence, as far as ``user`` may see it."""
    if document_id is None:
        return None
    found = content_queries.document_link(user=user, document_id=document_id)
    partnership_id, url = found if found is not None else (None, "")
    return services.EvidenceDocument(document_id, partnership_id, url)
