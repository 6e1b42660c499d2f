"""``crosscluster schedule INSTANCE.json [--previous SCHEDULE.json] [--time-limit SECONDS]``.

Reads the instance (and optionally a previous schedule) from files, writes the schedule as JSON
on stdout, progress on stderr (only for runs longer than a second, never on stdout), and exits
with status 1 and a one-line ``error: <place>: <problem>`` message on malformed input (2 on a
malformed command line).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from typing import IO, Any, NoReturn

from crosscluster.engines.scheduling import LOADED_AT
from crosscluster.engines.scheduling.break_anneal import warm_up_kernel
from crosscluster.engines.scheduling.breaks import BreakOptions
from crosscluster.engines.scheduling.model import InstanceError, format_number
from crosscluster.engines.scheduling.serialization import (
    parse_instance,
    parse_previous,
    result_to_json,
)
from crosscluster.engines.scheduling.solver import Progress, default_time_limit, schedule_meetings
from crosscluster.engines.text import gettext, gettext_noop

_first_call = True
CLI_WARM_UP_LIMIT = 5.0  # seconds: shorter runs leave the loading to the annealing's start

DESCRIPTION = gettext_noop(
    "Schedule B2B meetings: maximise the total weight of scheduled requests within slots, "
    "tables, availability, caps and run limits, then fewer breaks (idle periods between a "
    "person's meetings). Prints JSON with the meetings, the unscheduled requests and why, the "
    "objective and a proven upper bound."
)


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="crosscluster schedule", description=gettext(DESCRIPTION))
    parser.add_argument(
        "instance", metavar="INSTANCE.json", help=gettext("slots, participants, requests")
    )
    parser.add_argument(
        "--previous",
        metavar="SCHEDULE.json",
        help=gettext("a published schedule to repair: still-feasible meetings stay where they are"),
    )
    parser.add_argument(
        "--time-limit",
        metavar="SECONDS",
        help=gettext(
            "wall-clock limit for the whole run (default: 2 s, up to 10 s for 30,000 requests)"
        ),
    )
    parser.add_argument(
        "--move-budget",
        type=int,
        default=None,
        metavar="N",
        help=gettext(
            "with --previous: up to N still-feasible meetings may move when that lets a "
            "request in (default: 1%% of them)"
        ),
    )
    parser.add_argument(
        "--no-compact",
        action="store_true",
        help=gettext("do not spend time lowering breaks (idle periods in people's days)"),
    )
    parser.add_argument(
        "--max-break-difference",
        type=int,
        default=None,
        metavar="D",
        help=gettext(
            "fairness: nobody has more than D breaks above the participant with the fewest"
        ),
    )
    parser.add_argument(
        "--half-day",
        action="store_true",
        help=gettext(
            "keep each participant's meetings within one half-day (before / from 13:00) "
            "when they can"
        ),
    )
    parser.add_argument(
        "--seed", type=int, default=0, help=gettext("seed of the search (default %(default)s)")
    )
    parser.add_argument("--quiet", action="store_true", help=gettext("no progress on stderr"))
    return parser


def _read_json(path: str, label: str) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as error:
        raise InstanceError(label, f"cannot read {path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise InstanceError(label, f"{path} is not UTF-8 text") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InstanceError(
            label,
            f"invalid JSON in {path} at line {error.lineno} column {error.colno}: {error.msg}",
        ) from error


class _ProgressPrinter:
    """A progress line on stderr once the run has taken a second; repainted in place on a TTY."""

    def __init__(self, stream: IO[str], enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.tty = enabled and stream.isatty()
        self.last = -1.0
        self.printed = False

    def __call__(self, progress: Progress) -> None:
        if not self.enabled or progress.elapsed < 1.0 or progress.elapsed - self.last < 0.5:
            return
        self.last = progress.elapsed
        share = progress.objective / progress.upper_bound if progress.upper_bound > 0 else 1.0
        line = (
            f"schedule: {progress.phase:<10} weight {format_number(progress.objective)} "
            f"of at most {format_number(progress.upper_bound)} ({share:.2%}), "
            f"{progress.elapsed:.1f} s"
        )
        if self.tty:
            self.stream.write("\r" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self.printed = True

    def finish(self) -> None:
        if self.tty and self.printed:
            self.stream.write("\n")
            self.stream.flush()


def _started() -> float:
    """When the command started: when the engine package started loading for the first call of
    a process (loading numpy, SciPy and HiGHS counts against the time limit), else now."""
    global _first_call
    now = time.perf_counter()
    first, _first_call = _first_call, False
    return LOADED_AT if first and now - LOADED_AT < 5.0 else now


def main(argv: list[str]) -> int:
    started = _started()
    args_list = list(argv[1:] if argv and argv[0] == "schedule" else argv)
    parser = _parser()
    try:
        args = parser.parse_args(args_list)
    except _UsageError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    except SystemExit as done:  # --help
        return done.code if isinstance(done.code, int) else 0
    time_limit: float | None = None
    if args.time_limit is not None:
        try:
            time_limit = float(args.time_limit)
        except ValueError:
            time_limit = -1.0
        if not math.isfinite(time_limit) or time_limit <= 0:
            sys.stderr.write(
                f"error: --time-limit: expected a positive number of seconds, got {args.time_limit!r}\n"
            )
            return 2
    try:
        instance = parse_instance(_read_json(args.instance, "instance"))
        previous = None
        if args.previous is not None:
            previous = parse_previous(_read_json(args.previous, "previous"))
    except InstanceError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    if time_limit is None:
        limit = default_time_limit(instance, repair=previous is not None)
    else:
        limit = time_limit
    if not args.no_compact and limit >= CLI_WARM_UP_LIMIT:
        # a one-shot process: load the annealing's compiled loop from the start, beside the
        # weight phase (from the annealing's start it was ready only 5-7 s into a 10 s run)
        warm_up_kernel()
    # leave room for writing the answer (about 2 s per million requests), for the interpreter's
    # start and exit (about 0.2 s with OR-Tools loaded) and a safety margin
    margin = 0.2 + 0.04 * limit + 2e-6 * len(instance.requests)
    budget = max(0.05, limit - (time.perf_counter() - started) - margin)
    printer = _ProgressPrinter(sys.stderr, enabled=not args.quiet)
    try:
        result = schedule_meetings(
            instance,
            previous=previous,
            time_limit=budget,
            seed=args.seed,
            progress=printer,
            move_budget=None if args.move_budget is None else max(0, args.move_budget),
            options=BreakOptions(
                compact=not args.no_compact,
                max_break_difference=None
                if args.max_break_difference is None
                else max(0, args.max_break_difference),
                half_day=args.half_day,
            ),
        )
    except InstanceError as error:
        printer.finish()
        sys.stderr.write(f"error: {error}\n")
        return 1
    printer.finish()
    sys.stdout.write(json.dumps(result_to_json(result), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0
