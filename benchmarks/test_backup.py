"""Backup and restore at 100,000 organisations: `crosscluster backup`, then `crosscluster
restore`, timed, and the round trip checked (rows and stored files come back exactly).

The database is the seeded directory of ``directory_workload`` (100,000 organisations, ~314,000
tags, one partnership of 12 clusters), SQLite on a file, or PostgreSQL when
``CROSSCLUSTER_DATABASE_URL`` names it (``pg_dump``/``pg_restore`` must be installed). The stored
files are synthetic: 200 files of 256 KB of random bytes (50 MB that gzip cannot shrink, standing
for uploaded PDFs; the demo stores none). Figures go to ``var/bench/backup-<engine>.json`` for
docs/benchmarks.md.

    make bench PYTEST_ARGS="-k backup -s"
"""

from __future__ import annotations

import io
import json
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from directory_workload import Workload, build_directory

# building 100,000 organisations takes minutes on a busy machine; pytest's default is 300 s
pytestmark = pytest.mark.timeout(3600)
RESULTS = Path(__file__).resolve().parent.parent / "var" / "bench"
ORGANISATIONS = 100_000
FILES = 200
FILE_BYTES = 256 * 1024


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """SQLite on a file, as in production (a backup of the in-memory default means nothing)."""
    from django.db import connections

    database = connections["default"].settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / "backup-test.sqlite3"
        for stale in RESULTS.glob("backup-test.sqlite3*"):
            stale.unlink()
        database["TEST"]["NAME"] = str(path)


@pytest.fixture(scope="session")
def workload(django_db_setup: None, django_db_blocker: Any) -> Iterator[Workload]:
    with django_db_blocker.unblock():
        yield build_directory(organisations=ORGANISATIONS, progress=True)


def _counts() -> dict[str, int]:
    tables = [
        "directory_organisation",
        "directory_organisationtag",
        "directory_clustermembership",
        "partnerships_partnershipmember",
    ]
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed names
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.mark.django_db(transaction=True)  # restore replaces the database: no test transaction
def test_backup_and_restore_at_100k_organisations(
    benchmark: Any, workload: Workload, settings: Any, tmp_path: Path
) -> None:
    from crosscluster.directory.models import Organisation

    files_dir = tmp_path / "private-media"
    rng = random.Random(11)
    for index in range(FILES):
        folder = files_dir / "documents" / f"{index % 10:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"document-{index:03d}.pdf").write_bytes(rng.randbytes(FILE_BYTES))
    settings.MEDIA_ROOT = files_dir
    archive = tmp_path / "backups" / "site.tar.gz"
    before = _counts()
    assert before["directory_organisation"] == ORGANISATIONS
    figures: dict[str, Any] = {}

    def round_trip() -> None:
        started = time.perf_counter()
        call_command("backup", output=archive, stdout=io.StringIO())
        figures["backup_s"] = round(time.perf_counter() - started, 1)
        # Life goes on after the backup: a row changes, a file goes, another comes.
        Organisation.objects.filter(pk=Organisation.objects.order_by("pk").first().pk).update(
            name="Renamed after the backup"
        )
        first_file = files_dir / "documents" / "00" / "document-000.pdf"
        original = first_file.read_bytes()
        first_file.unlink()
        (files_dir / "late.txt").write_text("written after the backup")
        started = time.perf_counter()
        call_command("restore", str(archive), yes=True, stdout=io.StringIO())
        figures["restore_s"] = round(time.perf_counter() - started, 1)
        assert first_file.read_bytes() == original
        assert not (files_dir / "late.txt").exists()

    benchmark.pedantic(round_trip, rounds=1, iterations=1)
    assert _counts() == before
    assert not Organisation.objects.filter(name="Renamed after the backup").exists()
    database_bytes = (
        Path(connection.settings_dict["NAME"]).stat().st_size
        if connection.vendor == "sqlite"
        else None
    )
    figures.update(
        {
            "engine": connection.vendor,
            "organisations": before["directory_organisation"],
            "tags": before["directory_organisationtag"],
            "database_bytes": database_bytes,
            "files": FILES,
            "files_bytes": FILES * FILE_BYTES,
            "archive_bytes": archive.stat().st_size,
            "round_trip_s": round(figures["backup_s"] + figures["restore_s"], 1),
            "cpus": os.cpu_count(),
            "load_average_1min": round(os.getloadavg()[0], 2),
        }
    )
    benchmark.extra_info.update(figures)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"backup-{connection.vendor}.json").write_text(json.dumps(figures, indent=2))
    print(f"\nbackup and restore on {connection.vendor}: {figures}")
