"""A partnership's life cycle: creation by a cluster manager, approval by a platform
administrator, partner clusters invited and answering, coordinators named and changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from crosscluster.core.dates import format_date
from crosscluster.core.i18n import content_language
from crosscluster.core.text import unique_slug
from crosscluster.core.validation import FieldErrors
from crosscluster.directory import queries as directory_queries
from crosscluster.partnerships import queries
from crosscluster.partnerships.models import (
    ApprovalStatus,
    FocusArea,
    InvitationStatus,
    PartnerInvitation,
    PartnerRole,
    Partnership,
    PartnershipCoordinator,
    PartnershipMember,
)
from crosscluster.partnerships.queries import AnyUser
from crosscluster.partnerships.services.profile import PartnershipChanges, check_profile

if TYPE_CHECKING:
    from crosscluster.accounts.models import User

# Paths of the partnerships' pages and API that a slug must not take.
RESERVED_SLUGS = frozenset({"new", "approvals", "invitations", "partner-invitations"})
MESSAGE_LIMIT = 2000


@dataclass(frozen=True)
class NewPartnership:
    """Every field of the partnership page, as the cluster manager who creates it gives them."""

    coordinator_organisation_id: int | None
    name: str
    kind: str
    start_date: dt.date | None
    duration_months: int | None
    summary: str
    acronym: str = ""
    origin: str = ""
    phase: str = ""
    coordinator_contact_name: str = ""
    coordinator_contact_role: str = ""
    results_expected: str = ""
    funding_acknowledgement: str = ""
    disclaimer: str = ""
    target_country_codes: list[str] = field(default_factory=list)
    focus_area_labels: list[str] = field(default_factory=list)
    is_public: bool = True


def _require_coordinator(user: AnyUser, partnership: Partnership, message: str) -> None:
    """Refuse ``user`` unless a coordinator; ``message`` is a whole translated sentence."""
    queries.require_coordinator(user=user, partnership_id=partnership.pk, message=message)


def create_partnership(*, user: AnyUser, new: NewPartnership, today: dt.date) -> Partnership:
    """Create a partnership coordinated by a cluster ``user`` manages; ``user`` becomes its first
    coordinator. It awaits an administrator's approval when ``PARTNERSHIP_APPROVAL`` is on (an
    administrator's own partnership is approved at once)."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to create a partnership."))
    errors = FieldErrors()
    coordinator = None
    if new.coordinator_organisation_id is None:
        errors.add("coordinator_organisation", _("Choose the cluster that coordinates it."))
    else:
        try:
            coordinator = directory_queries.get_organisation_by_id(
                organisation_id=new.coordinator_organisation_id
            )
        except ObjectDoesNotExist:
            errors.add(
                "coordinator_organisation",
                _("No organisation has the id %(coordinator_organisation_id)s.")
                % {"coordinator_organisation_id": new.coordinator_organisation_id},
            )
    if coordinator is not None:
        if not directory_queries.can_manage(user=user, organisation=coordinator):
            raise PermissionDenied(
                _("Only a manager of the coordinating cluster may create a partnership for it.")
            )
        if not coordinator.is_cluster:
            errors.add(
                "coordinator_organisation",
                _("%(name)s is not a cluster: a partnership is coordinated by a cluster.")
                % {"name": coordinator.name},
            )
    changes = PartnershipChanges(
        name=new.name,
        acronym=new.acronym,
        kind=new.kind,
        origin=new.origin,
        phase=new.phase,
        coordinator_contact_name=new.coordinator_contact_name,
        coordinator_contact_role=new.coordinator_contact_role,
        duration_months=new.duration_months,
        summary=new.summary,
        target_country_codes=new.target_country_codes,
    )
    countries = check_profile(changes, errors.messages)
    if new.start_date is None:
        errors.add("start_date", _("Give the start of the partnership (a date)."))
    if new.duration_months is None:
        errors.add("duration_months", _("Give the duration in months, from 1 to 240."))
    errors.raise_if_any()
    assert coordinator is not None
    assert new.start_date is not None
    assert new.duration_months is not None
    needs_approval = settings.PARTNERSHIP_APPROVAL and not queries.is_platform_administrator(
        user=user
    )
    with transaction.atomic():
        taken = set(queries.list_partnership_slugs()) | RESERVED_SLUGS
        partnership = Partnership.objects.create(
            slug=unique_slug(new.acronym.strip() or new.name, taken, max_length=80),
            name=new.name.strip(),
            acronym=new.acronym.strip(),
            kind=new.kind,
            origin=new.origin.strip(),
            phase=new.phase.strip(),
            coordinator=coordinator,
            coordinator_contact_name=new.coordinator_contact_name.strip(),
            coordinator_contact_role=new.coordinator_contact_role.strip(),
            start_date=new.start_date,
            duration_months=new.duration_months,
            summary=new.summary.strip(),
            language=content_language(new.summary, author=user),
            results_expected=new.results_expected.strip(),
            funding_acknowledgement=new.funding_acknowledgement.strip(),
            disclaimer=new.disclaimer.strip(),
            is_public=new.is_public,
            approval_status=ApprovalStatus.PENDING if needs_approval else ApprovalStatus.APPROVED,
            created_by=user,
        )
        partnership.target_countries.set(countries)
        partnership.focus_areas.set(
            [
                FocusArea.objects.get_or_create(label=label.strip()[:120])[0]
                for label in new.focus_area_labels
                if label.strip()
            ]
        )
        PartnershipMember.objects.create(
            partnership=partnership,
            organisation=coordinator,
            role=PartnerRole.COORDINATOR,
            joined_date=today,
        )
        PartnershipCoordinator.objects.create(partnership=partnership, user=user)
    return partnership


