"""The JIS's comments and proposals, read."""

from __future__ import annotations

from django.db.models import Count, Q

from crosscluster.strategy.models import Comment, CommentKind, ProposalStatus, Strategy


def list_comments(*, strategy: Strategy | None) -> list[Comment]:
    if strategy is None:
        return []
    return list(
        Comment.objects.filter(strategy=strategy)
        .select_related("decided_by")
        .order_by("-created_at", "-pk")
    )


def count_comments_by_section(*, strategy: Strategy | None) -> dict[str, dict[str, int]]:
    """``{section: {"comments": n, "open": n}}`` (open = proposals awaiting a decision)."""
    if strategy is None:
        return {}
    rows = (
        Comment.objects.filter(strategy=strategy)
        .values("section")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(kind=CommentKind.PROPOSAL, status=ProposalStatus.OPEN)),
        )
    )
    return {row["section"]: {"comments": row["total"], "open": row["open"]} for row in rows}
