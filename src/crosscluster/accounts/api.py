from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from crosscluster.accounts import queries
from crosscluster.accounts.auth import token_auth, token_user

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


@router.get("/me", response=MeOut, auth=token_auth, summary="The token's user and roles")
def me(request: HttpRequest) -> MeOut:
    user = token_user(request)
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
    )
