from datetime import datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from crosscluster.accounts import queries, services
from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.accounts.models import (
    ApiToken,
    Invitation,
    OrganisationMembership,
    TokenScope,
    User,
)

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    organisation_id: int
    organisation_name: str
    role: str


class MeOut(Schema):
    email: str
    full_name: str
    is_administrator: bool
    memberships: list[MembershipOut]
    timezone: str = Field(..., description="IANA time zone name; empty = the site's")
    language: str = Field(
        ...,
        description=(
            "saved language for pages, e-mails, notifications and documents "
            "(en, pt, es, fr, it, de, sv); empty = the browser's"
        ),
    )


class ProfileIn(Schema):
    full_name: str | None = Field(None, max_length=200, description="omit to keep")
    timezone: str | None = Field(
        None, max_length=64, description="IANA name such as Europe/Rome; empty = the site's"
    )
    language: str | None = Field(
        None,
        max_length=8,
        description="one of en, pt, es, fr, it, de, sv; empty = the browser's; omit to keep",
    )


@router.get("/me", response=MeOut, auth=token_auth, summary="The token's user and roles")
def me(request: HttpRequest) -> MeOut:
    return _me_out(token_user(request))


@router.patch(
    "/me",
    response=MeOut,
    auth=token_auth,
    summary="Change your profile: name, time zone, language (needs a write token)",
)
def update_me(request: HttpRequest, payload: ProfileIn) -> MeOut:
    user = token_user(request)
    services.update_profile(
        user=user,
        full_name=user.full_name if payload.full_name is None else payload.full_name,
        timezone=user.timezone if payload.timezone is None else payload.timezone,
        language=user.language if payload.language is None else payload.language,
    )
    return _me_out(user)


