"""Scoreboard and network JSON at 10,000 organisations and 100,000 ties (seeded), through the
whole Django stack (test client): server time per request and the size the browser receives.

Workload: one partnership with 10 partner clusters of 600 members each (6,000 organisations
involved) plus 4,000 organisations beyond it; 10,000 agreements of 5 signatories drawn from all
10,000 (every pair of signatories is a tie: 100,000 ties). Synthetic names; nothing here is
presented as real data.

    make bench PYTEST_ARGS="-k monitoring -s"
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

import pytest
from django.test import Client

from crosscluster.brokerage.models import Agreement, B2BSession
from crosscluster.directory.models import ClusterMembership, Country, Organisation
from crosscluster.events.models import Event
from crosscluster.partnerships.models import Partnership, PartnershipKind, PartnershipMember

pytestmark = pytest.mark.django_db
SEED = 12
ORGANISATIONS = 10_000
CLUSTERS = 10
MEMBERS = 600
AGREEMENTS = 10_000  # 5 signatories each: 10 pairs, 100,000 ties
ROUNDS = 5


def build(rng: random.Random) -> Partnership:
    countries = [
        Country.objects.create(iso2=code, iso3=code + "X", name=code, is_eu_member=True)
        for code in ("FR", "DE", "IT", "ES", "PL", "NL", "SE", "PT")
    ]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            slug=f"org-{index}",
            name=f"Organisation {index}",
            kind="cluster"
            if index < CLUSTERS
            else rng.choice(["sme", "research", "large_company"]),
            validation_status="provisional" if index < CLUSTERS else "",
            country=rng.choice(countries),
            size=rng.choice(["micro", "small", "medium", "large", ""]),
        )
        for index in range(ORGANISATIONS)
    )
    clusters = organisations[:CLUSTERS]
    partnership = Partnership.objects.create(
        slug="bench",
        name="Bench partnership",
        kind=PartnershipKind.ESCP_4I,
        coordinator=clusters[0],
        start_date=dt.date(2024, 1, 1),
        duration_months=24,
    )
    PartnershipMember.objects.bulk_create(
        PartnershipMember(partnership=partnership, organisation=cluster) for cluster in clusters
    )
    ClusterMembership.objects.bulk_create(
        ClusterMembership(
            cluster=cluster, member=organisations[CLUSTERS + number * MEMBERS + offset]
        )
        for number, cluster in enumerate(clusters)
        for offset in range(MEMBERS)
    )
    start = dt.datetime(2025, 5, 6, 9, tzinfo=dt.UTC)
    event = Event.objects.create(
        partnership=partnership,
        slug="fair",
        kind="brokerage",
        title="Fair",
        start_at=start,
        end_at=start + dt.timedelta(hours=8),
    )
    session = B2BSession.objects.create(event=event)
    agreements = Agreement.objects.bulk_create(
        Agreement(
            session=session,
            kind="technical",
            title=f"Agreement {index}",
            signed_date=dt.date(2025, 1, 1) + dt.timedelta(days=index % 365),
            recorded_at=start,
        )
        for index in range(AGREEMENTS)
    )
    through_model = Agreement.partners.through
    through_model.objects.bulk_create(
        through_model(agreement_id=agreement.pk, organisation_id=member.pk)
        for agreement in agreements
        for member in rng.sample(organisations, 5)
    )
    return partnership


def measure(client: Client, url: str) -> tuple[list[float], int]:
    times, size = [], 0
    for _ in range(ROUNDS):
        began = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, url
        size = len(response.content)
    return times, size


def test_scoreboard_and_network_at_10000_organisations_and_100000_ties() -> None:
    built = time.perf_counter()
    partnership = build(random.Random(SEED))
    print(f"\nworkload built in {time.perf_counter() - built:.1f} s")
    client = Client()
    for name, url in (
        ("scoreboard page", f"/monitoring/{partnership.slug}/"),
        ("scoreboard JSON", f"/api/v1/monitoring/{partnership.slug}/scoreboard"),
        ("network JSON", f"/api/v1/monitoring/{partnership.slug}/network"),
        ("network page", f"/monitoring/{partnership.slug}/network/"),
    ):
        times, size = measure(client, url)
        print(
            f"{name}: median {statistics.median(times):.2f} s, max {max(times):.2f} s "
            f"over {ROUNDS} requests; {size / 1e6:.2f} MB"
        )
    body = client.get(f"/api/v1/monitoring/{partnership.slug}/network").json()
    assert body["summary"]["organisations"] == ORGANISATIONS
    assert body["summary"]["ties"] == AGREEMENTS * 10
