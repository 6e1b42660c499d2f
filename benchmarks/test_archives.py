"""Partnership archives at the demo's size: export (rows collected, JSON written, zipped), then
import, timed, median of ROUNDS rounds each.

Two imports are timed, because they take different paths: into the same instance under another
slug (every organisation matched to the directory's own), and into an instance emptied of
everything but the reference data (every organisation, placeholder and row created). Figures go
to ``var/bench/archives-<engine>.json`` for docs/benchmarks.md.

    make bench PYTEST_ARGS="-k archives -s"
"""

from __future__ import annotations

import io
import json
import os
import statistics
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from crosscluster.archives import catalogue, queries, services

RESULTS = Path(__file__).resolve().parent.parent / "var" / "bench"
ROUNDS = 5
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """SQLite on a file: the in-memory default would flatter every figure."""
    from django.db import connections

    database = connections["default"].settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / "archives-test.sqlite3"
        for stale in RESULTS.glob("archives-test.sqlite3*"):
            stale.unlink()
        database["TEST"]["NAME"] = str(path)


@pytest.fixture(scope="session")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        call_command("seed_demo", "--today", "2026-03-04", stdout=io.StringIO())
        yield


def _export() -> tuple[float, bytes]:
    partnership = queries.find_partnership(slug="dia")
    assert partnership is not None
    started = time.perf_counter()
    content = queries.archive_bytes(partnership=partnership, now=timezone.now())
    return time.perf_counter() - started, content


def _import(content: bytes, slug: str) -> float:
    started = time.perf_counter()
    services.import_archive(content=content, slug=slug)
    return time.perf_counter() - started


def _empty_the_instance() -> None:
    for label in ("partnerships.Partnership", catalogue.ORGANISATION, *catalogue.SHARED_CATALOGUES):
        apps.get_model(label).objects.all().delete()
    get_user_model().objects.all().delete()


def test_archive_export_and_import_of_the_demo(
    benchmark: Any, demo: None, django_db_blocker: Any
) -> None:
    figures: dict[str, Any] = {"engine": connection.vendor, "rounds": ROUNDS}
    exports: list[float] = []
    matched: list[float] = []
    created: list[float] = []

    def one_round() -> None:
        with django_db_blocker.unblock():
            for number in range(ROUNDS):
                seconds, content = _export()
                exports.append(seconds)
                with transaction.atomic():
                    matched.append(_import(content, f"dia-copy-{number}"))
                    transaction.set_rollback(True)
                with transaction.atomic():
                    _empty_the_instance()
                    created.append(_import(content, "dia"))
                    transaction.set_rollback(True)
            figures["archive_bytes"] = len(content)
            archive = json.loads(zipfile.ZipFile(io.BytesIO(content)).read("archive.json"))
            figures["rows"] = sum(archive["counts"].values())
            figures["people"] = len(archive["people"])
            figures["organisations"] = archive["counts"][catalogue.ORGANISATION]

    benchmark.pedantic(one_round, rounds=1, iterations=1)
    for name, values in (
        ("export", exports),
        ("import_matched", matched),
        ("import_into_empty", created),
    ):
        figures[f"{name}_median_s"] = round(statistics.median(values), 3)
        figures[f"{name}_max_s"] = round(max(values), 3)
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    print(json.dumps(figures, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"archives-{connection.vendor}.json").write_text(json.dumps(figures, indent=2))
