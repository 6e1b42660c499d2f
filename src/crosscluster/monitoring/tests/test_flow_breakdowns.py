"""Flow indicators broken down by partner cluster (``registry.FLOW_BY_PARTNER_CLUSTER``): each
category counts the very rows the indicator's number counts, within the same period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from crosscluster.brokerage.models import Agreement
from crosscluster.brokerage.tests.factories import colleague, make_session
from crosscluster.directory.models import ClusterMembership
from crosscluster.marketplace.models import OpportunityKind
from crosscluster.marketplace.tests.helpers import make_opportunity
from crosscluster.monitoring import queries
from crosscluster.monitoring.registry import FLOW_BY_PARTNER_CLUSTER, INDICATORS
from tests.cast import make_organisation

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def recount(figure: queries.Figure, clusters: dict[int, set[int]], names: dict[int, str]):  # type: ignore[no-untyped-def]
    """The breakdown computed again by hand from the figure's own rows."""
    found = {}
    for partner, members in clusters.items():
        count = 0
        for row in figure.rows:
            named: set[object] = set()
            for field in figure.indicator.organisations:
                value = row[field]
                named.update(value if isinstance(value, tuple) else (value,))
            count += bool(members & named)
        found[names[partner]] = float(count)
    return found


def test_flow_indicators_by_partner_cluster_count_the_rows_of_their_total(
    cast, client: Client
) -> None:  # type: ignore[no-untyped-def]
    flows = [i.key for i in INDICATORS if i.organisations]
    assert all(i.nature == "flow" for i in INDICATORS if i.organisations)
    assert all(FLOW_BY_PARTNER_CLUSTER in i.breakdowns for i in INDICATORS if i.organisations)
    assert "needs_published" in flows
    assert "agreements" in flows
    # a member of the other partner cluster (the cast's other SME is outside every one)
    member = make_organisation("Other Cluster Member")
    ClusterMembership.objects.create(cluster=cast.other_cluster, member=member)
    for day, owner, user in (
        (dt.datetime(2025, 5, 1, tzinfo=dt.UTC), cast.sme, cast.sme_member),
        (dt.datetime(2026, 2, 1, tzinfo=dt.UTC), cast.sme, cast.sme_member),
        (dt.datetime(2026, 3, 1, tzinfo=dt.UTC), member, colleague(member, "m@example.eu")),
    ):
        make_opportunity(
            user=user,
            owner=owner,
            kind=OpportunityKind.INDUSTRIAL_NEED,
            partnership=cast.partnership,
            now=day,
        )
    session = make_session(cast)
    for signed, partners in (
        (dt.date(2026, 3, 4), [cast.sme, member]),  # across the two partner clusters
        (dt.date(2026, 4, 4), [cast.sme, cast.other_sme]),
        (dt.date(2025, 4, 4), [cast.other_sme]),  # no partner cluster's
    ):
        agreement = Agreement.objects.create(
            session=session,
            kind="technical",
            title="Pilot",
            signed_date=signed,
            recorded_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
        )
        agreement.partners.set(partners)
    cluster_name, other_name = cast.cluster.name, cast.other_cluster.name

    for period, needs, agreements in (
        ("", {cluster_name: 2.0, other_name: 1.0}, {cluster_name: 2.0, other_name: 1.0}),
        ("2026", {cluster_name: 1.0, other_name: 1.0}, {cluster_name: 2.0, other_name: 1.0}),
        ("2025", {cluster_name: 1.0, other_name: 0.0}, {cluster_name: 0.0, other_name: 0.0}),
    ):
        board = queries.compute_scoreboard(partnership=cast.partnership, today=TODAY, period=period)
        sources = queries._Sources(cast.partnership, TODAY, dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
        clusters = sources.involvement.clusters
        names = {pk: str(row["name"]) for pk, row in sources.involvement.rows.items()}
        assert board.figure("needs_published").breakdowns["partner cluster"] == needs
        assert board.figure("agreements").breakdowns["partner cluster"] == agreements
        for key in flows:
            figure = board.figure(key)
            if not figure.rows:
                assert "partner cluster" not in figure.breakdowns
                continue
            by_cluster = figure.breakdowns["partner cluster"]
            assert by_cluster == recount(figure, clusters, names), key
            assert all(value <= figure.value for value in by_cluster.values()), key
    # the totals: the agreement of the outside organisation alone counts in no partner cluster
    board = queries.compute_scoreboard(partnership=cast.partnership, today=TODAY)
    assert board.figure("needs_published").value == 3
    assert board.figure("agreements").value == 3
    # the page shows it and its CSV is the same numbers
    csv = client.get(
        f"/monitoring/{cast.partnership.slug}/breakdown/agreements/partner%20cluster.csv"
    )
    assert csv.status_code == 200
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert f"{cluster_name},2.0" in lines or f"{cluster_name},2" in lines
    page = client.get(f"/monitoring/{cast.partnership.slug}/").content.decode()
    assert 'data-testid="breakdown-agreements-partner-cluster"' in page
