"""Self-service writes: registering an organisation, claiming one, joining a cluster.

Atomic and keyword-only like every service; each event sends its e-mail through ``mail`` (one
call per event, on commit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.accounts.queries import AnyUser, count_managers, verified_email_domains
from crosscluster.accounts.services import grant_membership
from crosscluster.directory import queries
from crosscluster.directory.models import (
    ClaimProof,
    ClusterJoinRequest,
    ClusterMembership,
    JoinDirection,
    Organisation,
    OrganisationClaim,
    RequestStatus,
)
from crosscluster.directory.services import mail
from crosscluster.directory.services.organisations import TagChoice, create_organisation

if TYPE_CHECKING:
    from crosscluster.accounts.models import User

DECISIONS = ("approve", "decline")
MESSAGE_LIMIT = 2000
_Request = TypeVar("_Request", OrganisationClaim, ClusterJoinRequest)


class PossibleDuplicateError(ValidationError):
    """The organisation may already be in the directory: claim it, or confirm it is another."""

    def __init__(self, duplicates: list[queries.PossibleDuplicate]) -> None:
        names = "; ".join(
            f"{d.organisation.name} ({d.reason}, /directory/organisations/{d.organisation.slug}/)"
            for d in duplicates
        )
        super().__init__(
            {
                "name": [
                    _(
                        "This organisation may already be in the directory: %(names)s. Claim it "
                        "from its profile, or confirm that yours is a different organisation."
                    )
                    % {"names": names}
                ]
            }
        )
        self.duplicates = duplicates


def _require_person(user: AnyUser) -> User:
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in first."))
    return user


def register_organisation(
    *,
    user: AnyUser,
    name: str,
    kind: str,
    country: str,
    nuts_region: str = "",
    city: str = "",
    website: str = "",
    description: str = "",
    size: str = "",
    tags: Sequence[TagChoice] = (),
    not_duplicate: bool = False,
) -> Organisation:
    """A signed-in person registers their organisation and becomes its manager.

    Raises ``PossibleDuplicateError`` (a ``ValidationError`` on ``name``) when the directory holds
    the same name in the same country or the same website domain, unless ``not_duplicate``.
    """
    person = _require_person(user)
    with transaction.atomic():
        # Validated and written first (field errors come before the duplicate question); the
        # duplicate check then rolls everything back, so nothing is left half-written.
        organisation = create_organisation(
            name=name,
            kind=kind,
            country=country,
            nuts_region=nuts_region,
            city=city,
            website=website,
            description=description,
            size=size,
            tags=tags,
        )
        if not not_duplicate:
            duplicates = [
                duplicate
                for duplicate in queries.find_possible_duplicates(
                    name=name, country=country, website=website
                )
                if duplicate.organisation.pk != organisation.pk
            ]
            if duplicates:
                raise PossibleDuplicateError(duplicates)
        grant_membership(user=person, organisation_id=organisation.pk, role="manager")
    return organisation


def _role_for_newcomer(organisation: Organisation) -> str:
    """The first person of an organisation manages it; later ones are members."""
    return "manager" if count_managers(organisation_id=organisation.pk) == 0 else "member"


def claim_organisation(
    *, user: AnyUser, organisation: Organisation, message: str = "", now: dt.datetime
) -> OrganisationClaim:
    """A person claims a directory entry. A verified e-mail address at the organisation's web
    domain confirms it at once; otherwise the claim waits for a manager or an administrator."""
    person = _require_person(user)
    errors: dict[str, list[str]] = {}
    message = message.strip()
    if len(message) > MESSAGE_LIMIT:
        errors["message"] = [
            _("Use at most %(message_limit)s characters (now %(count)s).")
            % {"message_limit": MESSAGE_LIMIT, "count": len(message)}
        ]
    if queries.can_edit_as_member(user=user, organisation=organisation):
        errors["organisation"] = [
            _("You already work for %(name)s on crosscluster.") % {"name": organisation.name}
        ]
    elif queries.find_pending_claim(user=user, organisation=organisation) is not None:
        errors["organisation"] = [
            _("Your claim of %(name)s is waiting for a decision already.")
            % {"name": organisation.name}
        ]
    if errors:
        raise ValidationError(errors)
    domain = queries.web_domain(organisation.website)
    proven = any(
        queries.email_matches_domain(email_domain, domain)
        for email_domain in verified_email_domains(user=user)
    )
    with transaction.atomic():
        claim = OrganisationClaim.objects.create(
            organisation=organisation,
            claimant=person,
            message=message,
            status=RequestStatus.APPROVED if proven else RequestStatus.PENDING,
            proof=ClaimProof.EMAIL_DOMAIN if proven else "",
            created_at=now,
            decided_at=now if proven else None,
        )
        if proven:
            grant_membership(
                user=person,
                organisation_id=organisation.pk,
                role=_role_for_newcomer(organisation),
            )
            mail.claim_decided(claim)
        else:
            mail.claim_submitted(claim)
    return claim


def _check_decision(decision: str, reason: str) -> None:
    errors: dict[str, list[str]] = {}
    if decision not in DECISIONS:
        errors["decision"] = [_("Choose %(choices)s.") % {"choices": " or ".join(DECISIONS)}]
    if decision == "decline" and not reason:
        errors["reason"] = [_("Say why you decline, so they know what to do next.")]
    if len(reason) > MESSAGE_LIMIT:
        errors["reason"] = [
            _("Use at most %(message_limit)s characters (now %(count)s).")
            % {"message_limit": MESSAGE_LIMIT, "count": len(reason)}
        ]
    if errors:
        raise ValidationError(errors)


def decide_claim(
    *, user: AnyUser, claim: OrganisationClaim, decision: str, reason: str = "", now: dt.datetime
) -> OrganisationClaim:
    """Approve (the claimant joins; as manager when the organisation has none) or decline with
    a reason. Administrators, the organisation's managers and its clusters' managers decide;
    nobody decides their own claim."""
    if not queries.can_decide_claim(user=user, claim=claim) or (
        claim.claimant_id == user.pk and not queries.is_platform_administrator(user)
    ):
        raise PermissionDenied(
            _(
                "Only the organisation's managers, the managers of its clusters and administrators decide claims (never their own)."
            )
        )
    reason = reason.strip()
    _check_decision(decision, reason)
    with transaction.atomic():
        locked = OrganisationClaim.objects.select_for_update().get(pk=claim.pk)
        if locked.status != RequestStatus.PENDING:
            raise ValidationError({"decision": [_("This claim was decided already.")]})
        approved = decision == "approve"
        locked.status = RequestStatus.APPROVED if approved else RequestStatus.DECLINED
        locked.proof = ClaimProof.REVIEW if approved else ""
        locked.reason = reason
        locked.decided_by = user  # type: ignore[assignment]
        locked.decided_at = now
        locked.save(update_fields=["status", "proof", "reason", "decided_by", "decided_at"])
        if approved:
            grant_membership(
                user=locked.claimant,
                organisation_id=locked.organisation_id,
                role=_role_for_newcomer(locked.organisation),
            )
        mail.claim_decided(locked)
    return locked


def withdraw_claim(
    *, user: AnyUser, claim: OrganisationClaim, now: dt.datetime
) -> OrganisationClaim:
    """The claimant withdraws a claim that waits for a decision (nobody else may)."""
    if claim.claimant_id != user.pk:
        raise PermissionDenied(_("Only the person who made a claim withdraws it."))
    return _withdraw(OrganisationClaim, claim.pk, noun="claim", fields={"decided_at": now})


#: why a claim or a request to join can no longer be withdrawn, as whole sentences (the status
#: agrees with its noun in other languages)
ALREADY_DECIDED = {
    ("claim", RequestStatus.APPROVED.value): gettext_lazy("This claim is approved already."),
    ("claim", RequestStatus.DECLINED.value): gettext_lazy("This claim is declined already."),
    ("claim", RequestStatus.WITHDRAWN.value): gettext_lazy("This claim is withdrawn already."),
    ("request", RequestStatus.APPROVED.value): gettext_lazy("This request is approved already."),
    ("request", RequestStatus.DECLINED.value): gettext_lazy("This request is declined already."),
    ("request", RequestStatus.WITHDRAWN.value): gettext_lazy("This request is withdrawn already."),
}


def _withdraw(model: type[_Request], pk: int, *, noun: str, fields: dict[str, object]) -> _Request:
    """Mark a pending claim or request withdrawn (locked, so a decision cannot cross it); a
    400 on ``status`` when it is no longer pending."""
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=pk)
        if locked.status != RequestStatus.PENDING:
            raise ValidationError({"status": [ALREADY_DECIDED[(noun, locked.status)]]})
        locked.status = RequestStatus.WITHDRAWN
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", *fields])
    return locked


# ------------------------------------------------------------------------ joining a cluster
def _check_join(cluster: Organisation, organisation: Organisation, message: str) -> None:
    errors: dict[str, list[str]] = {}
    if not cluster.is_cluster:
        errors["cluster"] = [
            _("%(name)s is not a cluster: choose a cluster.") % {"name": cluster.name}
        ]
    elif organisation.pk == cluster.pk:
        errors["organisation"] = [_("A cluster cannot be a member of itself.")]
    elif queries.is_cluster_member(cluster=cluster, organisation=organisation):
        errors["organisation"] = [
            _("%(organisation)s is a member of %(cluster)s already.")
            % {"organisation": organisation.name, "cluster": cluster.name}
        ]
    elif ClusterJoinRequest.objects.filter(
        cluster=cluster, organisation=organisation, status=RequestStatus.PENDING
    ).exists():
        errors["organisation"] = [
            _("A request for %(organisation)s to join %(cluster)s is waiting already.")
            % {"organisation": organisation.name, "cluster": cluster.name}
        ]
    if len(message) > MESSAGE_LIMIT:
        errors["message"] = [
            _("Use at most %(message_limit)s characters (now %(count)s).")
            % {"message_limit": MESSAGE_LIMIT, "count": len(message)}
        ]
    if errors:
        raise ValidationError(errors)


def _open_join_request(
    *,
    user: AnyUser,
    cluster: Organisation,
    organisation: Organisation,
    direction: str,
    message: str,
    now: dt.datetime,
) -> ClusterJoinRequest:
    message = message.strip()
    _check_join(cluster, organisation, message)
    with transaction.atomic():
        join_request = ClusterJoinRequest.objects.create(
            cluster=cluster,
            organisation=organisation,
            direction=direction,
            message=message,
            status=RequestStatus.PENDING,
            asked_by=_require_person(user),
            created_at=now,
        )
        mail.join_request_submitted(join_request)
    return join_request


def ask_to_join_cluster(
    *,
    user: AnyUser,
    cluster: Organisation,
    organisation: Organisation,
    message: str = "",
    now: dt.datetime,
) -> ClusterJoinRequest:
    """The organisation's own managers ask (administrators do not: they act through their
    own tools); the cluster's managers decide."""
    if not queries.can_ask_to_join_for(user=user, organisation=organisation):
        raise PermissionDenied(
            _("Only the managers of %(name)s may ask for it to join a cluster.")
            % {"name": organisation.name}
        )
    return _open_join_request(
        user=user,
        cluster=cluster,
        organisation=organisation,
        direction=JoinDirection.REQUEST,
        message=message,
        now=now,
    )