@transaction.atomic
def approve_partnership(
    *, user: AnyUser, partnership: Partnership, now: dt.datetime
) -> Partnership:
    """A platform administrator approves a new partnership: it becomes public (when its
    coordinators made it public). Approving an approved partnership changes nothing."""
    if not queries.is_platform_administrator(user=user):
        raise PermissionDenied(_("Only a platform administrator approves partnerships."))
    if partnership.approval_status != ApprovalStatus.APPROVED:
        partnership.approval_status = ApprovalStatus.APPROVED
        partnership.approved_at = now
        partnership.approved_by = user  # type: ignore[assignment]
        partnership.decline_reason = ""
        partnership.save(
            update_fields=["approval_status", "approved_at", "approved_by", "decline_reason"]
        )
    return partnership


@transaction.atomic
def decline_partnership(*, user: AnyUser, partnership: Partnership, reason: str) -> Partnership:
    """A platform administrator declines a partnership awaiting approval, saying why: it stays
    private, its coordinators read the reason on its page and may ask again after changes."""
    if not queries.is_platform_administrator(user=user):
        raise PermissionDenied(_("Only a platform administrator declines partnerships."))
    errors = FieldErrors()
    text = errors.text(
        "reason",
        reason,
        limit=MESSAGE_LIMIT,
        required=_("Say why, so that its coordinators know what to change."),
    )
    if partnership.approval_status == ApprovalStatus.APPROVED:
        errors.add(
            "__all__",
            _("%(name)s is approved already: only a partnership awaiting approval can be declined.")
            % {"name": partnership.name},
        )
    elif partnership.approval_status == ApprovalStatus.DECLINED:
        errors.add("__all__", _("%(name)s is declined already.") % {"name": partnership.name})
    errors.raise_if_any()
    partnership.approval_status = ApprovalStatus.DECLINED
    partnership.decline_reason = text
    partnership.save(update_fields=["approval_status", "decline_reason"])
    return partnership


@transaction.atomic
def resubmit_partnership(*, user: AnyUser, partnership: Partnership) -> Partnership:
    """A coordinator asks again for approval of a declined partnership (after changing it)."""
    _require_coordinator(
        user, partnership, _("Only the partnership's coordinators may ask for its approval again.")
    )
    if partnership.approval_status != ApprovalStatus.DECLINED:
        errors = FieldErrors()
        errors.add(
            "__all__",
            (
                _("%(name)s is approved: only a declined partnership is submitted again.")
                if partnership.approval_status == ApprovalStatus.APPROVED
                else _(
                    "%(name)s is awaiting approval already: only a declined partnership is "
                    "submitted again."
                )
            )
            % {"name": partnership.name},
        )
        errors.raise_if_any()
    partnership.approval_status = ApprovalStatus.PENDING
    partnership.save(update_fields=["approval_status"])
    return partnership


