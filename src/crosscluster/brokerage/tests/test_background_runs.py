"""Scheduler runs happen in the background: queued -> running -> done or failed, one at a time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from crosscluster.brokerage import jobs, services
from crosscluster.brokerage.models import (
    Participant,
    RunState,
    RunStatus,
    ScheduledMeeting,
    ScheduleRun,
)
from crosscluster.brokerage.tests.factories import NOW, join, make_session, schedule
from crosscluster.core import stored_text
from crosscluster.core.tasks import run_queued_tasks
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db
API = "/api/v1/brokerage"


def accepted(requester: Participant, recipient: Participant, priority: int = 2) -> None:
    request = services.send_request(
        user=requester.user,
        requester=requester,
        recipient_id=recipient.pk,
        priority=priority,
        now=NOW,
    )
    services.answer_request(user=recipient.user, request=request, accept=True, now=NOW)


@pytest.fixture
def session(cast):  # type: ignore[no-untyped-def]
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    carla = join(session, cast.outsider, cast.other_sme, name="Carla")
    max_ = join(session, cast.cluster_manager, cast.other_cluster, name="Max")
    accepted(ada, carla, 3)
    accepted(ada, max_, 2)
    return session


def queue(cast, session, **options):  # type: ignore[no-untyped-def]
    options.setdefault("time_limit", 1.0)
    return services.run_scheduler(user=cast.coordinator, session=session, now=NOW, **options)


def login(client: Client, user) -> None:  # type: ignore[no-untyped-def]
    assert client.login(email=user.email, password=PASSWORD)


def test_a_run_is_queued_in_the_request_and_solved_by_the_worker(cast, session) -> None:
    run = queue(cast, session)
    assert run.state == RunState.QUEUED
    assert not ScheduledMeeting.objects.exists()  # nothing solved inside the request
    # (the requests' notification e-mails wait in the default queue; the run is in its own)
    [task] = DBTaskResult.objects.filter(queue_name="scheduling")
    assert task.queue_name == "scheduling"
    assert task.args_kwargs["args"] == [run.pk]
    assert run.task_id == str(task.id)

    run_queued_tasks()
    run.refresh_from_db()
    assert run.state == RunState.DONE
    assert run.status == RunStatus.PROVISIONAL
    assert run.started_at is not None
    assert run.finished_at is not None
    assert run.started_at <= run.finished_at
    # Both meetings involve Ada: two slots, weight 3 + 2, and the bound says so too.
    assert (run.meetings.count(), run.objective, run.upper_bound) == (2, 5, 5)
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"


def test_only_one_run_in_progress_per_session(cast, session) -> None:
    queue(cast, session)
    with pytest.raises(ValidationError) as caught:
        queue(cast, session)
    assert "already in progress" in caught.value.message_dict["session"][0]
    assert ScheduleRun.objects.count() == 1
    assert DBTaskResult.objects.filter(queue_name="scheduling").count() == 1
    run_queued_tasks()
    queue(cast, session)  # once done, the next run may start
    assert ScheduleRun.objects.count() == 2


def test_a_run_lost_by_a_stopped_worker_is_failed_when_a_new_one_starts(cast, session) -> None:
    lost = queue(cast, session)
    later = NOW + services.STALE_RUN_AFTER + dt.timedelta(minutes=1)
    fresh = services.run_scheduler(user=cast.coordinator, session=session, now=later, time_limit=1)
    lost.refresh_from_db()
    assert lost.state == RunState.FAILED
    assert "finish within 30 minutes: is the background worker" in stored_text.english(lost.error)
    assert fresh.state == RunState.QUEUED
    run_queued_tasks()  # the lost run's task finds it no longer queued: it does nothing
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert (lost.state, lost.meetings.count()) == (RunState.FAILED, 0)
    assert fresh.state == RunState.DONE


def test_a_failing_solve_marks_the_run_failed_with_a_readable_message(
    cast, session, monkeypatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(jobs, "solve_run", broken)
    run = queue(cast, session)
    run_queued_tasks()
    run.refresh_from_db()
    assert run.state == RunState.FAILED
    assert "internal error (RuntimeError)" in stored_text.english(run.error)
    assert "Run it again" in stored_text.english(run.error)
    assert not run.meetings.exists()
    assert (
        DBTaskResult.objects.get(queue_name="scheduling").status == "FAILED"
    )  # the task result records it too
    with pytest.raises(ValidationError) as caught:
        services.publish_run(user=cast.coordinator, run=run, now=NOW)
    assert "finished run" in caught.value.message_dict["run"][0]


def test_a_session_that_lost_its_slots_fails_with_the_fix(cast, session) -> None:
    run = queue(cast, session)
    session.slots.all().delete()
    run_queued_tasks()
    run.refresh_from_db()
    assert run.state == RunState.FAILED
    assert stored_text.english(run.error) == "The session has no slots: set its periods first."
    with translation.override("de"):
        german = stored_text.word(run.error)
        assert german == translation.gettext("The session has no slots: set its periods first.")
    assert german != stored_text.english(run.error)  # read in the reader's language


def test_publishing_and_locking_wait_for_the_run_in_progress(cast, session) -> None:
    first = schedule(cast, session)
    second = queue(cast, session)
    with pytest.raises(ValidationError) as caught:
        services.publish_run(user=cast.coordinator, run=first, now=NOW)
    assert "in progress" in caught.value.message_dict["run"][0]
    with pytest.raises(ValidationError):
        services.lock_meeting(user=cast.coordinator, meeting=first.meetings.first(), locked=True)
    with pytest.raises(ValidationError) as caught:
        services.publish_run(user=cast.coordinator, run=second, now=NOW)
    assert "queued" in caught.value.message_dict["run"][0]
    run_queued_tasks()
    second.refresh_from_db()
    # The newer finished run is the one to publish.
    with pytest.raises(ValidationError):
        services.publish_run(user=cast.coordinator, run=first, now=NOW)
    services.publish_run(user=cast.coordinator, run=second, now=NOW)
    second.refresh_from_db()
    assert second.status == RunStatus.PUBLISHED
    with pytest.raises(ValidationError) as caught:  # a whole sentence per status
        services.publish_run(user=cast.coordinator, run=second, now=NOW)
    assert caught.value.message_dict["run"] == [
        "This schedule is published already; publish a provisional one."
    ]


def test_a_failed_newer_run_does_not_block_publishing_the_last_good_one(
    cast, session, monkeypatch
) -> None:
    good = schedule(cast, session)
    monkeypatch.setattr(jobs, "solve_run", lambda *a, **k: 1 / 0)
    failed = schedule(cast, session)
    assert failed.state == RunState.FAILED
    services.publish_run(user=cast.coordinator, run=good, now=NOW)
    good.refresh_from_db()
    assert good.status == RunStatus.PUBLISHED


def test_a_repair_run_keeps_the_published_meetings(cast, session) -> None:
    first = schedule(cast, session)
    services.publish_run(user=cast.coordinator, run=first, now=NOW)
    before = {m.request_id: (m.slot_id, m.table) for m in first.meetings.all()}
    repair = queue(cast, session)
    assert repair.is_repair  # known when queued, so the page can say "repair"
    run_queued_tasks()
    repair.refresh_from_db()
    assert (repair.state, repair.is_repair, repair.dropped, repair.moved) == ("done", True, 0, 0)
    assert {m.request_id: (m.slot_id, m.table) for m in repair.meetings.all()} == before


def test_the_organiser_page_polls_until_the_run_is_done(cast, session, client: Client) -> None:
    login(client, cast.coordinator)
    response = client.post(reverse("brokerage:run", args=[session.pk]), follow=True)
    page = response.content.decode()
    run = ScheduleRun.objects.get()
    status_url = reverse("brokerage:run_status", args=[run.pk])
    assert 'data-state="queued"' in page
    assert f'hx-get="{status_url}"' in page
    assert "waiting for the background worker" in page
    assert "Publish this schedule" not in page

    polled = client.get(status_url, HTTP_HX_REQUEST="true")
    assert polled.status_code == 200
    assert "HX-Refresh" not in polled
    assert 'hx-trigger="every 1s"' in polled.content.decode()

    run_queued_tasks()
    polled = client.get(status_url, HTTP_HX_REQUEST="true")
    assert polled["HX-Refresh"] == "true"  # the page reloads with the schedule
    assert "hx-get" not in polled.content.decode()
    page = client.get(reverse("brokerage:organise", args=[session.pk])).content.decode()
    assert 'data-state="done"' in page
    assert "hx-get" not in page
    assert "Publish this schedule" in page
    assert "2 meetings, weight 5 of at most 5 (100.0%): a proven optimum." in page
    # Without htmx the status address sends the organiser back to the page.
    assert client.get(status_url).status_code == 302


def test_a_failed_run_shows_its_reason_on_the_page(
    cast, session, client: Client, monkeypatch
) -> None:
    monkeypatch.setattr(jobs, "solve_run", lambda *a, **k: 1 / 0)
    schedule(cast, session)
    login(client, cast.coordinator)
    page = client.get(reverse("brokerage:organise", args=[session.pk])).content.decode()
    assert 'data-state="failed"' in page
    assert "internal error (ZeroDivisionError)" in page
    assert "Publish this schedule" not in page


def test_a_second_run_on_the_page_is_refused_while_one_is_queued(
    cast, session, client: Client
) -> None:
    login(client, cast.coordinator)
    client.post(reverse("brokerage:run", args=[session.pk]))
    page = client.post(reverse("brokerage:run", args=[session.pk]), follow=True).content.decode()
    assert "already in progress" in page
    assert ScheduleRun.objects.count() == 1


def test_run_status_is_only_for_organisers(cast, session, client: Client, token_for) -> None:
    run = queue(cast, session)
    url = reverse("brokerage:run_status", args=[run.pk])
    login(client, cast.sme_member)
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 403
    login(client, cast.outsider)
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 403
    assert (
        client.get(f"{API}/runs/{run.pk}", HTTP_AUTHORIZATION=token_for(cast.outsider)).status_code
        == 403
    )
    assert (
        client.get(f"{API}/runs/99999", HTTP_AUTHORIZATION=token_for(cast.coordinator)).status_code
        == 404
    )


def test_the_api_queues_with_202_and_refuses_a_second_run(
    cast, session, client: Client, token_for
) -> None:
    token = token_for(cast.coordinator)
    url = f"{API}/sessions/{session.pk}/runs"
    first = client.post(
        url, {"time_limit": 1}, content_type="application/json", HTTP_AUTHORIZATION=token
    )
    assert first.status_code == 202
    assert first.json()["state"] == "queued"
    second = client.post(url, {}, content_type="application/json", HTTP_AUTHORIZATION=token)
    assert second.status_code == 400
    assert "already in progress" in second.json()["errors"]["session"][0]
    bad = client.post(
        url, {"time_limit": 600}, content_type="application/json", HTTP_AUTHORIZATION=token
    )
    assert bad.status_code == 400
    assert "time_limit" in bad.json()["errors"]
    assert ScheduleRun.objects.count() == 1
