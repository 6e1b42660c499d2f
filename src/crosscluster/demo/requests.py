"""Stage 9 (with the demo accounts): one pending claim and one pending request to join a cluster,
so a visitor sees the self-service flows at once.

Both are built from organisations already loaded (partner clusters' members from the EDIH
catalogue and CORDIS) and the demo role accounts; their messages say they are illustrative.
The demo cluster manager decides both on /directory/requests/.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from crosscluster.accounts.models import User
from crosscluster.demo.accounts import MEMBER
from crosscluster.demo.partnership import get_or_create_partner_clusters
from crosscluster.directory.models import (
    ClusterJoinRequest,
    ClusterMembership,
    JoinDirection,
    OrganisationClaim,
    OrganisationKind,
    RequestStatus,
)

CLAIM_MESSAGE = "Illustrative claim of the demo: the demo SME member says they work here."
JOIN_MESSAGE = "Illustrative request of the demo: this member of a partner cluster asks to join."


def requests_are_loaded() -> bool:
    return (
        OrganisationClaim.objects.filter(message=CLAIM_MESSAGE).exists()
        and ClusterJoinRequest.objects.filter(message=JOIN_MESSAGE).exists()
    )


def load_pending_requests() -> str:
    clusters = get_or_create_partner_clusters()
    germany = clusters["germany"]
    member = User.objects.get(email=MEMBER.email)
    germany_members = ClusterMembership.objects.filter(cluster=germany).values("member_id")
    own = member.organisation_memberships.values("organisation_id")
    claimed = (
        ClusterMembership.objects.filter(cluster=germany, member__kind=OrganisationKind.SME)
        .exclude(member_id__in=own)
        .order_by("member__name", "member_id")
        .select_related("member")
        .first()
    )
    joining = (
        ClusterMembership.objects.filter(
            cluster_id__in=[c.pk for c in clusters.values() if c.pk != germany.pk],
            member__kind=OrganisationKind.SME,
        )
        .exclude(member_id__in=germany_members)
        .exclude(member_id=germany.pk)
        .order_by("member__name", "member_id")
        .select_related("member")
        .first()
    )
    now = timezone.now()
    done = []
    with transaction.atomic():
        if claimed is not None:
            OrganisationClaim.objects.get_or_create(
                organisation=claimed.member,
                claimant=member,
                status=RequestStatus.PENDING,
                defaults={"message": CLAIM_MESSAGE, "created_at": now},
            )
            done.append(f"a claim of {claimed.member.name}")
        if joining is not None:
            ClusterJoinRequest.objects.get_or_create(
                cluster=germany,
                organisation=joining.member,
                status=RequestStatus.PENDING,
                defaults={
                    "direction": JoinDirection.REQUEST,
                    "message": JOIN_MESSAGE,
                    "created_at": now,
                },
            )
            done.append(f"{joining.member.name} asking to join {germany.name}")
    return "pending: " + ("; ".join(done) or "none (no suitable organisation)")
