"""The only way a view obtains an S3-guidelines object it must protect.

The guidelines are a working document of the partnership (like the JIS working copy): its
members and coordinators read them, coordinators edit them, everyone else gets a 404 (their
existence is not revealed). An id is always looked up inside the partnership named in the
address, so another partnership's id is a 404; a member who may read but not edit gets a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from crosscluster.partnerships import queries as partnership_queries
from crosscluster.partnerships.queries import AnyUser, Standing
from crosscluster.regions.models import Recommendation, RegionProfile, S3Priority
from crosscluster.regions.services import NOT_A_COORDINATOR

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership


@dataclass(frozen=True)
class Access:
    partnership: Partnership
    standing: Standing

    @property
    def can_edit(self) -> bool:
        return self.standing.is_coordinator


def access_guidelines(*, user: AnyUser, slug: str) -> Access:
    """The partnership's guidelines for its members and coordinators; 404 for everyone else."""
    try:
        partnership = partnership_queries.get_partnership(user=user, slug=slug)
    except ObjectDoesNotExist as error:  # Partnership.DoesNotExist: hidden or missing
        raise Http404(str(error)) from error
    standing = partnership_queries.get_standing(user=user, partnership_id=partnership.pk)
    if not (standing.is_member or standing.is_coordinator):
        raise Http404(_("Only the partnership's members see its S3 guidelines."))
    return Access(partnership=partnership, standing=standing)


def access_guidelines_for_edit(*, user: AnyUser, slug: str) -> Partnership:
    access = access_guidelines(user=user, slug=slug)
    if not access.can_edit:
        raise PermissionDenied(NOT_A_COORDINATOR)
    return access.partnership


def access_profile(*, user: AnyUser, slug: str, profile_id: int) -> tuple[Access, RegionProfile]:
    """A region of this partnership's guidelines, for its members (404 otherwise)."""
    access = access_guidelines(user=user, slug=slug)
    profile = (
        RegionProfile.objects.select_related("region", "partnership")
        .filter(pk=profile_id, partnership=access.partnership)
        .first()
    )
    if profile is None:
        raise Http404(_("No such region in this partnership's S3 guidelines."))
    return access, profile


def access_profile_for_edit(*, user: AnyUser, slug: str, profile_id: int) -> RegionProfile:
    access, profile = access_profile(user=user, slug=slug, profile_id=profile_id)
    if not access.can_edit:
        raise PermissionDenied(NOT_A_COORDINATOR)
    return profile


def access_priority_for_edit(*, user: AnyUser, slug: str, priority_id: int) -> S3Priority:
    access = access_guidelines(user=user, slug=slug)
    priority = (
        S3Priority.objects.select_related("profile__region", "profile__partnership")
        .filter(pk=priority_id, profile__partnership=access.partnership)
        .first()
    )
    if priority is None:
        raise Http404(_("No such priority in this partnership's S3 guidelines."))
    if not access.can_edit:
        raise PermissionDenied(NOT_A_COORDINATOR)
    return priority


def access_recommendation_for_edit(
    *, user: AnyUser, slug: str, recommendation_id: int
) -> Recommendation:
    access = access_guidelines(user=user, slug=slug)
    recommendation = (
        Recommendation.objects.select_related("profile__region", "profile__partnership")
        .filter(pk=recommendation_id, profile__partnership=access.partnership)
        .first()
    )
    if recommendation is None:
        raise Http404(_("No such recommendation in this partnership's S3 guidelines."))
    if not access.can_edit:
        raise PermissionDenied(NOT_A_COORDINATOR)
    return recommendation
