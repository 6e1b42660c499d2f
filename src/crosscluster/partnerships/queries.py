"""Reads about partnerships: visibility, standing of a viewer, counts, work plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from crosscluster.accounts.queries import (
    AnyUser,
    list_organisation_ids,
    list_people_of_organisation,
)
from crosscluster.core.choices import Visibility
from crosscluster.directory import queries as directory_queries
from crosscluster.engines.workplan import Progress, compute_progress, period_end
from crosscluster.partnerships.adapters import work_items_from_rows
from crosscluster.partnerships.models import (
    ApprovalStatus,
    InvitationStatus,
    PartnerInvitation,
    Partnership,
    PartnershipCoordinator,
    PartnershipKind,
    PartnershipMember,
    PartnershipTranslation,
    WorkItem,
    WorkPackage,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

    from crosscluster.accounts.models import User
    from crosscluster.directory.models import Organisation

__all__ = ["AnyUser"]  # re-exported: the apps built on partnerships name their viewers by it


@dataclass(frozen=True)
class Standing:
    """What a viewer is to a partnership."""

    is_coordinator: bool
    is_member: bool  # works for a partner organisation or for a member of a partner cluster

    def visibilities(self) -> list[str]:
        levels = [Visibility.PUBLIC.value]
        if self.is_member or self.is_coordinator:
            levels.append(Visibility.PARTNERSHIP.value)
        if self.is_coordinator:
            levels.append(Visibility.PRIVATE.value)
        return levels


def get_standing(*, user: AnyUser, partnership_id: int) -> Standing:
    if not user.is_authenticated:
        return Standing(is_coordinator=False, is_member=False)
    if user.is_superuser:
        return Standing(is_coordinator=True, is_member=True)
    is_coordinator = is_coordinator_of(user=user, partnership_id=partnership_id)
    organisation_ids = list_organisation_ids(user=user)
    partner_ids = set(
        PartnershipMember.objects.filter(partnership_id=partnership_id).values_list(
            "organisation_id", flat=True
        )
    )
    is_member = bool(organisation_ids & partner_ids) or directory_queries.is_member_of_any(
        organisation_ids=organisation_ids, cluster_ids=partner_ids
    )
    return Standing(is_coordinator=is_coordinator, is_member=is_member)


def is_coordinator_of(*, user: AnyUser, partnership_id: int) -> bool:
    """Whether ``user`` is named a coordinator of the partnership (administrators are not)."""
    return PartnershipCoordinator.objects.filter(
        partnership_id=partnership_id, user_id=user.pk or 0
    ).exists()


def coordinated_partnership_ids(*, user: AnyUser) -> QuerySet[PartnershipCoordinator, int]:
    """Ids of the partnerships ``user`` is named a coordinator of (a subquery)."""
    return PartnershipCoordinator.objects.filter(user_id=user.pk or 0).values_list(
        "partnership_id", flat=True
    )


def member_partnership_ids(*, organisation_ids: set[int]) -> QuerySet[Any]:
    """Ids of the partnerships these organisations are partners of, directly or as members of a
    partner cluster (a subquery)."""
    clusters_joined = directory_queries.cluster_ids_joined_by(organisation_ids=organisation_ids)
    return PartnershipMember.objects.filter(
        Q(organisation_id__in=organisation_ids) | Q(organisation_id__in=clusters_joined)
    ).values("partnership_id")


def viewer_partner_ids(*, user: AnyUser) -> QuerySet[Any] | None:
    """Ids of the partners of the partnerships ``user`` takes part in (their organisation a
    partner or a member of a partner cluster) or coordinates (a subquery); None for a visitor
    who is not signed in. The directory lists them first among the clusters."""
    if not user.is_authenticated:
        return None
    member_of = member_partnership_ids(organisation_ids=list_organisation_ids(user=user))
    return PartnershipMember.objects.filter(
        Q(partnership_id__in=member_of)
        | Q(partnership_id__in=coordinated_partnership_ids(user=user))
    ).values("organisation_id")


def takes_part(*, partnership: Partnership, organisation: Organisation) -> bool:
    """Whether the organisation is a partner, or a member of a partner cluster."""
    partner_ids = PartnershipMember.objects.filter(partnership=partnership).values(
        "organisation_id"
    )
    return PartnershipMember.objects.filter(
        partnership=partnership, organisation=organisation
    ).exists() or directory_queries.is_member_of_any(
        organisation_ids=[organisation.pk], cluster_ids=partner_ids
    )


def list_partnerships(*, user: AnyUser) -> QuerySet[Partnership]:
    partnerships = Partnership.objects.select_related("coordinator").order_by("name")
    if user.is_authenticated and user.is_superuser:
        return partnerships
    public = Q(is_public=True, approval_status=ApprovalStatus.APPROVED)
    if user.is_authenticated:
        return partnerships.filter(public | Q(pk__in=coordinated_partnership_ids(user=user)))
    return partnerships.filter(public)


def search_partnerships(*, user: AnyUser, kind: str = "", text: str = "") -> QuerySet[Partnership]:
    """The partnerships the viewer may see, of ``kind`` and with ``text`` in the name or acronym
    (each when given)."""
    partnerships = list_partnerships(user=user)
    if kind:
        partnerships = partnerships.filter(kind=kind)
    if text:
        partnerships = partnerships.filter(name__icontains=text) | partnerships.filter(
            acronym__icontains=text
        )
    return partnerships


def get_partnership(*, user: AnyUser, slug: str) -> Partnership:
    """A partnership the viewer may see, with what the page needs.

    ``Partnership.DoesNotExist`` when there is none or the viewer may not see it (the two look
    alike); pages and the API answer 404 (``permissions.access_partnership``).
    """
    partnership = (
        list_partnerships(user=user)
        .select_related("coordinator__country")
        .prefetch_related("target_countries", "focus_areas")
        .filter(slug=slug)
        .first()
    )
    if partnership is None:
        raise Partnership.DoesNotExist(_("No such partnership."))
    return partnership


def list_partner_organisations(*, partnership: Partnership) -> list[PartnershipMember]:
    """Partners with their country and the number of members each brings."""
    return list(
        PartnershipMember.objects.filter(partnership=partnership)
        .select_related("organisation__country", "organisation__nuts_region")
        .annotate(member_count=Count("organisation__cluster_members", distinct=True))
        .order_by("-role", "organisation__name")
    )


def involved_organisation_ids(*, partnership: Partnership) -> QuerySet[Any]:
    """Ids of the partner organisations and of the members of partner clusters (one subquery).

    A UNION of ids, so that no database reads the organisation table to build the set.
    """
    partner_ids = PartnershipMember.objects.filter(partnership=partnership).values(
        "organisation_id"
    )
    member_ids = directory_queries.member_ids_of_clusters(cluster_ids=partner_ids)
    return partner_ids.union(member_ids)


def involved_organisations(*, partnership: Partnership) -> QuerySet[Organisation]:
    """Partner organisations and the members of partner clusters."""
    return directory_queries.organisations_among(
        organisation_ids=involved_organisation_ids(partnership=partnership)
    )


@dataclass(frozen=True)
class PartnershipCounts:
    partners: int
    smes: int
    organisations: int


def count_involvement(*, partnership: Partnership) -> PartnershipCounts:
    """Partners and SMEs involved, counted from the directory (never typed in)."""
    partners = PartnershipMember.objects.filter(partnership=partnership).count()
    organisations, smes = directory_queries.count_organisations_and_smes(
        organisation_ids=involved_organisation_ids(partnership=partnership)
    )
    return PartnershipCounts(partners=partners, smes=smes, organisations=organisations)


def get_period_end(*, partnership: Partnership) -> date:
    """The partnership's last day: its start plus its duration in months, minus one day."""
    return period_end(partnership.start_date, partnership.duration_months)