def invite_organisation_to_cluster(
    *,
    user: AnyUser,
    cluster: Organisation,
    organisation: Organisation,
    message: str = "",
    now: dt.datetime,
) -> ClusterJoinRequest:
    """The cluster's managers invite; the organisation's managers decide."""
    if not queries.can_manage(user=user, organisation=cluster):
        raise PermissionDenied(_("Only the cluster's managers (or administrators) invite members."))
    return _open_join_request(
        user=user,
        cluster=cluster,
        organisation=organisation,
        direction=JoinDirection.INVITATION,
        message=message,
        now=now,
    )


def decide_join_request(
    *,
    user: AnyUser,
    join_request: ClusterJoinRequest,
    decision: str,
    reason: str = "",
    now: dt.datetime,
) -> ClusterJoinRequest:
    """Approve (the organisation becomes a member of the cluster) or decline with a reason."""
    if not queries.can_decide_join_request(user=user, join_request=join_request):
        side = queries.deciding_side(join_request)
        raise PermissionDenied(
            _("Only the managers of %(name)s (or administrators) decide this.")
            % {"name": side.name}
        )
    reason = reason.strip()
    _check_decision(decision, reason)
    with transaction.atomic():
        locked = ClusterJoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if locked.status != RequestStatus.PENDING:
            raise ValidationError({"decision": [_("This request was decided already.")]})
        approved = decision == "approve"
        locked.status = RequestStatus.APPROVED if approved else RequestStatus.DECLINED
        locked.reason = reason
        locked.decided_by = user  # type: ignore[assignment]
        locked.decided_at = now
        locked.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        if approved:
            ClusterMembership.objects.get_or_create(
                cluster_id=locked.cluster_id,
                member_id=locked.organisation_id,
                defaults={"joined_date": now.date()},
            )
        mail.join_request_decided(locked)
    return locked


def withdraw_join_request(
    *, user: AnyUser, join_request: ClusterJoinRequest, now: dt.datetime
) -> ClusterJoinRequest:
    """The side that sent a request (or an invitation) withdraws it while it waits."""
    if not queries.can_withdraw_join_request(user=user, join_request=join_request):
        raise PermissionDenied(
            _("Only the managers of the side that sent it (or administrators) withdraw it.")
        )
    return _withdraw(
        ClusterJoinRequest,
        join_request.pk,
        noun="request",
        fields={"decided_by": user, "decided_at": now},
    )
