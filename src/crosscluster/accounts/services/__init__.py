"""Writes for people, memberships, invitations and tokens. Atomic; keyword-only."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.timezone import now as current_time
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.accounts.models import (
    ApiToken,
    Invitation,
    OrganisationMembership,
    OrganisationRole,
    TokenScope,
    User,
)
from crosscluster.accounts.queries import (
    awaits_email_verification,
    can_manage_organisation,
    saved_languages,
)
from crosscluster.core.i18n import supported_language
from crosscluster.core.security import EmailNotVerified

INVITATION_LIFETIME = timedelta(days=14)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once; only its hash is stored


#: the longest lifetime a person may choose for an API token
MAX_TOKEN_DAYS = 365


def create_api_token(
    *,
    user: User,
    name: str,
    scope: str = TokenScope.WRITE,
    days: int | None = None,
    now: datetime | None = None,
) -> NewToken:
    """A new token for ``user``, valid ``days`` (default ``settings.API_TOKEN_DAYS``) with
    ``scope`` read or write. The key is in the result only: show it once, never store it."""
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the token a name, e.g. 'reporting script'.")]
    elif len(name) > 100:
        errors["name"] = [_("Use at most 100 characters.")]
    if scope not in TokenScope.values:
        errors["scope"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(TokenScope.values)}
        ]
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        errors["days"] = [
            _("A token lasts 1 to %(max_token_days)s days; %(days)s is outside.")
            % {"max_token_days": MAX_TOKEN_DAYS, "days": days}
        ]
    if errors:
        raise ValidationError(errors)
    now = now or current_time()
    key = "cc_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[:8],
        key_hash=ApiToken.hash_key(key),
        scope=scope,
        expires_at=now + timedelta(days=days),
    )
    return NewToken(token=token, key=key)


def revoke_api_token(*, user: User, token_id: int, now: datetime) -> None:
    token = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).first()
    if token is None:
        raise PermissionDenied(_("This token does not exist or is not yours."))
    token.revoked_at = now
    token.save(update_fields=["revoked_at"])  # a save, not an update: the audit log sees it


def revoke_all_api_tokens(*, user_id: int, now: datetime) -> int:
    """Revoke every live token of a person (their password changed or was reset); how many."""
    with transaction.atomic():
        tokens = list(
            ApiToken.objects.select_for_update().filter(user_id=user_id, revoked_at__isnull=True)
        )
        for token in tokens:
            token.revoked_at = now
            token.save(update_fields=["revoked_at"])  # one save each: the audit log sees them
    return len(tokens)


#: the actions that need a verified e-mail address, and what the person reads when theirs is not
#: (docs/security.md, "A verified e-mail address"): each puts the address in front of others or
#: sends a message to another organisation's people
VERIFIED_EMAIL_ACTIONS = {
    "publish": gettext_lazy(
        "Verify your e-mail address %(email)s before you publish on the marketplace: open the "
        "link we sent you, or have a new one sent from your e-mail addresses page "
        "(/accounts/email/)."
    ),
    "register": gettext_lazy(
        "Verify your e-mail address %(email)s before you register for a B2B session: open the "
        "link we sent you, or have a new one sent from your e-mail addresses page "
        "(/accounts/email/)."
    ),
    "interest": gettext_lazy(
        "Verify your e-mail address %(email)s before you express interest in an opportunity: "
        "open the link we sent you, or have a new one sent from your e-mail addresses page "
        "(/accounts/email/)."
    ),
    "converse": gettext_lazy(
        "Verify your e-mail address %(email)s before you write to another organisation "
        "(invitations, messages and proposals in conversations): open the link we sent you, or "
        "have a new one sent from your e-mail addresses page (/accounts/email/)."
    ),
    "meet": gettext_lazy(
        "Verify your e-mail address %(email)s before you ask for a B2B meeting: open the link "
        "we sent you, or have a new one sent from your e-mail addresses page (/accounts/email/)."
    ),
}


def require_verified_email(*, user: User | AnonymousUser, action: str) -> None:
    """Refuse ``action`` (a key of ``VERIFIED_EMAIL_ACTIONS``) with ``EmailNotVerified`` (a 403
    naming the address and how to verify it) when the person signed up with an address not
    verified yet (``queries.awaits_email_verification``). Off when the site verifies no address
    (``CROSSCLUSTER_EMAIL_VERIFICATION=none``); a visitor is left to the caller's own sign-in
    check."""
    message = VERIFIED_EMAIL_ACTIONS[action]
    if settings.ACCOUNT_EMAIL_VERIFICATION == "none" or not user.is_authenticated:
        return
    if awaits_email_verification(user=user):
        raise EmailNotVerified(str(message) % {"email": user.email})


class RevokeApiTokensOnNewPassword:
    """Not a rule about passwords: the hook that revokes a person's API tokens whenever they
    get a new password, whichever path sets it.

    Django calls every password validator's ``password_changed`` once a new password is saved
    (``set_password`` then ``save``): the site's change, set and reset pages (allauth), the
    admin's password form, ``crosscluster changepassword``, a script. It is *not* called when
    Django only rehashes the same password at a login (a stronger hasher), so that keeps the
    tokens. Listed in ``AUTH_PASSWORD_VALIDATORS``; it refuses no password."""

    def validate(self, password: str, user: object = None) -> None:
        return None

    def password_changed(self, password: str, user: User | None = None) -> None:
        if user is not None and user.pk is not None:
            revoke_all_api_tokens(user_id=user.pk, now=current_time())

    def get_help_text(self) -> str:
        return str(_("A new password revokes all your API tokens."))


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str
    accept_url: str


def invite_colleague(
    *, inviter: User, organisation_id: int, email: str, role: str, now: datetime, language: str = ""
) -> NewInvitation:
    """Invite ``email``; the e-mail is written in the saved language of the account the address
    belongs to, else in ``language`` (the sender's choice; empty: the language they read in)."""
    # Through accounts' own foreign key, so that accounts (beneath the directory) imports none
    # of it: an unknown id raises ``Organisation.DoesNotExist``, which the view turns into 404.
    organisation = Invitation(organisation_id=organisation_id).organisation
    if not can_manage_organisation(user=inviter, organisation_id=organisation.pk):
        raise PermissionDenied(_("Only managers of this organisation may invite colleagues."))
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": [_("Enter a valid e-mail address, e.g. name@example.eu.")]}
        ) from None
    if role not in OrganisationRole.values:
        raise ValidationError(
            {
                "role": [
                    _("Choose one of: %(choices)s.")
                    % {"choices": ", ".join(OrganisationRole.values)}
                ]
            }
        )
    chosen = _checked_language(language) or translation.get_language() or settings.LANGUAGE_CODE
    if OrganisationMembership.objects.filter(
        organisation=organisation, user__email__iexact=email
    ).exists():
        raise ValidationError(
            {"email": [_("This person is already a member of the organisation.")]}
        )
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
        with translation.override(saved_languages(emails=[email]).get(email, chosen)):
            subject = _("You are invited to join %(name)s on crosscluster") % {
                "name": organisation.name
            }
            body = render_to_string(
                "accounts/email/invitation.txt",
                {"invitation": invitation, "inviter": inviter, "accept_url": accept_url},
            )
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        )
    return NewInvitation(invitation=invitation, token=token, accept_url=accept_url)


