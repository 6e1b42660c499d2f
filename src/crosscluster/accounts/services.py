"""Writes for people, memberships, invitations and tokens. Atomic; keyword-only."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from crosscluster.accounts.models import (
    ApiToken,
    Invitation,
    OrganisationMembership,
    OrganisationRole,
    User,
)
from crosscluster.accounts.queries import can_manage_organisation

INVITATION_LIFETIME = timedelta(days=14)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once; only its hash is stored


def create_api_token(*, user: User, name: str) -> NewToken:
    name = name.strip()
    if not name:
        raise ValidationError({"name": ["Give the token a name, e.g. 'reporting script'."]})
    if len(name) > 100:
        raise ValidationError({"name": ["Use at most 100 characters."]})
    key = "cc_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[:8], key_hash=ApiToken.hash_key(key)
    )
    return NewToken(token=token, key=key)


def revoke_api_token(*, user: User, token_id: int, now: datetime) -> None:
    token = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).first()
    if token is None:
        raise PermissionDenied("This token does not exist or is not yours.")
    token.revoked_at = now
    token.save(update_fields=["revoked_at"])  # a save, not an update: the audit log sees it


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str
    accept_url: str


def invite_colleague(
    *, inviter: User, organisation_id: int, email: str, role: str, now: datetime
) -> NewInvitation:
    # Through accounts' own foreign key, so that accounts (beneath the directory) imports none
    # of it: an unknown id raises ``Organisation.DoesNotExist``, which the view turns into 404.
    organisation = Invitation(organisation_id=organisation_id).organisation
    if not can_manage_organisation(user=inviter, organisation_id=organisation.pk):
        raise PermissionDenied("Only managers of this organisation may invite colleagues.")
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": ["Enter a valid e-mail address, e.g. name@example.eu."]}
        ) from None
    if role not in OrganisationRole.values:
        raise ValidationError({"role": [f"Choose one of: {', '.join(OrganisationRole.values)}."]})
    if OrganisationMembership.objects.filter(
        organisation=organisation, user__email__iexact=email
    ).exists():
        raise ValidationError({"email": ["This person is already a member of the organisation."]})
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            token_hash=ApiToken.hash_key(token),
            invited_by=inviter,
            expires_at=now + INVITATION_LIFETIME,
        )
        accept_url = settings.SITE_URL + reverse("accounts:accept_invitation", args=[token])
        subject = f"You are invited to join {organisation.name} on crosscluster"
        body = (
            f"{inviter} invites you to join {organisation.name} on crosscluster as {role}.\n\n"
            f"Accept within 14 days: {accept_url}\n"
        )
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        )
    return NewInvitation(invitation=invitation, token=token, accept_url=accept_url)


def _accept(invitation: Invitation, *, user: User, now: datetime) -> OrganisationMembership:
    if invitation.accepted_at is not None:
        raise ValidationError({"token": ["This invitation has already been used."]})
    if invitation.declined_at is not None:
        raise ValidationError({"token": ["This invitation was declined: ask for a new one."]})
    if invitation.expires_at <= now:
        raise ValidationError(
            {"token": ["This invitation has expired: ask the organisation for a new one."]}
        )
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            {"email": [f"This invitation is for {invitation.email}: log in with that address."]}
        )
    membership, _ = OrganisationMembership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def accept_invitation(*, user: User, token: str, now: datetime) -> OrganisationMembership:
    """Accept by the e-mailed link."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organisation")
            .filter(token_hash=ApiToken.hash_key(token))
            .first()
        )
        if invitation is None:
            raise ValidationError({"token": ["This invitation link is not valid."]})
        return _accept(invitation, user=user, now=now)


def _own_invitation(*, user: User, invitation_id: int) -> Invitation:
    """An invitation to the user's own address, locked; another person's is ``DoesNotExist``."""
    return (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .get(pk=invitation_id, email__iexact=user.email)
    )


def accept_invitation_by_id(
    *, user: User, invitation_id: int, now: datetime
) -> OrganisationMembership:
    """Accept from ``/me/`` (the invitation waits there as well as in the e-mail)."""
    with transaction.atomic():
        return _accept(_own_invitation(user=user, invitation_id=invitation_id), user=user, now=now)


def decline_invitation(*, user: User, invitation_id: int, now: datetime) -> Invitation:
    with transaction.atomic():
        invitation = _own_invitation(user=user, invitation_id=invitation_id)
        if not invitation.is_open:
            raise ValidationError({"invitation": ["This invitation was already answered."]})
        invitation.declined_at = now
        invitation.save(update_fields=["declined_at"])
    return invitation


