"""The monitoring scoreboard's raw rows of the marketplace: one read per indicator source."""

from __future__ import annotations

from django.db.models import Count, Q

from crosscluster.marketplace.models import ExpressionOfInterest, MatchSuggestion, Opportunity


def list_monitoring_opportunity_rows(*, partnership_id: int) -> list[dict[str, object]]:
    """Published (or once published) opportunities of a partnership: the rows behind the
    scoreboard's needs and offers published."""
    return [
        dict(row)
        for row in Opportunity.objects.filter(
            partnership_id=partnership_id, published_at__isnull=False
        )
        .order_by("published_at", "pk")
        .values("pk", "title", "kind", "status", "published_at", "owner_id", "owner__name")
    ]


def list_monitoring_match_rows(*, partnership_id: int) -> list[dict[str, object]]:
    """Matches suggested for the partnership's opportunities, with whether anyone judged one useful."""
    return [
        dict(row)
        for row in MatchSuggestion.objects.filter(opportunity__partnership_id=partnership_id)
        .annotate(judged_useful=Count("feedback", filter=Q(feedback__is_useful=True)))
        .order_by("computed_at", "pk")
        .values(
            "pk",
            "opportunity_id",
            "opportunity__owner_id",
            "provider_organisation_id",
            "computed_at",
            "judged_useful",
        )
    ]


def list_monitoring_interest_rows(*, partnership_id: int) -> list[dict[str, object]]:
    """Expressions of interest in the partnership's opportunities."""
    return [
        dict(row)
        for row in ExpressionOfInterest.objects.filter(opportunity__partnership_id=partnership_id)
        .order_by("created_at", "pk")
        .values(
            "pk",
            "opportunity_id",
            "opportunity__owner_id",
            "organisation_id",
            "organisation__name",
            "status",
            "created_at",
        )
    ]
