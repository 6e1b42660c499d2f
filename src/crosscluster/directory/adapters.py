"""Rows to the criteria module's dataclasses (the one place where ORM rows become them)."""

from __future__ import annotations

from collections.abc import Mapping

from crosscluster.directory.models import Organisation
from crosscluster.engines.clusters.criteria import ClusterFacts


def cluster_facts(cluster: Organisation, members_by_kind: Mapping[str, int]) -> ClusterFacts:
    return ClusterFacts(
        management_staff=cluster.management_staff,
        members_by_kind=dict(members_by_kind),
        website=cluster.website,
        description=cluster.description,
    )
