"""Directory search and the partnership page at 100,000 organisations (server time, 200 requests).

Targets (issue 2): p95 under 200 ms for a faceted search, under 100 ms for the partnership page.
The database is the test database pytest-django creates from ``CROSSCLUSTER_DATABASE_URL``:
SQLite (a file, as in production, not the in-memory default) unless it names PostgreSQL.
Each request goes through the whole Django stack (middleware, view, template) via the test
client; the figures are written to ``var/bench/directory-<engine>.json`` for docs/benchmarks.md.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory_workload import Workload, build_directory

ROUNDS = 200
RESULTS = Path(__file__).resolve().parent.parent / "var" / "bench"
# A mix a visitor could produce: landing page, single facets, text (narrow and broad), facet
# combinations, the partnership page's "SMEs involved" link, deep pages.
SEARCHES = [
    "",
    "?type=sme",
    "?country=DE",
    "?country=FR&type=research",
    "?technology=robotics",
    "?technology=artificial-intelligence-decision-support&sector=manufacturing-and-processing",
    "?q=robot",
    "?q=manufacturing",
    "?q=digital+twins&country=IT",
    "?q=cloud&type=sme&country=ES",
    "?partnership=bench-digital-alliance&type=sme",
    "?partnership=bench-digital-alliance&technology=robotics&page=2",
    "?region=DE21",
    "?country=DE&country=AT&type=sme&sector=health-care",
    "?q=munchen",
    "?type=sme&page=40",
    "?q=energy&type=sme&type=large_company",
    "?sector=smart-city&country=NL",
    "?q=training",
    "?q=europe&technology=internet-of-things",
]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """SQLite on a file: the in-memory default would flatter every figure."""
    from django.db import connections

    database = connections["default"].settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / "directory-test.sqlite3"
        for stale in RESULTS.glob("directory-test.sqlite3*"):
            stale.unlink()
        database["TEST"]["NAME"] = str(path)


@pytest.fixture(scope="session")
def workload(django_db_setup: None, django_db_blocker: Any) -> Iterator[Workload]:
    with django_db_blocker.unblock():
        built = build_directory(organisations=100_000, progress=True)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a load
        yield built


def measure(
    benchmark: Any, client: Client, urls: list[str], name: str, max_queries: int
) -> dict[str, Any]:
    cycle = itertools.cycle(urls)
    counts: list[int] = []
    slowest: dict[str, float] = {}

    def setup() -> tuple[tuple[str], dict[str, Any]]:
        return (next(cycle),), {}

    def request(url: str) -> None:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(queries.captured_queries))

    for url in urls:  # warm up every query shape once
        request(url)
    benchmark.pedantic(request, setup=setup, rounds=ROUNDS, iterations=1)
    timings = [seconds * 1000 for seconds in benchmark.stats.stats.data]
    for url, milliseconds in zip(itertools.cycle(urls), timings, strict=False):
        slowest[url] = max(slowest.get(url, 0.0), milliseconds)
    figures = {
        "engine": connection.vendor,
        "requests": len(timings),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(statistics.quantiles(timings, n=20)[-1], 1),
        "max_ms": round(max(timings), 1),
        "max_queries": max(counts),
        "slowest": sorted(slowest.items(), key=lambda item: -item[1])[:3],
        # The machine's state, for reading the figures honestly.
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    benchmark.extra_info.update(figures)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}-{connection.vendor}.json").write_text(json.dumps(figures, indent=2))
    print(f"\n{name} on {connection.vendor}: {figures}")
    assert max(counts) <= max_queries
    return figures


@pytest.mark.django_db
def test_faceted_search(benchmark: Any, workload: Workload, client: Client) -> None:
    assert workload.organisations == 100_000
    measure(
        benchmark, client, [f"/directory/{query}" for query in SEARCHES], "directory-search", 12
    )


@pytest.mark.django_db
def test_partnership_page(benchmark: Any, workload: Workload, client: Client) -> None:
    measure(
        benchmark, client, [f"/partnerships/{workload.partnership_slug}/"], "partnership-page", 30
    )
