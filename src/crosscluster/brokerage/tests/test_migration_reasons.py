"""Runs stored before the engine gave codes get them once (migrations 0005 and 0006): the stored text, with
names and UTC times put in, is read back with the old forms, a name looked up among the
request's participants and a time among the session's slots; what does not read back stays text.
"""

from __future__ import annotations

import importlib
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import translation

from crosscluster.brokerage import queries, services
from crosscluster.brokerage.models import MeetingRequest, ScheduleRun
from crosscluster.brokerage.tests.factories import NOW, colleague, join, make_session
from crosscluster.brokerage.tests.test_run_words import ENGINE_REASONS, stored
from crosscluster.engines.scheduling import Reason

bound_migration = importlib.import_module("crosscluster.brokerage.migrations.0006_run_bound_code")
migration = importlib.import_module(
    "crosscluster.brokerage.migrations.0005_structure_stored_reasons"
)

MEMBERS = [(7, "Ada"), (8, "Bob"), (9, "Carla")]
SLOTS = {"2026-03-03 08:00 UTC": 3}


def old_text(reason: Reason) -> str:
    """What the worker stored before the codes: the engine's English with its ids
    ("participant participant:7", "slot:3") replaced by names and UTC times."""
    text = re.sub(
        r"(?:participant )?participant:(\d+)",
        lambda match: dict(MEMBERS)[int(match[1])],
        reason.render(participant=str, slot=str),
    )
    return re.sub(r"slot:(\d+)", "2026-03-03 08:00 UTC", text)


@pytest.mark.parametrize("reason", ENGINE_REASONS, ids=lambda reason: reason.code)
@pytest.mark.parametrize("dropped", [False, True])
def test_an_old_reason_gets_the_code_and_values_a_new_run_stores(
    reason: Reason, dropped: bool
) -> None:
    if dropped:
        reason = Reason(reason.code, reason.values, dropped=True)
    new = stored(reason)
    old = migration.structure(old_text(reason), members=MEMBERS, slots=SLOTS)
    assert old is not None
    expected = dict(new["values"])  # type: ignore[call-overload]
    expected.pop("other", None)  # the request a lock clashes with was never named by pk
    if reason.code == "slots_taken" and expected["locked"]:
        expected.pop("total")  # a locked slot's reason never said how many common slots
    assert old == {"code": reason.code, "values": expected, "dropped": dropped}


@pytest.mark.parametrize(
    "text",
    [
        "Zoe reached max_meetings (4)",  # a name that is not the request's
        "no common available slot for Ada and Zoe",
        "locked slot 2026-03-04 08:00 UTC unavailable for Ada",  # no such slot
        "all 4 common slots are taken by meetings of equal or higher weight (Zoe is busy in 2)",
        "something the engine said once",
    ],
)
def test_a_text_that_does_not_read_back_keeps_no_code(text: str) -> None:
    assert migration.structure(text, members=MEMBERS, slots=SLOTS) is None


def test_two_members_of_the_same_name_are_not_guessed() -> None:
    twins = [(7, "Ada"), (8, "Ada")]
    assert migration.structure("Ada reached max_meetings (4)", members=twins, slots={}) is None


