"""What the join forms may offer: the clusters an organisation may still ask to join (picked by
name), and the organisations a person manages that may still ask to join one cluster (a short
list). Neither offers a cluster the organisation belongs to already, nor one with a request or
invitation waiting between the two (the service refuses both too)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from crosscluster.accounts.queries import AnyUser, list_organisation_ids
from crosscluster.directory.models import (
    ClusterJoinRequest,
    ClusterMembership,
    Organisation,
    OrganisationKind,
    RequestStatus,
)
from crosscluster.directory.queries.picking import pick_choices, pickable_organisations


def cluster_ids_not_to_offer(*, organisation: Organisation) -> set[int]:
    """The organisation itself, the clusters it is a member of, and those with a request or an
    invitation waiting between the two."""
    members = ClusterMembership.objects.filter(member=organisation).values_list(
        "cluster_id", flat=True
    )
    waiting = ClusterJoinRequest.objects.filter(
        organisation=organisation, status=RequestStatus.PENDING
    ).values_list("cluster_id", flat=True)
    return {organisation.pk, *members, *waiting}


def joinable_clusters(*, organisation: Organisation) -> QuerySet[Organisation]:
    """The clusters ``organisation`` may ask to join: what the form's picker accepts."""
    return pickable_organisations(
        kinds=[OrganisationKind.CLUSTER],
        exclude_ids=cluster_ids_not_to_offer(organisation=organisation),
    )


def pick_joinable_clusters(
    *, organisation: Organisation, q: str, chosen: str = ""
) -> list[tuple[str, str]]:
    """(slug, label) of the joinable clusters whose name has the words ``q`` (the one
    ``chosen`` first, when it is joinable)."""
    return pick_choices(
        q=q,
        chosen=chosen,
        kinds=[OrganisationKind.CLUSTER],
        exclude_ids=cluster_ids_not_to_offer(organisation=organisation),
    )


def organisations_to_join(*, user: AnyUser, cluster: Organisation) -> QuerySet[Organisation]:
    """The organisations ``user`` manages (as a manager, not as an administrator) that may ask
    to join ``cluster``, in name order: not the cluster, not its members, none with a request
    or invitation waiting."""
    managed = list_organisation_ids(user=user, roles=("manager",))
    members = ClusterMembership.objects.filter(cluster=cluster).values("member_id")
    waiting = ClusterJoinRequest.objects.filter(
        cluster=cluster, status=RequestStatus.PENDING
    ).values("organisation_id")
    return (
        Organisation.objects.filter(pk__in=managed)
        .exclude(Q(pk=cluster.pk) | Q(pk__in=members) | Q(pk__in=waiting))
        .order_by("name")
    )