def get_work_plan_progress(*, partnership: Partnership, today: date) -> Progress:
    rows = WorkItem.objects.filter(work_package__partnership=partnership).select_related(
        "work_package"
    )
    return compute_progress(
        work_items_from_rows(rows),
        today=today,
        period_end=get_period_end(partnership=partnership),
    )


def list_work_packages(*, partnership: Partnership) -> list[WorkPackage]:
    return list(
        partnership.work_packages.select_related("leader")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=WorkItem.objects.select_related(
                    "owner_organisation", "owner_person"
                ).order_by("due_date", "code"),
            )
        )
        .order_by("number")
    )


def is_coordinator(*, user: AnyUser, partnership: Partnership) -> bool:
    return get_standing(user=user, partnership_id=partnership.pk).is_coordinator


def visibility_filter(*, user: AnyUser) -> Q:
    """Rows with ``partnership`` and ``visibility`` fields that ``user`` may see, across partnerships.

    The rule of ``Standing.visibilities()`` written as one filter (subqueries, no per-partnership
    queries): the partnership itself must be visible (``list_partnerships``); then public rows,
    partnership-only rows where the user works for a partner or for a member of a partner
    cluster, and every row of the partnerships the user coordinates.
    """
    if user.is_authenticated and user.is_superuser:
        return Q()
    levels = Q(visibility=Visibility.PUBLIC)
    if user.is_authenticated:
        member_of = member_partnership_ids(organisation_ids=list_organisation_ids(user=user))
        levels |= Q(visibility=Visibility.PARTNERSHIP, partnership_id__in=member_of)
        levels |= Q(partnership_id__in=coordinated_partnership_ids(user=user))
    return Q(partnership_id__in=list_partnerships(user=user).values("pk")) & levels