@transaction.atomic
def invite_partner(
    *, user: AnyUser, partnership: Partnership, organisation_id: int | None, message: str = ""
) -> PartnerInvitation:
    """A coordinator invites a cluster to become a partner; its managers answer."""
    _require_coordinator(
        user, partnership, _("Only the partnership's coordinators may invite partners.")
    )
    errors = FieldErrors()
    text = errors.text("message", message, limit=MESSAGE_LIMIT)
    organisation = None
    if organisation_id is None:
        errors.add("organisation", _("Choose the cluster to invite."))
    else:
        try:
            organisation = directory_queries.get_organisation_by_id(organisation_id=organisation_id)
        except ObjectDoesNotExist:
            errors.add(
                "organisation",
                _("No organisation has the id %(organisation_id)s.")
                % {"organisation_id": organisation_id},
            )
    if organisation is not None:
        if not organisation.is_cluster:
            errors.add(
                "organisation",
                _("%(name)s is not a cluster: partners of a partnership are clusters.")
                % {"name": organisation.name},
            )
        elif organisation.pk in queries.list_partner_ids(partnership=partnership):
            errors.add(
                "organisation", _("%(name)s is already a partner.") % {"name": organisation.name}
            )
        elif PartnerInvitation.objects.filter(
            partnership=partnership, organisation=organisation, status=InvitationStatus.PENDING
        ).exists():
            errors.add(
                "organisation",
                _("%(name)s was invited already: await its answer.") % {"name": organisation.name},
            )
    errors.raise_if_any()
    assert organisation is not None
    return PartnerInvitation.objects.create(
        partnership=partnership,
        organisation=organisation,
        message=text,
        invited_by=user if user.is_authenticated else None,
    )


@transaction.atomic
def answer_partner_invitation(
    *,
    user: AnyUser,
    invitation: PartnerInvitation,
    accept: bool,
    reason: str = "",
    now: dt.datetime,
) -> PartnerInvitation:
    """A manager of the invited cluster accepts (the cluster becomes a partner) or declines."""
    if not directory_queries.can_manage(user=user, organisation=invitation.organisation):
        raise PermissionDenied(
            _("Only a manager of the invited cluster may answer the invitation.")
        )
    invitation = PartnerInvitation.objects.select_for_update().get(pk=invitation.pk)
    errors = FieldErrors()
    text = errors.text("reason", reason, limit=MESSAGE_LIMIT)
    if invitation.status != InvitationStatus.PENDING:
        errors.add(
            "accept",
            (
                _("This invitation was accepted already, on %(answered_at)s.")
                if invitation.status == InvitationStatus.ACCEPTED
                else _("This invitation was declined already, on %(answered_at)s.")
            )
            % {"answered_at": format_date(invitation.answered_at or now, "DATE_FORMAT")},
        )
    errors.raise_if_any()
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.answered_by = user  # type: ignore[assignment]
    invitation.answered_at = now
    invitation.reason = "" if accept else text
    invitation.save(update_fields=["status", "answered_by", "answered_at", "reason"])
    if accept:
        PartnershipMember.objects.get_or_create(
            partnership=invitation.partnership,
            organisation=invitation.organisation,
            defaults={"role": PartnerRole.PARTNER, "joined_date": now.date()},
        )
    return invitation


@transaction.atomic
def add_coordinator(*, user: AnyUser, partnership: Partnership, email: str) -> User:
    """Name a coordinator: a person who works for one of the partner organisations."""
    _require_coordinator(
        user, partnership, _("Only the partnership's coordinators may name coordinators.")
    )
    errors = FieldErrors()
    address = errors.text("email", email, limit=254, required=_("Give the person's e-mail."))
    people = {
        person.email.casefold(): person
        for person in queries.list_partner_people(partnership=partnership)
    }
    person = people.get(address.casefold())
    if address and person is None:
        errors.add(
            "email",
            _(
                "No one working for a partner organisation has the e-mail %(address)s: their organisation's manager invites them first."
            )
            % {"address": address},
        )
    elif person is not None and queries.is_coordinator_of(
        user=person, partnership_id=partnership.pk
    ):
        errors.add("email", _("%(address)s is a coordinator already.") % {"address": address})
    errors.raise_if_any()
    assert person is not None
    PartnershipCoordinator.objects.create(partnership=partnership, user=person)
    return person


@transaction.atomic
def remove_coordinator(*, user: AnyUser, partnership: Partnership, person_id: int) -> None:
    """Remove a coordinator; at least one always remains (name a successor first)."""
    _require_coordinator(
        user, partnership, _("Only the partnership's coordinators may change coordinators.")
    )
    rows = list(
        PartnershipCoordinator.objects.select_for_update()
        .filter(partnership=partnership)
        .select_related("user")
    )
    errors = FieldErrors()
    row = next((row for row in rows if row.user_id == person_id), None)
    if row is None:
        errors.add(
            "user",
            _("The person with id %(person_id)s is not a coordinator.") % {"person_id": person_id},
        )
    elif len(rows) == 1:
        errors.add(
            "user",
            _("%(user)s is the only coordinator: name another coordinator before leaving.")
            % {"user": row.user},
        )
    errors.raise_if_any()
    assert row is not None
    row.delete()