# ------------------------------------------------------------------ people and roles
def grant_membership(*, user: User, organisation_id: int, role: str) -> OrganisationMembership:
    """Make ``user`` a member (or manager) of the organisation; never lowers a role.

    For the directory's services (an approved claim), which check who may do this first.
    """
    if role not in OrganisationRole.values:
        raise ValidationError({"role": [f"Choose one of: {', '.join(OrganisationRole.values)}."]})
    membership, created = OrganisationMembership.objects.get_or_create(
        user=user, organisation_id=organisation_id, defaults={"role": role}
    )
    if not created and role == OrganisationRole.MANAGER and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def _locked_memberships(organisation_id: int) -> list[OrganisationMembership]:
    return list(
        OrganisationMembership.objects.select_for_update()
        .filter(organisation_id=organisation_id)
        .order_by("pk")
    )


def _check_a_manager_remains(
    memberships: list[OrganisationMembership], *, losing: OrganisationMembership, field: str
) -> None:
    """Refuse when ``losing`` is the organisation's last manager."""
    if losing.role != OrganisationRole.MANAGER:
        return
    remaining = [m for m in memberships if m.role == OrganisationRole.MANAGER and m.pk != losing.pk]
    if not remaining:
        raise ValidationError(
            {
                field: [
                    "An organisation keeps at least one manager: make another person manager "
                    "first (hand over the role), then try again."
                ]
            }
        )


def _membership_of(
    memberships: list[OrganisationMembership], user_id: int
) -> OrganisationMembership:
    for membership in memberships:
        if membership.user_id == user_id:
            return membership
    raise OrganisationMembership.DoesNotExist("This person does not work for the organisation.")


def change_role(
    *, manager: User, organisation_id: int, user_id: int, role: str
) -> OrganisationMembership:
    """A manager changes a person's role (hands over or shares the manager role)."""
    if not can_manage_organisation(user=manager, organisation_id=organisation_id):
        raise PermissionDenied("Only the organisation's managers may change roles.")
    if role not in OrganisationRole.values:
        raise ValidationError({"role": [f"Choose one of: {', '.join(OrganisationRole.values)}."]})
    with transaction.atomic():
        memberships = _locked_memberships(organisation_id)
        membership = _membership_of(memberships, user_id)
        if role != OrganisationRole.MANAGER:
            _check_a_manager_remains(memberships, losing=membership, field="role")
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def remove_person(*, manager: User, organisation_id: int, user_id: int) -> None:
    """A manager removes a person from the organisation (never the last manager)."""
    if not can_manage_organisation(user=manager, organisation_id=organisation_id):
        raise PermissionDenied("Only the organisation's managers may remove people.")
    with transaction.atomic():
        memberships = _locked_memberships(organisation_id)
        membership = _membership_of(memberships, user_id)
        _check_a_manager_remains(memberships, losing=membership, field="user")
        membership.delete()


def leave_organisation(*, user: User, organisation_id: int) -> None:
    """A person leaves an organisation (a last manager hands the role over first)."""
    with transaction.atomic():
        memberships = _locked_memberships(organisation_id)
        membership = _membership_of(memberships, user.pk)
        _check_a_manager_remains(memberships, losing=membership, field="organisation")
        membership.delete()


def update_profile(*, user: User, full_name: str, timezone: str, language: str = "") -> User:
    import zoneinfo

    timezone = timezone.strip()
    if timezone:
        try:
            zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValidationError(
                {
                    "timezone": [
                        f"{timezone!r} is not a known time zone: use a name like Europe/Rome."
                    ]
                }
            ) from None
    language = _checked_language(language)
    user.full_name = full_name.strip()
    user.timezone = timezone
    user.language = language
    user.save(update_fields=["full_name", "timezone", "language"])
    return user


def _checked_language(language: str) -> str:
    language = language.strip().lower()
    codes = [code for code, _name in settings.LANGUAGES]
    if language and language not in codes:
        raise ValidationError(
            {"language": [f"{language!r} is not offered: choose one of {', '.join(codes)}."]}
        )
    return language


def set_language(*, user: User, language: str) -> User:
    """Save the language ``user`` chose (the switcher's choice, kept for their e-mails and
    documents); an empty one means "the browser's"."""
    user.language = _checked_language(language)
    user.save(update_fields=["language"])
    return user
