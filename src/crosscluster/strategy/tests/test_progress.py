"""A roadmap action's completion: recorded by coordinators (page and API, adopted or not),
audited, refused with the field named, and counted by one read (the scoreboard's equality with
the page is in monitoring/tests/test_scoreboard.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosscluster.strategy import queries, services
from crosscluster.strategy.models import RoadmapAction, StrategyState
from crosscluster.strategy.tests.helpers import adopt, build_jis, make_other_partnership
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

BASE = "/api/v1/strategy/test-alliance"


def _roadmap(cast) -> list[RoadmapAction]:  # type: ignore[no-untyped-def]
    """Four actions ending 2026-03-31, 2026-06-30, 2026-09-30, 2027-12-31."""
    strategy = build_jis(cast, actions=4)
    actions = list(queries.list_roadmap_actions(strategy=strategy))
    ends = [dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 9, 30), dt.date(2027, 12, 31)]
    for action, end in zip(actions, ends, strict=True):
        RoadmapAction.objects.filter(pk=action.pk).update(end_date=end)
        action.refresh_from_db()
    return actions


def _record(cast, action, status, day=None, today=dt.date(2026, 12, 1)):  # type: ignore[no-untyped-def]
    return services.record_action_progress(
        user=cast.coordinator,
        action=action,
        data=services.ProgressInput(status=status, done_date=day),
        today=today,
    )


def test_done_over_planned_by_a_day(cast) -> None:
    a1, a2, a3, a4 = _roadmap(cast)
    _record(cast, a1, "done", dt.date(2026, 3, 20))
    _record(cast, a2, "dropped")
    _record(cast, a3, "in_progress")
    _record(cast, a4, "done", dt.date(2026, 5, 2))  # ahead of its plan (ends 2027)
    strategy = a1.strategy
    # by 2026-06-30: A1 planned and done, A2 dropped (not counted), A4 done ahead of plan
    by_june = queries.get_roadmap_progress(strategy=strategy, until=dt.date(2026, 6, 30))
    assert (by_june.done, by_june.planned, by_june.percent) == (2, 2, 100.0)
    # by 2026-12-01: A3 is due too and only in progress
    by_december = queries.get_roadmap_progress(strategy=strategy, until=dt.date(2026, 12, 1))
    assert (by_december.done, by_december.planned) == (2, 3)
    assert by_december.percent == 66.7
    assert by_december.by_status == {"done": 2, "in_progress": 1}
    # before A4 was done, it was neither done nor due
    by_april = queries.get_roadmap_progress(strategy=strategy, until=dt.date(2026, 4, 30))
    assert (by_april.done, by_april.planned) == (1, 1)
    # done on a day after ``until``: due then, not done yet
    by_march = queries.get_roadmap_progress(strategy=strategy, until=dt.date(2026, 3, 31))
    assert (by_march.done, by_march.planned) == (1, 1)
    assert queries.get_roadmap_progress(strategy=strategy, until=dt.date(2026, 3, 19)).planned == 0


def test_recorded_in_any_state_and_audited(cast) -> None:
    strategy = build_jis(cast, actions=1)
    adopt(cast)
    a1 = RoadmapAction.objects.get(strategy=strategy)
    assert a1.strategy.state == StrategyState.ADOPTED
    recorded = _record(cast, a1, "done", dt.date(2026, 3, 20))
    assert (recorded.status, recorded.done_date) == ("done", dt.date(2026, 3, 20))
    assert recorded.status_changed_by == cast.coordinator
    entry = LogEntry.objects.get_for_object(a1).latest("timestamp")
    assert entry.changes_dict["status"] == ["planned", "done"]
    # an adopted version does not hold it: it is the execution, not the content
    assert (
        "status"
        not in queries.build_snapshot(partnership=cast.partnership, strategy=a1.strategy)[
            "sections"
        ]["roadmap"][0]
    )


@pytest.mark.parametrize(
    ("status", "day", "field"),
    [
        ("finished", None, "status"),
        ("done", None, "done_date"),
        ("done", dt.date(2026, 12, 2), "done_date"),  # in the future
        ("planned", dt.date(2026, 3, 1), "done_date"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(cast, status, day, field) -> None:
    a1, *_ = _roadmap(cast)
    with pytest.raises(ValidationError) as error:
        _record(cast, a1, status, day)
    assert field in error.value.message_dict
    a1.refresh_from_db()
    assert (a1.status, a1.done_date, a1.status_changed_at) == ("planned", None, None)


def test_only_coordinators_record(cast) -> None:
    a1, *_ = _roadmap(cast)
    with pytest.raises(PermissionDenied):
        services.record_action_progress(
            user=cast.sme_member,
            action=a1,
            data=services.ProgressInput(status="dropped"),
            today=dt.date(2026, 12, 1),
        )


def test_page_form_records_and_refuses(cast, client: Client) -> None:
    a1, *_ = _roadmap(cast)
    url = reverse("strategy:action_progress", args=["test-alliance", a1.pk])
    client.login(username=cast.sme_member.email, password=PASSWORD)
    overview = client.get(reverse("strategy:overview", args=["test-alliance"])).content.decode()
    assert "progress-summary" in overview
    assert url not in overview  # members read, no form
    assert client.post(url, {"status": "dropped"}).status_code == 403
    client.login(username=cast.outsider.email, password=PASSWORD)
    assert client.post(url, {"status": "dropped"}).status_code == 404
    client.login(username=cast.coordinator.email, password=PASSWORD)
    assert url in client.get(reverse("strategy:overview", args=["test-alliance"])).content.decode()
    response = client.post(url, {"status": "done", "done_date": "2026-03-20"}, follow=True)
    a1.refresh_from_db()
    assert (a1.status, a1.done_date) == ("done", dt.date(2026, 3, 20))
    assert "A1" in response.content.decode()
    audited = LogEntry.objects.get_for_object(a1).latest("timestamp")
    assert audited.actor == cast.coordinator  # the audit log knows who (from the request)
    assert audited.changes_dict["done_date"] == ["None", "2026-03-20"]
    response = client.post(url, {"status": "done", "done_date": "20 March"}, follow=True)
    assert "as a date" in response.content.decode()
    response = client.post(url, {"status": "planned", "done_date": "2026-03-20"})
    assert response.status_code == 400  # the overview again, the choices kept beside A1
    page = response.content.decode()
    assert "only for a done action" in page
    row = page.split(f'id="progress-{a1.pk}"')[1].split("</tr>")[0]
    assert '<option value="planned" selected>' in row
    assert 'value="2026-03-20"' in row
    assert f'aria-describedby="progress-{a1.pk}-errors"' in row
    a1.refresh_from_db()
    assert a1.status == "done"
    # an id of another partnership's strategy is a 404
    other = make_other_partnership(cast)
    other_action = services.save_action(
        user=other.coordinator,
        partnership=other.partnership,
        data=services.ActionInput(
            title="Elsewhere",
            owner_id=cast.other_cluster.pk,
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2026, 2, 1),
        ),
    )
    stray = reverse("strategy:action_progress", args=["test-alliance", other_action.pk])
    assert client.post(stray, {"status": "dropped"}).status_code == 404
    other_action.refresh_from_db()
    assert other_action.status == "planned"


def test_api_reads_and_records(cast, client: Client, token_for) -> None:
    a1, *_ = _roadmap(cast)
    path = f"{BASE}/actions/{a1.pk}/progress"
    coordinator = {"Authorization": token_for(cast.coordinator)}
    member = {"Authorization": token_for(cast.sme_member)}
    outsider = {"Authorization": token_for(cast.outsider)}
    body = {"status": "done", "done_date": "2026-03-20"}
    assert client.get(f"{BASE}/progress").status_code == 404  # drafts are not public
    assert client.get(f"{BASE}/progress", headers=outsider).status_code == 404
    assert client.put(path, body, content_type="application/json").status_code == 401
    assert (
        client.put(path, body, content_type="application/json", headers=member).status_code == 403
    )
    assert (
        client.put(path, body, content_type="application/json", headers=outsider).status_code == 404
    )
    assert (
        client.put(
            f"{BASE}/actions/999999/progress",
            body,
            content_type="application/json",
            headers=coordinator,
        ).status_code
        == 404
    )
    bad = client.put(path, {"status": "done"}, content_type="application/json", headers=coordinator)
    assert bad.status_code == 400
    assert "done_date" in bad.content.decode()
    done = client.put(path, body, content_type="application/json", headers=coordinator)
    assert done.status_code == 200
    listed = {action["code"]: action for action in done.json()["actions"]}
    assert listed["A1"]["status"] == "done"
    assert listed["A1"]["done_date"] == "2026-03-20"
    assert listed["A1"]["changed_by"] == "coordinator@example.eu"
    read = client.get(f"{BASE}/progress", headers=member).json()
    assert read["done"] == 1
    assert read["planned"] >= 1
    assert read["until"] == timezone.localdate().isoformat()