def _accept(invitation: Invitation, *, user: User, now: datetime) -> OrganisationMembership:
    if invitation.accepted_at is not None:
        raise ValidationError({"token": [_("This invitation has already been used.")]})
    if invitation.declined_at is not None:
        raise ValidationError({"token": [_("This invitation was declined: ask for a new one.")]})
    if invitation.expires_at <= now:
        raise ValidationError(
            {"token": [_("This invitation has expired: ask the organisation for a new one.")]}
        )
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            {
                "email": [
                    _("This invitation is for %(email)s: log in with that address.")
                    % {"email": invitation.email}
                ]
            }
        )
    membership, _created = OrganisationMembership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    remember_language(user)
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
            raise ValidationError({"token": [_("This invitation link is not valid.")]})
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
            raise ValidationError({"invitation": [_("This invitation was already answered.")]})
        invitation.declined_at = now
        invitation.save(update_fields=["declined_at"])
    return invitation


# ------------------------------------------------------------------ people and roles
def grant_membership(*, user: User, organisation_id: int, role: str) -> OrganisationMembership:
    """Make ``user`` a member (or manager) of the organisation; never lowers a role.

    For the directory's services (an approved claim), which check who may do this first.
    """
    if role not in OrganisationRole.values:
        raise ValidationError(
            {
                "role": [
                    _("Choose one of: %(choices)s.")
                    % {"choices": ", ".join(OrganisationRole.values)}
                ]
            }
        )
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
                    _(
                        "An organisation keeps at least one manager: make another person manager first (hand over the role), then try again."
                    )
                ]
            }
        )


def _membership_of(
    memberships: list[OrganisationMembership], user_id: int
) -> OrganisationMembership:
    for membership in memberships:
        if membership.user_id == user_id:
            return membership
    raise OrganisationMembership.DoesNotExist(_("This person does not work for the organisation."))


def change_role(
    *, manager: User, organisation_id: int, user_id: int, role: str
) -> OrganisationMembership:
    """A manager changes a person's role (hands over or shares the manager role)."""
    if not can_manage_organisation(user=manager, organisation_id=organisation_id):
        raise PermissionDenied(_("Only the organisation's managers may change roles."))
    if role not in OrganisationRole.values:
        raise ValidationError(
            {
                "role": [
                    _("Choose one of: %(choices)s.")
                    % {"choices": ", ".join(OrganisationRole.values)}
                ]
            }
        )
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
        raise PermissionDenied(_("Only the organisation's managers may remove people."))
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
                        _("%(timezone)r is not a known time zone: use a name like Europe/Rome.")
                        % {"timezone": timezone}
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
            {
                "language": [
                    _("%(language)r is not offered: choose one of %(choices)s.")
                    % {"language": language, "choices": ", ".join(codes)}
                ]
            }
        )
    return language


def remember_language(user: User) -> None:
    """A person who saved no language keeps the one they are reading in now (signing up,
    accepting an invitation), so that their notifications and e-mails are written in it rather
    than in English. A saved choice is never changed; a user not yet saved is saved by the
    caller."""
    if user.language:
        return
    user.language = supported_language(translation.get_language()) or ""
    if user.language and user.pk is not None:
        user.save(update_fields=["language"])


def set_language(*, user: User, language: str) -> User:
    """Save the language ``user`` chose (the switcher's choice, kept for their e-mails and
    documents); an empty one means "the browser's"."""
    user.language = _checked_language(language)
    user.save(update_fields=["language"])
    return user


# The erasure of a person and the retention rules live in their own module.
from crosscluster.accounts.services.erasure import (  # noqa: E402
    check_password_for_erasure as check_password_for_erasure,
)
from crosscluster.accounts.services.erasure import erase_account as erase_account  # noqa: E402
from crosscluster.accounts.services.erasure import (  # noqa: E402
    erase_dormant_accounts as erase_dormant_accounts,
)
from crosscluster.accounts.services.erasure import (  # noqa: E402
    erase_unverified_accounts as erase_unverified_accounts,
)
