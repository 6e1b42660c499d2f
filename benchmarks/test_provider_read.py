"""The matching worker's provider read: every provider organisation with its tags, as profiles.

Issue 16 ("first matches within 10 s of publishing"): a worker's warm-up and each matching pass
read the whole provider pool. ``directory.queries.list_provider_rows`` reads plain values (two
queries, no model instances); the prefetch it replaced (``list_providers_with_tags``: one
``Organisation`` and one ``OrganisationTag`` + ``Tag`` per row) is measured beside it on the same
database. The pool is ``directory_workload.build_directory`` at 4,000 organisations (about the
demo's 2,300 providers; the rest are clusters and public authorities), SQLite on a file.

Run: .venv/bin/pytest benchmarks/test_provider_read.py -p no:cacheprovider --benchmark-only
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Prefetch

from directory_workload import Workload, build_directory

ORGANISATIONS = 4_000
RESULTS = Path(__file__).resolve().parent.parent / "var" / "bench"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """SQLite on a file: the in-memory default would flatter every figure."""
    from django.db import connections

    database = connections["default"].settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / "provider-read-test.sqlite3"
        for stale in RESULTS.glob("provider-read-test.sqlite3*"):
            stale.unlink()
        database["TEST"]["NAME"] = str(path)


@pytest.fixture(scope="session")
def workload(django_db_setup: None, django_db_blocker: Any) -> Iterator[Workload]:
    with django_db_blocker.unblock():
        yield build_directory(
            organisations=ORGANISATIONS, partner_clusters=2, members_per_partner=50
        )


def _profiles_through_model_instances() -> list[Any]:
    """The read before round 8b: the directory's prefetch, then one profile per instance."""
    from crosscluster.directory.models import Organisation, OrganisationTag
    from crosscluster.directory.queries import PROVIDER_KINDS, ProviderRow
    from crosscluster.marketplace import adapters

    organisations = Organisation.objects.filter(kind__in=PROVIDER_KINDS).prefetch_related(
        Prefetch("organisation_tags", queryset=OrganisationTag.objects.select_related("tag"))
    )
    return [
        adapters.organisation_profile(
            ProviderRow(
                o.pk,
                o.name,
                o.description,
                o.country_id,
                tuple((t.tag.facet, t.tag.label, t.level) for t in o.organisation_tags.all()),
            )
        )
        for o in organisations
    ]


def _profiles_from_values() -> list[Any]:
    from crosscluster.marketplace import jobs

    return [subject.profile for subject in jobs._read_providers()]


@pytest.mark.django_db
def test_provider_read_as_values(workload: Workload, benchmark: Any) -> None:
    profiles = benchmark.pedantic(_profiles_from_values, rounds=10, iterations=1)
    assert {p.id: p for p in profiles} == {p.id: p for p in _profiles_through_model_instances()}
    benchmark.extra_info["providers"] = len(profiles)


@pytest.mark.django_db
def test_provider_read_through_model_instances(workload: Workload, benchmark: Any) -> None:
    profiles = benchmark.pedantic(_profiles_through_model_instances, rounds=10, iterations=1)
    benchmark.extra_info["providers"] = len(profiles)
