"""What the directory holds about a person (their download; see core.personal_data)."""

from __future__ import annotations

from crosscluster.directory.models import ClusterJoinRequest, ClusterReview, OrganisationClaim


def personal_data(user_id: int) -> dict[str, object]:
    return {
        "organisation_claims": list(
            OrganisationClaim.objects.filter(claimant_id=user_id).values(
                "organisation_id", "organisation__name", "message", "status", "created_at"
            )
        ),
        "claims_decided": list(
            OrganisationClaim.objects.filter(decided_by_id=user_id).values(
                "id", "status", "reason", "decided_at"
            )
        ),
        "cluster_reviews": list(
            ClusterReview.objects.filter(reviewer_id=user_id).values(
                "cluster_id", "decision", "comment", "decided_at"
            )
        ),
        "join_requests_asked": list(
            ClusterJoinRequest.objects.filter(asked_by_id=user_id).values(
                "cluster_id", "organisation_id", "message", "created_at"
            )
        ),
    }
