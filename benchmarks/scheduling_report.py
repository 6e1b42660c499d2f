"""The scheduling engine's figures: seeded events at the issue's sizes, median of 5 seeds.

Run on its own to print the table of docs/engines/scheduling.md::

    .venv/bin/python benchmarks/scheduling_report.py            # all scenarios
    .venv/bin/python benchmarks/scheduling_report.py --quick    # 300-participant ones only

``benchmarks/test_scheduling.py`` runs the same scenarios under pytest-benchmark and asserts
the targets. Times are wall-clock seconds of one ``schedule_meetings`` call (generation and
JSON excluded, OR-Tools already loaded as in a server process), measured with
``time.perf_counter``; the load average is printed alongside because the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

# A warm process, like a server worker: OR-Tools is loaded once, not inside the measured call
# (the command line counts its own imports against --time-limit instead).
import ortools.sat.python.cp_model  # noqa: F401

from crosscluster.engines.scheduling import (
    BreakOptions,
    Instance,
    Progress,
    ScheduleResult,
    check_schedule,
    count_breaks,
    first_come_first_served,
    not_kept,
    schedule_meetings,
)
from crosscluster.engines.scheduling.break_anneal import warm_up_kernel
from crosscluster.engines.scheduling.generator import generate_event, perturb_event
from crosscluster.engines.scheduling.serialization import parse_instance

# likewise the break annealing's compiled loop is compiled (or loaded from numba's disk cache)
# before the measured calls, as a server worker has it after its first schedule
warm_up_kernel(wait=True)

SEEDS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Scenario:
    name: str
    participants: int
    requests: int
    slots: int
    tables: int
    max_consecutive: int | None = None
    time_limit: float | None = None  # None: the engine's default
    target_ratio: float = 0.99
    target_seconds: float = 10.0


@dataclass
class Run:
    seed: int
    ratio: float
    seconds: float
    objective: float
    bound: float
    fcfs_ratio: float
    idle_slots: int
    meetings: int
    bound_method: str
    valid: bool
    seconds_to_target: float = float("nan")
    repair_ratio: float = float("nan")  # objective / bound of schedules keeping every kept meeting
    moved: int = 0
    moved_share: float = 0.0
    dropped: int = 0
    not_kept: int = 0
    extra: dict[str, float] = field(default_factory=dict)


SCENARIOS = {
    "small": Scenario("300 p / 2,000 r / 24 slots / 100 tables", 300, 2000, 24, 100, None, None, 0.995, 2.0),
    "small-40": Scenario("300 p / 2,000 r / 24 slots / 40 tables", 300, 2000, 24, 40, None, 1.0, 0.999, 1.0),
    "small-run4": Scenario("300 p / 2,000 r / 24 slots / 100 tables, max 4 in a row", 300, 2000, 24, 100, 4, None, 0.99, 2.0),
    "large": Scenario("3,000 p / 30,000 r / 36 slots / 1,000 tables", 3000, 30000, 36, 1000, None, None, 0.99, 10.0),
}  # fmt: skip
REPAIR_TARGET_SECONDS = {"small": 1.0, "large": 5.0}  # defaults: 0.8 s and 4 s

_CACHE: dict[tuple[str, int], tuple[object, ScheduleResult]] = {}


def event_for(scenario: Scenario, seed: int):  # type: ignore[no-untyped-def]
    return generate_event(
        participants=scenario.participants,
        requests=scenario.requests,
        slots=scenario.slots,
        tables=scenario.tables,
        seed=seed,
        max_consecutive=scenario.max_consecutive,
    )


def run_scenario(key: str, seeds: tuple[int, ...] = SEEDS) -> list[Run]:
    scenario = SCENARIOS[key]
    runs = []
    for seed in seeds:
        event = event_for(scenario, seed)
        reached: list[float] = []

        def watch(
            progress: Progress,
            target: float = scenario.target_ratio,
            reached: list[float] = reached,
        ) -> None:
            bound = progress.upper_bound
            if not reached and bound > 0 and progress.objective >= target * bound:
                reached.append(progress.elapsed)

        started = time.perf_counter()
        result = schedule_meetings(event, time_limit=scenario.time_limit, seed=0, progress=watch)
        seconds = time.perf_counter() - started
        _CACHE[key, seed] = (event, result)
        baseline = first_come_first_served(event)
        runs.append(
            Run(
                seed=seed,
                ratio=result.ratio,
                seconds=seconds,
                objective=result.objective,
                bound=result.upper_bound,
                fcfs_ratio=baseline.objective / result.upper_bound,
                idle_slots=result.idle_slots,
                meetings=len(result.meetings),
                bound_method=result.bound_method,
                valid=not check_schedule(event, result.meetings),
                seconds_to_target=reached[0] if reached else float("nan"),
            )
        )
    return runs


def run_repair(
    key: str,
    seeds: tuple[int, ...] = SEEDS,
    late_comers: float = 0.0,
    move_share: float | None = None,
) -> list[Run]:
    """Publish the schedule of ``key``, then 3% cancellations, 5% late arrivals, 2% new requests.

    ``late_comers`` replaces the late registrations by people arriving late on the day;
    ``move_share`` allows that share of the confirmed meetings to move (default: the engine's,
    1% of them).
    """
    scenario = SCENARIOS[key]
    runs = []
    for seed in seeds:
        if (key, seed) not in _CACHE:
            event = event_for(scenario, seed)
            _CACHE[key, seed] = (event, schedule_meetings(event, seed=0))
        event, published = _CACHE[key, seed]
        changed = perturb_event(
            event,  # type: ignore[arg-type]
            seed=1000 + seed,
            late_arrivals=0.0 if late_comers else 0.05,
            late_comers=late_comers,
        )
        started = time.perf_counter()
        result = schedule_meetings(
            changed,
            previous=published.meetings,
            seed=0,
            move_budget=None if move_share is None else int(move_share * len(published.meetings)),
        )
        seconds = time.perf_counter() - started
        existing = {request.id for request in changed.requests}
        confirmed = [m for m in published.meetings if m.request in existing]
        baseline = first_come_first_served(changed)
        runs.append(
            Run(
                seed=seed,
                ratio=result.ratio,
                seconds=seconds,
                objective=result.objective,
                bound=result.upper_bound,
                fcfs_ratio=baseline.objective / result.upper_bound,
                idle_slots=result.idle_slots,
                meetings=len(result.meetings),
                bound_method=result.bound_method,
                valid=not check_schedule(changed, result.meetings),
                repair_ratio=result.objective
                / dict(result.stats).get("repair_bound", result.upper_bound),
                moved=result.moved,
                moved_share=result.moved / max(1, len(confirmed)),
                dropped=result.dropped,
                not_kept=len(not_kept(changed, published.meetings, result.meetings)),
            )
        )
    return runs


B2BSP = Path(__file__).resolve().parent / "data" / "b2bsp"


@dataclass
class ForumRun:
    name: str
    meetings: int
    requests: int
    breaks: int
    breaks_before: int
    lower_bound: int
    published: int
    seconds: float
    valid: bool


def forum_names() -> list[str]:
    optima = json.loads((B2BSP / "OPTIMA.json").read_text())
    return sorted(optima)


def forum_variant(instance: Instance, seed: int) -> Instance:
    """A held-back-style variant: 10% of business-slot pairs forbidden at random (a business
    keeps at least one slot), then 20-40% of the meetings of a first schedule locked in place."""
    rng = random.Random(seed)
    slot_ids = [slot.id for slot in instance.slots]
    people = []
    for participant in instance.participants:
        if str(participant.id).startswith(("am-", "pm-")):
            people.append(participant)
            continue
        allowed = set(participant.available or slot_ids)
        for slot_id in slot_ids:
            if slot_id in allowed and len(allowed) > 1 and rng.random() < 0.1:
                allowed.discard(slot_id)
        people.append(replace(participant, available=frozenset(allowed)))
    event = replace(instance, participants=tuple(people))
    first = schedule_meetings(event, time_limit=2, options=BreakOptions(compact=False))
    share = rng.uniform(0.2, 0.4)
    placed = {m.request: m.slot for m in first.meetings if rng.random() < share}
    requests = tuple(
        replace(r, locked_slot=placed[r.id]) if r.id in placed else r for r in event.requests
    )
    return replace(event, requests=requests)


def run_forum(name: str, time_limit: float = 10.0, variant_seed: int | None = None) -> ForumRun:
    instance = parse_instance(json.loads((B2BSP / f"{name}.json").read_text()))
    if variant_seed is not None:
        instance = forum_variant(instance, variant_seed)
    published = json.loads((B2BSP / "OPTIMA.json").read_text())[name]["published_breaks"]
    started = time.perf_counter()
    result = schedule_meetings(instance, time_limit=time_limit, seed=0)
    seconds = time.perf_counter() - started
    return ForumRun(
        name=name,
        meetings=len(result.meetings),
        requests=len(instance.requests),
        breaks=result.breaks,
        breaks_before=result.breaks_before,
        lower_bound=result.breaks_lower_bound,
        published=published,
        seconds=seconds,
        valid=not check_schedule(instance, result.meetings)
        and result.breaks == sum(count_breaks(instance, result.meetings).values()),
    )


def forum_table(runs: list[ForumRun], variant: bool = False) -> str:
    head = "published optimum (original)" if variant else "published optimum"
    lines = [
        f"| forum | meetings | breaks | {head} | lower bound | proven optimum "
        "| breaks before | seconds |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        proven = "yes" if run.lower_bound == run.breaks else ""
        lines.append(
            f"| {run.name} | {run.meetings}/{run.requests} | {run.breaks} | {run.published} "
            f"| {run.lower_bound} | {proven} | {run.breaks_before} | {run.seconds:.1f} |"
        )
    lines.append(
        f"| total | {sum(r.meetings for r in runs)}/{sum(r.requests for r in runs)} "
        f"| {sum(r.breaks for r in runs)} | {sum(r.published for r in runs)} "
        f"| {sum(r.lower_bound for r in runs)} "
        f"| {sum(r.lower_bound == r.breaks for r in runs)} of {len(runs)} "
        f"| {sum(r.breaks_before for r in runs)} | |"
    )
    return "\n".join(lines)


def run_breaks(key: str, seeds: tuple[int, ...] = SEEDS) -> list[tuple[float, float, float, float]]:
    """Per seed: (breaks per participant today, with compact agendas, ratio today, ratio now)."""
    scenario = SCENARIOS[key]
    result = []
    for seed in seeds:
        event = event_for(scenario, seed)
        plain = schedule_meetings(
            event, time_limit=scenario.time_limit, options=BreakOptions(compact=False)
        )
        compact = schedule_meetings(event, time_limit=scenario.time_limit)
        people = max(1, len(compact.breaks_by_participant))
        result.append(
            (
                sum(count_breaks(event, plain.meetings).values()) / people,
                compact.breaks / people,
                plain.ratio,
                compact.ratio,
            )
        )
    return result


def median(runs: list[Run], name: str) -> float:
    return float(statistics.median(getattr(run, name) for run in runs))


def load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "n/a"
    return f"{one:.1f} / {five:.1f} ({os.cpu_count()} cores)"


def row(label: str, runs: list[Run], target: str, repair: bool = False) -> str:
    ratios = ", ".join(f"{run.ratio:.4f}" for run in runs)
    cells = [
        label,
        f"{median(runs, 'ratio'):.4f}",
        f"{median(runs, 'seconds'):.2f} (max {max(run.seconds for run in runs):.2f})",
    ]
    if repair:
        cells.append(f"{median(runs, 'repair_ratio'):.4f} of the repair bound")
        cells.append(f"{max(run.dropped for run in runs)}")
        cells.append(
            f"{median(runs, 'moved_share'):.2%} (max {max(r.moved_share for r in runs):.2%})"
        )
    else:
        cells.append(f"{median(runs, 'seconds_to_target'):.2f} s to target")
        cells.extend(["", ""])
    cells.extend([f"{median(runs, 'fcfs_ratio'):.3f}", target, ratios, load()])
    return "| " + " | ".join(cells) + " |"


HEADER = (
    "| scenario (median of 5 seeds) | objective / bound | seconds (max) | also | dropped (max) "
    "| moved | FCFS / bound | target | ratio per seed | load 1 / 5 min |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="300-participant scenarios only")
    parser.add_argument("--b2bsp", action="store_true", help="the 20 B2BSP forums only")
    parser.add_argument("--variants", action="store_true", help="B2BSP variants (seed 1)")
    parser.add_argument("--breaks", action="store_true", help="breaks on generated events only")
    args = parser.parse_args(argv)
    if args.b2bsp or args.variants:
        runs = [
            run_forum(name, variant_seed=1 if args.variants else None) for name in forum_names()
        ]
        print(forum_table(runs, variant=args.variants), flush=True)
        return 0
    if args.breaks:
        print(
            "| scenario | breaks per participant today | with compact agendas | ratio today | ratio now |"
        )
        print("|---|---|---|---|---|")
        for key in ["small", "small-40", "small-run4"] + ([] if args.quick else ["large"]):
            rows = run_breaks(key)
            cells = [statistics.median(row[i] for row in rows) for i in range(4)]
            print(
                f"| {SCENARIOS[key].name} | {cells[0]:.3f} | {cells[1]:.3f} | {cells[2]:.4f} | {cells[3]:.4f} |",
                flush=True,
            )
        return 0
    keys = ["small", "small-40", "small-run4"] + ([] if args.quick else ["large"])
    print(HEADER)
    for key in keys:
        scenario = SCENARIOS[key]
        runs = run_scenario(key)
        target = f">= {scenario.target_ratio} in <= {scenario.target_seconds:g} s"
        print(row(scenario.name, runs, target), flush=True)
        if not all(run.valid for run in runs):
            print(f"INVALID schedule in {key}", file=sys.stderr)
    for key in ["small"] + ([] if args.quick else ["large"]):
        runs = run_repair(key)
        label = f"repair of {SCENARIOS[key].participants:,} p: 3% cancel, 5% late, 2% new"
        target = f"0 dropped, <= 1% moved, >= 0.99, < {REPAIR_TARGET_SECONDS[key]:g} s"
        print(row(label, runs, target, repair=True), flush=True)
        runs = run_repair(key, move_share=0.0)
        label = f"same, {SCENARIOS[key].participants:,} p, with a move budget of 0"
        print(row(label, runs, "(option)", repair=True), flush=True)
        runs = run_repair(key, late_comers=0.05)
        label = f"repair of {SCENARIOS[key].participants:,} p: 3% cancel, 5% arrive late on the day, 2% new"
        print(row(label, runs, "(stress: forced drops possible)", repair=True), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
