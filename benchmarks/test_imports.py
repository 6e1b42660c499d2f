"""Importing a file of 100,000 organisation rows into a directory of 100,000 organisations
(seeded), through the API and the background jobs as the worker runs them: upload, check (every
row validated and matched), import (all rows in one transaction); the time of each, the process's
peak memory, and the server time of the page a person watches meanwhile. Figures go to
``var/bench/imports-<engine>.json`` and docs/benchmarks.md.

The file: 90,000 new organisations (synthetic names, real ISO countries) and 10,000 rows naming
organisations already in the directory (their own name, in capitals, with a legal form added), so
the matching has work to do. Every row lists two technologies (one with a level) and a sector of
the EDIH taxonomy, in English, German or French (the new organisations' tags are written with
them). Nothing here is presented as real data.

By default (``make bench``) it runs small, 2,000 rows into 5,000 organisations (a minute or
so: it shows that it works; its figures go to ``imports-<engine>-2000-rows.json``, not to be
published). The full size, whose figures docs/imports.md publishes:

    CROSSCLUSTER_BENCH_IMPORT_FULL=1 make bench PYTEST_ARGS="-k imports -s"

(``CROSSCLUSTER_BENCH_IMPORT_ROWS`` and ``CROSSCLUSTER_BENCH_IMPORT_DIRECTORY`` set either
size by hand.) ``CROSSCLUSTER_BENCH_IMPORT_UPDATE=1`` imports with the option "update matched
organisations" (the 10,000 matched rows' technologies and sectors replace theirs; figures in
``imports-<engine>-update-matched.json``). pytest-benchmark times the import job (one round: it writes the rows), the other
figures are in the JSON and the benchmark's ``extra_info``.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import random
import resource
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client

from crosscluster.accounts.models import User
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.core.taxonomy import label_translations
from crosscluster.directory.models import (
    ClusterMembership,
    Organisation,
    OrganisationTag,
    Tag,
)
from crosscluster.directory.queries.onboarding import normalised_name
from crosscluster.imports import jobs
from crosscluster.imports.models import OrganisationImport
from directory_workload import Workload, build_directory

pytestmark = pytest.mark.django_db
RESULTS = Path(__file__).resolve().parent.parent / "var" / "bench"
FULL = os.environ.get("CROSSCLUSTER_BENCH_IMPORT_FULL", "") not in ("", "0")
#: the option "update matched organisations": the 10,000 matched rows' tags replace theirs
UPDATE = os.environ.get("CROSSCLUSTER_BENCH_IMPORT_UPDATE", "") not in ("", "0")
ROWS = int(os.environ.get("CROSSCLUSTER_BENCH_IMPORT_ROWS", "100000" if FULL else "2000"))
EXISTING = ROWS // 10
DIRECTORY = int(os.environ.get("CROSSCLUSTER_BENCH_IMPORT_DIRECTORY", "100000" if FULL else "5000"))
PAGE_ROUNDS = 50
SEED = 20261206


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """SQLite on a file: the in-memory default would flatter every figure."""
    from django.db import connections

    database = connections["default"].settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / "imports-test.sqlite3"
        for stale in RESULTS.glob("imports-test.sqlite3*"):
            stale.unlink()
        database["TEST"]["NAME"] = str(path)


@pytest.fixture(scope="session")
def workload(django_db_setup: None, django_db_blocker: Any) -> Iterator[Workload]:
    with django_db_blocker.unblock():
        yield build_directory(organisations=DIRECTORY, progress=True)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KB


def tag_labels(facet: str) -> list[str]:
    """The facet's labels as a file may write them: English, German, French."""
    translations = label_translations()
    labels = []
    for label in Tag.objects.filter(facet=facet).order_by("pk").values_list("label", flat=True):
        names = translations.get((facet, label), {})
        labels += [label, names.get("de", label), names.get("fr", label)]
    return labels


def make_file(rng: random.Random) -> bytes:
    existing = list(
        Organisation.objects.exclude(kind="cluster")
        .order_by("pk")
        .values_list("name", "country_id")[: EXISTING * 3]
    )
    countries = sorted({country for _, country in existing})
    # one row per organisation: synthetic names repeat, and two rows naming the same one are a
    # problem of the file (the check's own rule)
    distinct = {(normalised_name(name), country): (name, country) for name, country in existing}
    named = rng.sample(sorted(distinct.values()), EXISTING)
    kinds = ["SME", "large company", "research", "public authority", "other"]
    technologies, sectors = tag_labels("technologies"), tag_labels("sectors")
    assert technologies, "the workload loads the EDIH vocabulary"
    assert sectors, "the workload loads the EDIH vocabulary"

    def tags() -> list[str]:
        first, second = rng.sample(range(0, len(technologies), 3), 2)  # two distinct labels
        return [
            f"{technologies[first + rng.randrange(3)]}:{rng.randint(1, 5)}; "
            f"{technologies[second + rng.randrange(3)]}",
            rng.choice(sectors),
        ]

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "Name",
            "Type",
            "Country",
            "City",
            "Website",
            "Size",
            "Description",
            "Technologies",
            "Sectors",
        ]
    )
    rows: list[list[str]] = []
    for index in range(ROWS - EXISTING):
        rows.append(
            [
                f"Imported Bench Organisation {index}",
                rng.choice(kinds),
                rng.choice(countries),
                "Bench city",
                f"https://imported-{index}.example.eu" if index % 2 else "",
                rng.choice(["micro", "small", "medium", "large", ""]),
                "A synthetic organisation of the import benchmark.",
                *tags(),
            ]
        )
    for name, country in named:
        rows.append([f"{name.upper()} GmbH", "SME", country, "", "", "", "", *tags()])
    rng.shuffle(rows)
    writer.writerows(rows)
    return buffer.getvalue().encode()


