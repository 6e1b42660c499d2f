"""The order of a text search's results: relevance, not the alphabet.

The partners of the viewer's partnerships first (``partner_ids``, from the partnerships app),
then the other clusters (a partnership's partners are clusters), then organisations whose name
has every word of the search (or its stem, or the place's other name), then by name. Used when
the search has words; browsing without words stays in name order (the name index pages it at
any size).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When

from crosscluster.directory import search_index
from crosscluster.directory.models import Organisation, OrganisationKind


def order_by_relevance(
    organisations: QuerySet[Organisation, Any],
    terms: Sequence[str],
    partner_ids: QuerySet[Any] | None = None,
) -> QuerySet[Organisation, Any]:
    in_name = Q()
    for term in terms:
        either = Q()
        for name in search_index.alternatives(term):
            either |= Q(name__icontains=name)
        in_name &= either
    partners = [When(pk__in=partner_ids, then=Value(0))] if partner_ids is not None else []
    return organisations.annotate(
        cluster_rank=Case(
            *partners, When(kind=OrganisationKind.CLUSTER, then=Value(1)), default=Value(2)
        ),
        name_rank=Case(When(in_name, then=Value(0)), default=Value(1)),
    ).order_by("cluster_rank", "name_rank", "name", "pk")