def _me_out(user: User) -> MeOut:
    return MeOut(
        email=user.email,
        full_name=user.full_name,
        is_administrator=user.is_superuser,
        memberships=[
            MembershipOut(
                organisation_id=m.organisation_id,
                organisation_name=m.organisation.name,
                role=m.role,
            )
            for m in queries.list_memberships(user=user)
        ],
        timezone=user.timezone,
        language=user.language,
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(..., description="the key's first characters, to recognise it")
    scope: str = Field(..., description="read (safe methods only) or write")
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None


class NewTokenOut(TokenOut):
    key: str = Field(..., description="the bearer key: shown in this answer only, never again")


class TokenIn(Schema):
    name: str = Field(..., description="what the token is for, e.g. 'reporting script'")
    scope: str = Field(TokenScope.READ, description="read (safe methods only) or write")
    days: int | None = Field(
        None, description="valid for 1 to 365 days; empty for the site's default"
    )


def _token_out(token: ApiToken) -> TokenOut:
    return TokenOut(
        id=token.pk,
        name=token.name,
        prefix=token.prefix,
        scope=token.scope,
        created_at=token.created_at,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
    )


@router.get(
    "/me/tokens",
    response=list[TokenOut],
    auth=token_auth,
    summary="Your API tokens not revoked (expired ones included, with their date)",
)
def list_tokens(request: HttpRequest) -> list[TokenOut]:
    return [_token_out(t) for t in queries.list_api_tokens(user=token_user(request))]


@router.post(
    "/me/tokens",
    response={201: NewTokenOut},
    auth=token_auth,
    summary="Create an API token (its key is in this answer only)",
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status:
    new = services.create_api_token(
        user=token_user(request),
        name=payload.name,
        scope=payload.scope,
        days=payload.days,
        now=timezone.now(),
    )
    return Status(201, NewTokenOut(**_token_out(new.token).model_dump(), key=new.key))


@router.delete(
    "/me/tokens/{token_id}",
    response={204: None},
    auth=token_auth,
    summary="Revoke one of your API tokens",
)
def revoke_token(request: HttpRequest, token_id: int) -> Status:
    services.revoke_api_token(user=token_user(request), token_id=token_id, now=timezone.now())
    return Status(204, None)


class ErasureIn(Schema):
    password: str = Field(..., description="the account's current password, to confirm")


@router.get(
    "/me/data",
    response=dict[str, Any],
    auth=token_auth,
    summary="All your personal data, by app (as the JSON download on your profile page)",
)
def personal_data(request: HttpRequest) -> dict[str, Any]:
    return queries.collect_personal_data(user=token_user(request))


@router.post(
    "/me/erasure",
    response={204: None},
    auth=token_auth,
    summary="Delete your account (contributions stay, anonymised); needs a write token",
)
def erase_account(request: HttpRequest, payload: ErasureIn) -> Status:
    user = token_user(request)
    services.check_password_for_erasure(user=user, password=payload.password)
    services.erase_account(user=user, now=timezone.now())
    return Status(204, None)


class InvitationOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    email: str
    role: str
    invited_by: str
    expires_at: datetime


class InvitationIn(Schema):
    email: str
    role: str = Field("member", description="member or manager")
    language: str = Field(
        "",
        description="The e-mail's language (en, pt, es, fr, it, de, sv) when the address has "
        "no account that saved one; empty: the request's language.",
    )


class PersonOut(Schema):
    user_id: int
    email: str
    full_name: str
    role: str


class RoleIn(Schema):
    role: str = Field(..., description="member or manager (an organisation keeps one manager)")


def _invitation_out(invitation: Invitation) -> InvitationOut:
    return InvitationOut(
        id=invitation.pk,
        organisation_id=invitation.organisation_id,
        organisation_name=invitation.organisation.name,
        email=invitation.email,
        role=invitation.role,
        invited_by=str(invitation.invited_by or ""),
        expires_at=invitation.expires_at,
    )


def _person_out(membership: OrganisationMembership) -> PersonOut:
    return PersonOut(
        user_id=membership.user_id,
        email=membership.user.email,
        full_name=membership.user.full_name,
        role=membership.role,
    )


@router.get(
    "/me/invitations",
    response=list[InvitationOut],
    auth=token_auth,
    summary="Invitations waiting for the token's user",
)
def my_invitations(request: HttpRequest) -> list[InvitationOut]:
    return [
        _invitation_out(i)
        for i in queries.list_open_invitations(user=token_user(request), now=timezone.now())
    ]


@router.post(
    "/me/invitations/{invitation_id}/accept",
    response=MembershipOut,
    auth=token_auth,
    summary="Accept an invitation to your address",
)
def accept_invitation(request: HttpRequest, invitation_id: int) -> MembershipOut:
    try:
        membership = services.accept_invitation_by_id(
            user=token_user(request), invitation_id=invitation_id, now=timezone.now()
        )
    except ObjectDoesNotExist as error:
        raise Http404(_("No such invitation to your address.")) from error
    return MembershipOut(
        organisation_id=membership.organisation_id,
        organisation_name=membership.organisation.name,
        role=membership.role,
    )


@router.post(
    "/me/invitations/{invitation_id}/decline",
    response={204: None},
    auth=token_auth,
    summary="Decline an invitation to your address",
)
def decline_invitation(request: HttpRequest, invitation_id: int) -> Status:
    try:
        services.decline_invitation(
            user=token_user(request), invitation_id=invitation_id, now=timezone.now()
        )
    except ObjectDoesNotExist as error:
        raise Http404(_("No such invitation to your address.")) from error
    return Status(204, None)


@router.delete(
    "/me/memberships/{organisation_id}",
    response={204: None},
    auth=token_auth,
    summary="Leave an organisation (a last manager hands the role over first)",
)
def leave_organisation(request: HttpRequest, organisation_id: int) -> Status:
    try:
        services.leave_organisation(user=token_user(request), organisation_id=organisation_id)
    except ObjectDoesNotExist as error:
        raise Http404(_("You do not work for this organisation.")) from error
    return Status(204, None)


@router.post(
    "/organisations/{organisation_id}/invitations",
    response={201: InvitationOut},
    auth=token_auth,
    summary="Invite a person to the organisation (its managers)",
)
def invite_person(request: HttpRequest, organisation_id: int, payload: InvitationIn) -> Status:
    try:
        new = services.invite_colleague(
            inviter=token_user(request),
            organisation_id=organisation_id,
            email=payload.email,
            role=payload.role,
            now=timezone.now(),
            language=payload.language,
        )
    except ObjectDoesNotExist as error:
        raise Http404(_("No such organisation.")) from error
    return Status(201, _invitation_out(new.invitation))


@router.get(
    "/organisations/{organisation_id}/people",
    response=list[PersonOut],
    auth=token_auth,
    summary="The organisation's people and roles (its managers)",
)
def list_people(request: HttpRequest, organisation_id: int) -> list[PersonOut]:
    try:
        found = queries.get_people_for_manager(
            user=token_user(request), organisation_id=organisation_id
        )
    except ObjectDoesNotExist as error:
        raise Http404(_("No such organisation.")) from error
    return [_person_out(m) for m in found.memberships]


@router.patch(
    "/organisations/{organisation_id}/people/{user_id}",
    response=PersonOut,
    auth=token_auth,
    summary="Change a person's role: hand over or share the manager role (its managers)",
)
def change_role(
    request: HttpRequest, organisation_id: int, user_id: int, payload: RoleIn
) -> PersonOut:
    try:
        membership = services.change_role(
            manager=token_user(request),
            organisation_id=organisation_id,
            user_id=user_id,
            role=payload.role,
        )
    except ObjectDoesNotExist as error:
        raise Http404(_("This person does not work for the organisation.")) from error
    return _person_out(membership)


@router.delete(
    "/organisations/{organisation_id}/people/{user_id}",
    response={204: None},
    auth=token_auth,
    summary="Remove a person from the organisation (its managers; never the last manager)",
)
def remove_person(request: HttpRequest, organisation_id: int, user_id: int) -> Status:
    try:
        services.remove_person(
            manager=token_user(request), organisation_id=organisation_id, user_id=user_id
        )
    except ObjectDoesNotExist as error:
        raise Http404(_("This person does not work for the organisation.")) from error
    return Status(204, None)
