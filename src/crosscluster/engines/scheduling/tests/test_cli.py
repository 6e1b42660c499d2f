"""``crosscluster schedule``: the command-line contract, through the real console entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crosscluster.cli import main
from crosscluster.engines.scheduling import check_schedule
from crosscluster.engines.scheduling.serialization import parse_instance

INSTANCE: dict[str, Any] = {
    "slots": [
        {"id": "d1-0900", "start": "2025-06-10T09:00", "end": "2025-06-10T09:30", "tables": 2},
        {"id": "d1-0930", "start": "2025-06-10T09:30", "end": "2025-06-10T10:00", "tables": 2},
        {"id": "d1-1030", "start": "2025-06-10T10:30", "end": "2025-06-10T11:00", "tables": 1},
    ],
    "participants": [
        {"id": "anna"},
        {"id": "bruno", "available": ["d1-0900", "d1-0930"]},
        {"id": "clara", "max_meetings": 1},
        {"id": "dirk", "max_consecutive": 1},
        {"id": "eva", "available": ["d1-1030"]},
    ],
    "requests": [
        {"id": "r1", "participants": ["anna", "bruno"], "weight": 3},
        {"id": "r2", "participants": ["anna", "clara"], "weight": 2},
        {"id": "r3", "participants": ["clara", "dirk"]},
        {"id": "r4", "participants": ["dirk", "bruno", "anna"], "weight": 2},
        {"id": "r5", "participants": ["bruno", "eva"]},
        {"id": "r6", "participants": ["anna", "dirk"], "locked_slot": "d1-1030"},
    ],
}


def write(tmp_path: Path, name: str, data: object) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["schedule", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_contract_shape_and_a_valid_schedule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, write(tmp_path, "event.json", INSTANCE), "--time-limit", "3")
    assert code == 0
    answer = json.loads(out)
    contract = {"meetings", "unscheduled", "objective", "upper_bound", "moved", "dropped"}
    extra = {"breaks", "breaks_lower_bound", "breaks_before", "breaks_distribution"}
    extra |= {"worst_off", "cancelled", "displaced"}
    assert set(answer) == contract | extra
    assert 0 <= answer["breaks_lower_bound"] <= answer["breaks"]
    assert set(answer["breaks_distribution"]) == {"0", "1", "2+"}
    assert all(set(m) == {"request", "slot", "table"} for m in answer["meetings"])
    # the contract's {request, reason}, and beside it the reason's code and values
    assert all(set(u) == {"request", "reason", "reason_parts"} for u in answer["unscheduled"])
    instance = parse_instance(INSTANCE)
    from crosscluster.engines.scheduling import Meeting

    meetings = [Meeting(m["request"], m["slot"], m["table"]) for m in answer["meetings"]]
    assert check_schedule(instance, meetings) == []
    assert answer["objective"] <= answer["upper_bound"]
    assert (answer["moved"], answer["dropped"]) == (0, 0)
    assert {"d1-1030"} == {m["slot"] for m in answer["meetings"] if m["request"] == "r6"}
    reasons = {u["request"]: u["reason"] for u in answer["unscheduled"]}
    assert reasons["r5"] == "no common available slot for bruno and eva"
    parts = {u["request"]: u["reason_parts"] for u in answer["unscheduled"]}
    assert parts["r5"] == {
        "code": "no_common_slot",
        "values": {"participants": ["bruno", "eva"]},
        "dropped": False,
    }
    listed = {m["request"] for m in answer["meetings"]} | set(reasons)
    assert listed == {f"r{n}" for n in range(1, 7)}


def test_previous_schedule_keeps_feasible_meetings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = write(tmp_path, "event.json", INSTANCE)
    code, out, _ = run(capsys, event)
    assert code == 0
    first = json.loads(out)
    changed = json.loads(json.dumps(INSTANCE))
    changed["requests"] = [r for r in changed["requests"] if r["id"] != "r2"]  # cancelled
    changed["requests"].append({"id": "r7", "participants": ["clara", "eva"], "weight": 3})
    code, out, _ = run(
        capsys,
        write(tmp_path, "changed.json", changed),
        "--previous",
        write(tmp_path, "first.json", first),
    )
    assert code == 0
    second = json.loads(out)
    assert second["dropped"] == 0
    assert second["moved"] == 0
    before = {
        m["request"]: (m["slot"], m["table"]) for m in first["meetings"] if m["request"] != "r2"
    }
    after = {m["request"]: (m["slot"], m["table"]) for m in second["meetings"]}
    assert all(after[request] == place for request, place in before.items())


def test_integer_ids_and_numeric_times_are_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = {
        "slots": [
            {"id": 1, "start": 540, "end": 570, "tables": 1},
            {"id": 2, "start": 570, "end": 600, "tables": 1},
        ],
        "participants": [{"id": 10}, {"id": 11}, {"id": 12, "available": [2]}],
        "requests": [
            {"id": 100, "participants": [10, 11]},
            {"id": 101, "participants": [10, 12], "weight": 1.5},
        ],
    }
    code, out, _ = run(capsys, write(tmp_path, "ints.json", data))
    assert code == 0
    answer = json.loads(out)
    assert {(m["request"], m["slot"]) for m in answer["meetings"]} == {(100, 1), (101, 2)}
    assert answer["objective"] == 2.5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "error: instance: invalid JSON in"),
        ([], "error: instance: expected a JSON object, got a list"),
        ({"participants": [], "requests": []}, "error: slots: missing"),
        (
            {**INSTANCE, "requests": [{"id": "r1", "participants": ["anna"]}]},
            "error: requests[0].participants: expected 2 or 3 participant ids, got 1",
        ),
        (
            {
                **INSTANCE,
                "requests": [*INSTANCE["requests"], {"id": "r9", "participants": ["anna", "zoe"]}],
            },
            "error: requests[6].participants: unknown participant id 'zoe'",
        ),
        (
            {
                **INSTANCE,
                "requests": [{"id": "r1", "participants": ["anna", "bruno"], "locked_slot": "d9"}],
            },
            "error: requests[0].locked_slot: unknown slot id 'd9'",
        ),
        (
            {**INSTANCE, "participants": [*INSTANCE["participants"], {"id": "anna"}]},
            "error: participants[5].id: duplicate participant id 'anna'",
        ),
        (
            {**INSTANCE, "slots": [{**INSTANCE["slots"][0], "tables": 0}]},
            "error: slots[0].tables: must be a positive integer, got 0",
        ),
        (
            {**INSTANCE, "slots": [{**INSTANCE["slots"][0], "tables": "two"}]},
            "error: slots[0].tables: expected an integer, got the string 'two'",
        ),
        (
            {**INSTANCE, "slots": [{**INSTANCE["slots"][0], "start": "nine"}]},
            "error: slots[0].start: expected an ISO 8601 date-time, got 'nine'",
        ),
        (
            {**INSTANCE, "participants": [{"id": "anna", "available": ["d7"]}]},
            "error: participants[0].available: unknown slot id 'd7'",
        ),
        (
            {
                **INSTANCE,
                "requests": [{"id": "r1", "participants": ["anna", "bruno"], "weight": "high"}],
            },
            "error: requests[0].weight: expected a number, got the string 'high'",
        ),
    ],
)
def test_malformed_input_fails_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: object, message: str
) -> None:
    code, out, err = run(capsys, write(tmp_path, "bad.json", data))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(message), err


def test_missing_file_and_bad_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(tmp_path / "nowhere.json"))
    assert (code, out) == (1, "")
    assert err.startswith("error: instance: cannot read")
    assert err.count("\n") == 1
    event = write(tmp_path, "event.json", INSTANCE)
    code, _, err = run(capsys, event, "--time-limit", "soon")
    assert code == 2
    assert err.startswith("error: --time-limit:")
    assert err.count("\n") == 1
    code, _, err = run(capsys)
    assert code == 2
    assert err.startswith("error:")
    assert err.count("\n") == 1
    bad_previous = write(tmp_path, "previous.json", {"meetings": [{"request": "r1"}]})
    code, _, err = run(capsys, event, "--previous", bad_previous)
    assert code == 1
    assert err == "error: previous.meetings[0].slot: missing\n"


def test_subprocess_stdout_is_json_only(tmp_path: Path) -> None:
    """The real process: no solver banner or progress on stdout."""
    event = write(tmp_path, "event.json", INSTANCE)
    completed = subprocess.run(
        [sys.executable, "-m", "crosscluster.cli", "schedule", event, "--time-limit", "5"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    json.loads(completed.stdout)  # nothing else on stdout
    assert completed.stdout.count("\n") == 1


def test_progress_goes_to_stderr_on_long_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from crosscluster.engines.scheduling.cli import _ProgressPrinter
    from crosscluster.engines.scheduling.solver import Progress

    class Stream:
        def __init__(self) -> None:
            self.text = ""

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

        def isatty(self) -> bool:
            return False

    stream = Stream()
    printer = _ProgressPrinter(stream, enabled=True)  # type: ignore[arg-type]
    printer(Progress("greedy", 10, 12, 0.2))  # short runs stay silent
    assert stream.text == ""
    printer(Progress("search", 11, 12, 1.5))
    assert stream.text.startswith("schedule: search")
    assert "91.67%" in stream.text