@pytest.mark.django_db(transaction=True)
def test_stored_runs_are_structured_once_and_worded_in_the_readers_language(
    cast, token_for
) -> None:  # type: ignore[no-untyped-def]
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    carla = join(session, cast.outsider, cast.other_sme, name="Carla")
    max_ = join(session, cast.cluster_manager, cast.other_cluster, name="Max")
    ida = join(session, colleague(cast.sme, "ida@example.eu"), cast.sme, name="Ida")

    def send(requester, recipient) -> MeetingRequest:  # type: ignore[no-untyped-def]
        return services.send_request(
            user=requester.user, requester=requester, recipient_id=recipient.pk, priority=2, now=NOW
        )

    pair, dropped, left, capped = (
        send(ada, carla),
        send(carla, max_),
        send(ada, max_),
        send(ida, max_),
    )
    first = session.slots.order_by("start_at").first()
    assert first is not None
    when = f"{first.start_at:%Y-%m-%d %H:%M} UTC"
    items = [
        {"request": pair.pk, "reason": "no common available slot for Ada and Carla"},
        {
            "request": dropped.pk,
            "reason": f"confirmed meeting dropped: locked slot {when} unavailable for Carla",
        },
        {"request": left.pk, "reason": "Ada left the session"},
        {
            "request": capped.pk,
            "reason": "Ada reached max_meetings (1)",
            "code": "limit_reached",
            "values": {"participant": ada.pk, "limit": 1},
        },
    ]
    run = ScheduleRun.objects.create(
        session=session, created_at=NOW, time_limit=1, state="done", unscheduled=items
    )
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("brokerage", "0004_participant_consent_recorded")])
    finally:
        # Forward again whatever happened (the data migration runs), so later tests find
        # every table.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    run.refresh_from_db()
    assert [item.get("code") for item in run.unscheduled] == [
        "no_common_slot",
        "locked_unavailable",
        None,
        "limit_reached",
    ]
    assert run.unscheduled[0]["values"] == {"participants": [ada.pk, carla.pk]}
    assert run.unscheduled[1]["values"] == {"slot": first.pk, "participant": carla.pk}
    assert run.unscheduled[1]["dropped"] is True
    assert run.unscheduled[2]["reason"] == "Ada left the session"  # kept as written
    with translation.override("de"):
        worded = queries.list_run_unscheduled(run=run)
    assert worded[0]["reason"] == "Kein gemeinsames verfügbares Zeitfenster für Ada und Carla."
    # ... and the API answers for them as for a new run: the codes read back, the words the
    # reader's; a reason that did not read back has no code and reads as stored
    answer = Client().get(
        f"/api/v1/brokerage/runs/{run.pk}/unscheduled",
        HTTP_AUTHORIZATION=token_for(cast.coordinator),
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert answer.status_code == 200, answer.content
    items = {item["request"]: item for item in answer.json()["items"]}
    assert items[pair.pk]["reason"] == worded[0]["reason"]
    assert items[pair.pk]["reason_parts"] == {
        "code": "no_common_slot",
        "values": {"participants": [ada.pk, carla.pk]},
        "dropped": False,
    }
    assert items[dropped.pk]["reason_parts"]["dropped"] is True
    assert items[left.pk] == {
        "request": left.pk,
        "reason": "Ada left the session",
        "reason_parts": {"code": "", "values": {}, "dropped": False},
    }


@pytest.mark.django_db
def test_stored_bound_methods_get_the_engines_code(cast, token_for) -> None:  # type: ignore[no-untyped-def]
    """Migration 0006 reads the bound's method of earlier runs once (its patterns frozen there)."""
    from django.apps import apps

    session = make_session(cast)
    methods = {
        "counting bound": ("counting", ""),
        "per-person LP (HiGHS), confirmed meetings kept": ("person-kept", ""),
        "per-person LP (HiGHS)": ("person", ""),
        "time-indexed LP (HiGHS ipm)": ("time", "ipm"),
        "optimum proven by CP-SAT on the whole instance": ("cp-sat", ""),
        "a method of tomorrow": ("", ""),
    }
    for method in methods:
        ScheduleRun.objects.create(
            session=session, created_at=NOW, time_limit=1, state="done", bound_method=method
        )
    bound_migration.read_bound_methods(apps, None)
    found = ScheduleRun.objects.values_list("bound_method", "bound_code", "bound_solver")
    assert {method: (code, solver) for method, code, solver in found} == methods
    run = ScheduleRun.objects.get(bound_method="time-indexed LP (HiGHS ipm)")
    report = queries.build_run_report(run=run)
    assert report.bound_method == "a linear programme over the slots (HiGHS, ipm)"
    organiser = token_for(cast.coordinator)
    answer = Client().get(f"/api/v1/brokerage/runs/{run.pk}", HTTP_AUTHORIZATION=organiser)
    assert answer.status_code == 200, answer.content
    found = answer.json()
    assert (found["bound_code"], found["bound_solver"]) == ("time", "ipm")
    assert found["bound_method"] == report.bound_method  # the page's words, not the engine's
    unread = ScheduleRun.objects.get(bound_method="a method of tomorrow")
    answer = Client().get(f"/api/v1/brokerage/runs/{unread.pk}", HTTP_AUTHORIZATION=organiser)
    assert (answer.json()["bound_code"], answer.json()["bound_method"]) == (
        "",
        "a method of tomorrow",
    )