def require_coordinator(*, user: AnyUser, partnership_id: int, message: _StrOrPromise) -> None:
    """Raise ``PermissionDenied(message)`` unless ``user`` coordinates the partnership."""
    if not get_standing(user=user, partnership_id=partnership_id).is_coordinator:
        raise PermissionDenied(message)


def find_partnership_scope(
    *, user: AnyUser, slug: str
) -> directory_queries.PartnershipScope | None:
    """The organisations of a partnership the viewer may see, for the directory's search.

    None when there is no such partnership or the viewer may not see it.
    """
    if not slug:
        return None
    partnership = (
        list_partnerships(user=user).select_related(None).only("slug", "name").filter(slug=slug)
    ).first()
    if partnership is None:
        return None
    return directory_queries.PartnershipScope(
        slug=partnership.slug,
        name=partnership.name,
        organisation_ids=involved_organisation_ids(partnership=partnership),
    )


@dataclass(frozen=True)
class PartnershipInvolvement:
    slug: str
    name: str
    acronym: str
    via: Organisation | None  # None: a partner itself; else the partner cluster it belongs to


def list_partnerships_of(
    *, organisation: Organisation, user: AnyUser
) -> list[PartnershipInvolvement]:
    """Partnerships the viewer may see that the organisation is in, directly or via a cluster."""
    cluster_ids = directory_queries.list_cluster_ids_of(organisation=organisation)
    partnerships = (
        list_partnerships(user=user)
        .filter(Q(members__organisation=organisation) | Q(members__organisation_id__in=cluster_ids))
        .values_list("slug", "name", "acronym", "members__organisation_id")
    )
    clusters = directory_queries.list_organisations_by_id(organisation_ids=cluster_ids)
    found: dict[str, PartnershipInvolvement] = {}
    for slug, name, acronym, partner_id in partnerships:
        via = None if partner_id == organisation.pk else clusters.get(partner_id)
        if slug not in found or via is None:
            found[slug] = PartnershipInvolvement(slug, name, acronym, via)
    return sorted(found.values(), key=lambda involvement: involvement.name)


# --- life cycle: approval, partner invitations, coordinators ---------------------------------


def is_platform_administrator(*, user: AnyUser) -> bool:
    return directory_queries.is_platform_administrator(user)


def is_publicly_listed(*, partnership: Partnership) -> bool:
    return partnership.is_public and partnership.approval_status == ApprovalStatus.APPROVED