@pytest.mark.timeout(3600)  # a shared machine: the workload alone takes minutes
def test_import_of_organisation_rows(
    benchmark: Any, workload: Workload, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(SEED)
    administrator = User.objects.create_superuser(email="bench@example.eu", password="x" * 20)
    cluster = Organisation.objects.filter(kind="cluster").order_by("pk").first()
    assert cluster is not None
    members_before = ClusterMembership.objects.filter(cluster=cluster).count()
    tags_before = OrganisationTag.objects.count()
    content = make_file(rng)
    client = Client()
    client.force_login(administrator)
    rss_before = peak_rss_mb()
    load_at_start = os.getloadavg()[0]

    began = time.perf_counter()
    handle = io.BytesIO(content)
    handle.name = "bench.csv"
    form = {"cluster": cluster.slug, "file": handle, **({"update_matched": "on"} if UPDATE else {})}
    response = client.post("/imports/", form)
    upload_seconds = time.perf_counter() - began
    assert response.status_code == 302, response.content[:2000]
    organisation_import = OrganisationImport.objects.defer("content").get()
    rss_after_upload = peak_rss_mb()

    began = time.perf_counter()
    assert run_queued_tasks() == 1  # the check, as the worker runs it
    check_seconds = time.perf_counter() - began
    rss_after_check = peak_rss_mb()
    organisation_import.refresh_from_db()
    assert organisation_import.status == "checked", organisation_import.error
    assert organisation_import.problem_count == 0, organisation_import.problems[:5]
    assert organisation_import.rows_total == ROWS
    assert organisation_import.matched_count >= EXISTING - 50  # a few names repeat
    url = f"/imports/{organisation_import.pk}/"

    page_times = []
    for _ in range(PAGE_ROUNDS):
        began = time.perf_counter()
        assert client.get(url).status_code == 200
        page_times.append(time.perf_counter() - began)

    assert client.post(url + "import/").status_code == 302
    # the import's progress as the job stores it (and the page reads it): when each % was reached
    stored: list[tuple[float, int]] = []
    real_store = jobs._store_progress

    def timed_store(import_id: str, percent: int) -> None:
        real_store(import_id, percent)
        stored.append((time.perf_counter(), percent))

    monkeypatch.setattr(jobs, "_store_progress", timed_store)
    began = time.perf_counter()
    # the import, as the worker runs it; one round: it writes the rows
    assert benchmark.pedantic(run_queued_tasks, rounds=1, iterations=1) == 1
    import_seconds = time.perf_counter() - began
    checked_again = next(at for at, percent in stored if percent >= jobs.IMPORT_CHECK_SHARE)
    longest_wait, waited_at = max(
        (later[0] - earlier[0], earlier[1]) for earlier, later in itertools.pairwise(stored)
    )
    rss_after_import = peak_rss_mb()
    organisation_import.refresh_from_db()
    assert organisation_import.status == "done", organisation_import.error
    assert organisation_import.created_count == organisation_import.new_count
    members = ClusterMembership.objects.filter(cluster=cluster).count()
    assert members >= members_before + organisation_import.new_count
    tags_written = OrganisationTag.objects.count() - tags_before
    if UPDATE:  # every matched row lists technologies and a sector: they change
        assert organisation_import.updated_count >= organisation_import.matched_count * 0.9
        logged = LogEntry.objects.filter(content_type__model="organisation").count()
        assert logged == organisation_import.updated_count  # none before: nothing else logs them
    else:
        assert tags_written == 3 * organisation_import.new_count  # matched ones keep theirs

    figures = {
        "engine": connection.vendor,
        "directory_organisations": workload.organisations,
        "rows": ROWS,
        "file_mb": round(len(content) / 1e6, 1),
        "new": organisation_import.new_count,
        "matched": organisation_import.matched_count,
        "update_matched": UPDATE,
        "updated": organisation_import.updated_count,
        "tags_written": tags_written,
        "upload_request_s": round(upload_seconds, 1),
        "check_job_s": round(check_seconds, 1),
        "import_job_s": round(import_seconds, 1),
        "import_progress_updates": len(stored),
        "import_rows_checked_again_s": round(checked_again - began, 1),
        "import_longest_wait_between_progress_updates_s": round(longest_wait, 1),
        "import_longest_wait_after_percent": waited_at,
        "import_check_share_measured_percent": round(
            100 * (checked_again - began) / import_seconds
        ),
        "status_page_median_ms": round(statistics.median(page_times) * 1000, 1),
        "status_page_p95_ms": round(statistics.quantiles(page_times, n=20)[-1] * 1000, 1),
        "peak_rss_mb_before": round(rss_before, 0),
        "peak_rss_mb_after_upload": round(rss_after_upload, 0),
        "peak_rss_mb_after_check": round(rss_after_check, 0),
        "peak_rss_mb_after_import": round(rss_after_import, 0),
        "cpus": os.cpu_count(),
        "load_average_1min_at_start": round(load_at_start, 2),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    benchmark.extra_info.update(figures)
    RESULTS.mkdir(parents=True, exist_ok=True)
    size = "" if ROWS == 100_000 else f"-{ROWS}-rows"  # a small run keeps the published figures
    size += "-update-matched" if UPDATE else ""
    (RESULTS / f"imports-{connection.vendor}{size}.json").write_text(json.dumps(figures, indent=2))
    print(f"\nimports on {connection.vendor}: {figures}")
