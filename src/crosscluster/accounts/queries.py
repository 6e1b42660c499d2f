"""Reads about people and their roles."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from crosscluster.accounts.models import (
    ApiToken,
    Invitation,
    OrganisationMembership,
    OrganisationRole,
    User,
)

AnyUser = User | AnonymousUser


def list_organisation_ids(*, user: AnyUser, roles: tuple[str, ...] | None = None) -> set[int]:
    if not user.is_authenticated:
        return set()
    memberships = OrganisationMembership.objects.filter(user_id=user.pk)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return set(memberships.values_list("organisation_id", flat=True))


def can_edit_organisation(*, user: AnyUser, organisation_id: int) -> bool:
    """Administrators, and members of the organisation itself (any role)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return OrganisationMembership.objects.filter(
        user_id=user.pk, organisation_id=organisation_id
    ).exists()


def can_manage_organisation(*, user: AnyUser, organisation_id: int) -> bool:
    """Administrators and the organisation's managers (invite colleagues, change roles)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return OrganisationMembership.objects.filter(
        user_id=user.pk, organisation_id=organisation_id, role=OrganisationRole.MANAGER
    ).exists()


def list_memberships(*, user: User) -> QuerySet[OrganisationMembership]:
    """The person's memberships; ``manager_count`` says whether they are an organisation's only
    manager (who cannot leave or step down before handing over)."""
    return (
        OrganisationMembership.objects.filter(user=user)
        .select_related("organisation")
        .annotate(
            manager_count=Count(
                "organisation__memberships",
                filter=Q(organisation__memberships__role="manager"),
            )
        )
    )


def list_api_tokens(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")


def list_people_of_organisation(*, organisation_id: int) -> list[User]:
    """The active people who work for an organisation (any role)."""
    return list(
        User.objects.filter(
            organisation_memberships__organisation_id=organisation_id, is_active=True
        ).distinct()
    )


def list_active_users(*, user_ids: QuerySet[Any]) -> list[User]:
    """The active people among the ids a subquery gives."""
    return list(User.objects.filter(pk__in=user_ids, is_active=True).distinct())


def list_open_invitations(*, user: AnyUser, now: datetime) -> list[Invitation]:
    """Invitations to the user's address not yet accepted, declined or expired, newest first."""
    if not user.is_authenticated:
        return []
    return list(
        Invitation.objects.filter(
            email__iexact=user.email,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            expires_at__gt=now,
        )
        .select_related("organisation", "invited_by")
        .order_by("-created_at", "-pk")
    )


def awaits_email_verification(*, user: AnyUser) -> bool:
    """Whether the person signed up with an address they have not verified yet (the address
    they sign in with has no verified record). Accounts an administrator or a script created
    have no address record at all (the retention rule tells them apart the same way): whoever
    made them vouched for the address."""
    if not user.is_authenticated:
        return False
    addresses = EmailAddress.objects.filter(user_id=user.pk)
    if not addresses.exists():
        return False
    return not addresses.filter(email__iexact=user.email, verified=True).exists()


def verified_email_domains(*, user: AnyUser) -> set[str]:
    """The domains of the user's verified e-mail addresses (lower case)."""
    if not user.is_authenticated:
        return set()
    emails = EmailAddress.objects.filter(user_id=user.pk, verified=True).values_list(
        "email", flat=True
    )
    return {email.rsplit("@", 1)[1].lower() for email in emails if "@" in email}


def list_people_of(*, organisation_id: int) -> list[OrganisationMembership]:
    """The organisation's people with their roles, managers first, then by e-mail."""
    return list(
        OrganisationMembership.objects.filter(organisation_id=organisation_id)
        .select_related("user")
        .order_by("role", "user__email")
    )


def organisation_ids_with_people(*, organisation_ids: Collection[int]) -> set[int]:
    """Which of these organisations have people on the platform (anyone holding a role in them):
    their own people keep their profile, which imports do not overwrite."""
    ids = list(organisation_ids)
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        found.update(
            OrganisationMembership.objects.filter(
                organisation_id__in=ids[start : start + 500]
            ).values_list("organisation_id", flat=True)
        )
    return found


def count_managers(*, organisation_id: int) -> int:
    return OrganisationMembership.objects.filter(
        organisation_id=organisation_id, role=OrganisationRole.MANAGER
    ).count()


def list_manager_emails(*, organisation_ids: Collection[int]) -> list[str]:
    """E-mail addresses of the active managers of these organisations."""
    return sorted(
        set(
            OrganisationMembership.objects.filter(
                organisation_id__in=list(organisation_ids),
                role=OrganisationRole.MANAGER,
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
    )


def saved_languages(*, emails: Collection[str]) -> dict[str, str]:
    """address (lower case) -> the saved language of the active account it belongs to (the
    addresses of no account, or of one that saved none, are left out)."""
    rows = (
        User.objects.annotate(address=Lower("email"))
        .filter(address__in=[email.lower() for email in emails], is_active=True)
        .exclude(language="")
    )
    return dict(rows.values_list("address", "language"))


def list_administrator_emails() -> list[str]:
    return sorted(
        User.objects.filter(is_superuser=True, is_active=True).values_list("email", flat=True)
    )


@dataclass(frozen=True)
class People:
    organisation_id: int
    organisation_name: str
    organisation_slug: str
    memberships: list[OrganisationMembership]

    @property
    def sole_manager_id(self) -> int | None:
        """The user id of the organisation's only manager (whose role cannot change), if one."""
        managers = [m.user_id for m in self.memberships if m.role == "manager"]
        return managers[0] if len(managers) == 1 else None


def get_people_for_manager(*, user: AnyUser, organisation_id: int) -> People:
    """The organisation's people for its managers and administrators.

    ``ObjectDoesNotExist`` when the organisation is unknown; ``PermissionDenied`` for others.
    """
    # Through accounts' own foreign key: accounts (beneath the directory) imports none of it.
    organisation = Invitation(organisation_id=organisation_id).organisation
    if not can_manage_organisation(user=user, organisation_id=organisation_id):
        raise PermissionDenied(_("Only the organisation's managers see and change its people."))
    return People(
        organisation_id=organisation_id,
        organisation_name=organisation.name,
        organisation_slug=organisation.slug,
        memberships=list_people_of(organisation_id=organisation_id),
    )


def collect_personal_data(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about a person, by app (the JSON download). Each app
    contributes its part through ``core.personal_data``; accounts adds the person's own row."""
    from crosscluster.core.personal_data import list_parts

    data: dict[str, Any] = {
        "accounts": {
            "profile": {
                "email": user.email,
                "full_name": user.full_name,
                "timezone": user.timezone,
                "date_joined_at": user.date_joined_at,
                "last_login": user.last_login,
                "is_administrator": user.is_superuser,
                "is_staff": user.is_staff,
            },
            "email_addresses": list(
                EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
            ),
            "memberships": list(
                OrganisationMembership.objects.filter(user=user).values(
                    "organisation_id", "organisation__name", "role", "created_at"
                )
            ),
            "api_tokens": list(
                ApiToken.objects.filter(user=user).values(
                    "name", "prefix", "scope", "created_at", "expires_at", "revoked_at"
                )
            ),
            "invitations_received": list(
                Invitation.objects.filter(email__iexact=user.email).values(
                    "organisation__name", "role", "created_at", "accepted_at", "declined_at"
                )
            ),
            "invitations_sent": list(
                Invitation.objects.filter(invited_by=user).values(
                    "organisation__name", "email", "role", "created_at"
                )
            ),
        }
    }
    for part in list_parts():
        if part.app != "accounts":
            data[part.app] = part.collect(user.pk)
    return data