def list_partnerships_awaiting_approval() -> QuerySet[Partnership]:
    """New partnerships an administrator has still to approve, oldest first, unevaluated
    (pages count and slice it)."""
    return (
        Partnership.objects.filter(approval_status=ApprovalStatus.PENDING)
        .select_related("coordinator", "created_by")
        .order_by("created_at", "pk")
    )


def list_managed_clusters(*, user: AnyUser) -> list[Organisation]:
    """The clusters ``user`` manages (the organisations a partnership may be created for)."""
    managed = list_organisation_ids(user=user, roles=("manager",))
    organisations = directory_queries.list_organisations_by_id(organisation_ids=managed)
    return sorted((o for o in organisations.values() if o.kind == "cluster"), key=lambda o: o.name)


def list_partner_ids(*, partnership: Partnership) -> set[int]:
    return set(
        PartnershipMember.objects.filter(partnership=partnership).values_list(
            "organisation_id", flat=True
        )
    )


def list_partner_invitations(*, partnership: Partnership) -> list[PartnerInvitation]:
    """Every invitation of the partnership, pending first, newest first."""
    return sorted(
        PartnerInvitation.objects.filter(partnership=partnership).select_related(
            "organisation__country"
        ),
        key=lambda invitation: (invitation.status != InvitationStatus.PENDING, -invitation.pk),
    )


def list_invitations_to_answer(*, user: AnyUser) -> list[PartnerInvitation]:
    """Pending invitations addressed to the organisations ``user`` manages."""
    managed = list_organisation_ids(user=user, roles=("manager",))
    return list(
        PartnerInvitation.objects.filter(
            organisation_id__in=managed, status=InvitationStatus.PENDING
        )
        .select_related("partnership__coordinator", "organisation")
        .order_by("-created_at", "-pk")
    )


def get_partner_invitation(*, invitation_id: int) -> PartnerInvitation:
    """``PartnerInvitation.DoesNotExist`` when there is none."""
    return PartnerInvitation.objects.select_related("partnership", "organisation").get(
        pk=invitation_id
    )


def list_coordinators(*, partnership: Partnership) -> list[User]:
    return [
        row.user
        for row in PartnershipCoordinator.objects.filter(partnership=partnership)
        .select_related("user")
        .order_by("created_at", "pk")
    ]


def list_partner_people(*, partnership: Partnership) -> list[User]:
    """The active people who work for a partner organisation (coordinator candidates, owners)."""
    people: dict[int, User] = {}
    for organisation_id in sorted(list_partner_ids(partnership=partnership)):
        for person in list_people_of_organisation(organisation_id=organisation_id):
            people.setdefault(person.pk, person)
    for person in list_coordinators(partnership=partnership):
        people.setdefault(person.pk, person)
    return sorted(people.values(), key=lambda person: (person.full_name or person.email).casefold())


# --- work plan -------------------------------------------------------------------------------


def get_work_package(*, partnership: Partnership, number: int) -> WorkPackage:
    """``WorkPackage.DoesNotExist`` when the partnership has no such package."""
    return WorkPackage.objects.get(partnership=partnership, number=number)


def get_work_item(*, partnership: Partnership, item_id: int) -> WorkItem:
    """``WorkItem.DoesNotExist`` when the item is not in this partnership's plan."""
    return WorkItem.objects.select_related("work_package").get(
        pk=item_id, work_package__partnership=partnership
    )


def list_partner_organisation_choices(*, partnership: Partnership) -> list[Organisation]:
    """The partner organisations, by name (leaders and owners of work-plan items)."""
    return [member.organisation for member in list_partner_organisations(partnership=partnership)]


def list_partnership_slugs() -> list[str]:
    return list(Partnership.objects.values_list("slug", flat=True))


def list_invitable_clusters(*, partnership: Partnership) -> list[tuple[int, str]]:
    """(id, name) of the clusters that are neither partners nor invited and awaiting an answer."""
    invited = PartnerInvitation.objects.filter(
        partnership=partnership, status=InvitationStatus.PENDING
    ).values_list("organisation_id", flat=True)
    excluded = list_partner_ids(partnership=partnership) | set(invited)
    return [
        (cluster.pk, f"{cluster.name} ({cluster.country_id})")
        for cluster in directory_queries.list_clusters(excluding=excluded)
    ]


# ---------------------------------------------------------------- reads for other apps
# (strategy, businessplan and regions reach the partnerships only through these)


def list_partner_organisation_ids(*, partnership_id: int) -> set[int]:
    """Ids of the partnership's partner organisations."""
    return set(
        PartnershipMember.objects.filter(partnership_id=partnership_id).values_list(
            "organisation_id", flat=True
        )
    )


def is_partner(*, partnership_id: int, organisation_id: int) -> bool:
    return PartnershipMember.objects.filter(
        partnership_id=partnership_id, organisation_id=organisation_id
    ).exists()


def list_partner_organisations_by_name(*, partnership: Partnership) -> list[Organisation]:
    """The partnership's partner organisations by name, with their country and NUTS region."""
    return [
        member.organisation
        for member in PartnershipMember.objects.filter(partnership=partnership)
        .select_related("organisation__country", "organisation__nuts_region")
        .order_by("organisation__name")
    ]


def find_partner_organisation(
    *, partnership: Partnership, organisation_id: int
) -> Organisation | None:
    """The partner organisation with this id, or None when it is not a partner."""
    member = (
        PartnershipMember.objects.filter(partnership=partnership, organisation_id=organisation_id)
        .select_related("organisation")
        .first()
    )
    return member.organisation if member else None


def list_partners_with_countries(*, partnership: Partnership) -> list[PartnershipMember]:
    """The partnership's partners by organisation name, with their organisation's country."""
    return list(
        PartnershipMember.objects.filter(partnership=partnership)
        .select_related("organisation__country")
        .order_by("organisation__name")
    )


def goes_international(*, partnership: Partnership) -> bool:
    """An ESCP-4i partnership: its strategy looks at markets outside Europe."""
    return partnership.kind == PartnershipKind.ESCP_4I


def personal_data(user_id: int) -> dict[str, object]:
    """A person's coordinator roles and what they did in partnerships (see core.personal_data)."""
    return {
        "coordinates": list(
            PartnershipCoordinator.objects.filter(user_id=user_id).values(
                "partnership_id", "partnership__name", "created_at"
            )
        ),
        "partnerships_created": list(
            Partnership.objects.filter(created_by_id=user_id).values("id", "name")
        ),
        "partner_invitations_sent": list(
            PartnerInvitation.objects.filter(invited_by_id=user_id).values("id", "partnership_id")
        ),
        "work_items_owned": list(
            WorkItem.objects.filter(owner_person_id=user_id).values("id", "code", "title")
        ),
        "work_items_completed": list(
            WorkItem.objects.filter(completed_by_id=user_id).values("id", "code", "done_date")
        ),
    }


@dataclass(frozen=True)
class PartnershipTexts:
    """The partnership's texts for a reader: in their language when a translation exists, else
    the original, with the language they are in (for ``lang`` and the "written in" note)."""

    summary: str
    results_expected: str
    language: str
    is_translation: bool
    translated_languages: tuple[str, ...]


def get_texts(*, partnership: Partnership, language: str) -> PartnershipTexts:
    translations = {
        t.language: t for t in PartnershipTranslation.objects.filter(partnership=partnership)
    }
    original = partnership.language or settings.LANGUAGE_CODE
    chosen = translations.get(language) if language != original else None
    return PartnershipTexts(
        summary=chosen.summary if chosen else partnership.summary,
        results_expected=chosen.results_expected if chosen else partnership.results_expected,
        language=language if chosen else original,
        is_translation=chosen is not None,
        translated_languages=tuple(sorted(translations)),
    )


def list_translations(*, partnership: Partnership) -> dict[str, PartnershipTranslation]:
    """The partnership's texts held in other languages, by language code."""
    return {
        t.language: t
        for t in PartnershipTranslation.objects.filter(partnership=partnership).order_by("language")
    }
