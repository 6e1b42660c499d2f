"""The work plan through the API: packages, items with owners and due dates inside the
partnership's period, completion with evidence; each role, and ids of another partnership."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from crosscluster.directory.models import OrganisationKind
from crosscluster.partnerships.models import (
    Partnership,
    PartnershipKind,
    WorkItem,
    WorkPackage,
)
from tests.cast import make_organisation

pytestmark = pytest.mark.django_db


def send(client: Client, method: str, url: str, token: str, body: object = None):  # type: ignore[no-untyped-def]
    return getattr(client, method)(
        url, body or {}, content_type="application/json", HTTP_AUTHORIZATION=token
    )


def item_body(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "kind": "task",
        "code": "T1.1",
        "title": "Map the competences",
        "due_date": "2019-06-30",
        "weight": 3,
        "start_date": "2019-03-01",
    }
    body.update(changes)
    return body


def test_a_coordinator_builds_the_work_plan_and_progress_follows(
    cast, client: Client, token_for
) -> None:
    token = token_for(cast.coordinator)
    base = f"/api/v1/partnerships/{cast.partnership.slug}"
    package = send(
        client,
        "post",
        f"{base}/work-packages",
        token,
        {"title": "Mapping", "leader_id": cast.other_cluster.pk},
    )
    assert package.status_code == 201, package.content
    assert package.json()["number"] == 1
    task = send(
        client,
        "post",
        f"{base}/work-packages/1/items",
        token,
        item_body(owner_organisation_id=cast.cluster.pk, owner_person_id=cast.cluster_manager.pk),
    )
    assert task.status_code == 201, task.content
    deliverable = send(
        client,
        "post",
        f"{base}/work-packages/1/items",
        token,
        item_body(kind="deliverable", code="D1.1", title="Report", weight=1, due_date="2021-02-28"),
    )
    assert deliverable.status_code == 201
    plan = client.get(f"{base}/work-plan").json()
    assert (plan["start_date"], plan["end_date"]) == ("2019-03-01", "2021-02-28")
    assert plan["progress"]["percent"] == 0
    items = {i["code"]: i for i in plan["packages"][0]["items"]}
    assert items["T1.1"]["owner_organisation"]["name"] == "Pole Test Cluster"
    assert items["T1.1"]["status"] == "late"  # due in 2019, not done
    task_id = task.json()["id"]
    completion = f"{base}/work-items/{task_id}/completion"
    done = send(
        client,
        "post",
        completion,
        token,
        {"evidence_url": "https://example.eu/map.pdf", "done_date": "2019-06-28"},
    )
    assert done.status_code == 200, done.content
    plan = client.get(f"{base}/work-plan").json()
    assert plan["progress"]["percent"] == 75  # 3 of 4 weighted
    assert plan["progress"]["late_items"] == ["D1.1"]
    items = {i["code"]: i for i in plan["packages"][0]["items"]}
    assert (items["T1.1"]["status"], items["T1.1"]["evidence_url"]) == (
        "done",
        "https://example.eu/map.pdf",
    )
    # The late deliverable stops counting at the partnership's end (28 February 2021).
    assert items["D1.1"]["days_late"] == 1
    reopened = client.delete(completion, HTTP_AUTHORIZATION=token)
    assert reopened.json()["done_date"] is None
    assert client.get(f"{base}/work-plan").json()["progress"]["percent"] == 0
    renamed = send(
        client,
        "patch",
        f"{base}/work-items/{task_id}",
        token,
        {"title": "Map the SMEs' competences", "owner_person_id": None},
    )
    assert renamed.json()["title"] == "Map the SMEs' competences"
    assert renamed.json()["owner_person_id"] is None
    assert renamed.json()["due_date"] == "2019-06-30"
    patched = send(client, "patch", f"{base}/work-packages/1", token, {"leader_id": None})
    assert patched.json()["leader"] is None


def test_due_dates_must_fall_within_the_partnership_period(cast, client: Client, token_for) -> None:
    token = token_for(cast.coordinator)
    base = f"/api/v1/partnerships/{cast.partnership.slug}"
    send(client, "post", f"{base}/work-packages", token, {"title": "Mapping"})
    late = send(
        client, "post", f"{base}/work-packages/1/items", token, item_body(due_date="2027-06-30")
    )
    assert late.status_code == 400
    assert late.json()["errors"]["due_date"] == [
        "The due date 30 June 2027 is outside the partnership's period "
        "(1 March 2019 to 28 February 2021): choose a date within it."
    ]
    early = send(
        client,
        "post",
        f"{base}/work-packages/1/items",
        token,
        item_body(start_date="2019-01-01", due_date="2019-02-01"),
    )
    assert set(early.json()["errors"]) == {"due_date", "start_date"}
    assert not WorkItem.objects.exists()
    created = send(client, "post", f"{base}/work-packages/1/items", token, item_body()).json()
    moved = send(
        client, "patch", f"{base}/work-items/{created['id']}", token, {"due_date": "2030-01-01"}
    )
    assert "due_date" in moved.json()["errors"]
    assert WorkItem.objects.get().due_date == dt.date(2019, 6, 30)
    # The partnership's period cannot shrink under its items either.
    shrink = send(client, "patch", base, token, {"start_date": "2019-07-01"})
    assert shrink.status_code == 400
    assert "T1.1" in shrink.json()["errors"]["start_date"][0]


def test_bad_items_and_completions_name_the_field(cast, client: Client, token_for) -> None:
    token = token_for(cast.coordinator)
    base = f"/api/v1/partnerships/{cast.partnership.slug}"
    empty = send(client, "post", f"{base}/work-packages", token, {"title": " "})
    assert empty.json()["errors"] == {"title": ["Give the work package a title."]}
    send(client, "post", f"{base}/work-packages", token, {"title": "Mapping"})
    duplicate = send(
        client, "post", f"{base}/work-packages", token, {"title": "Again", "number": 1}
    )
    assert duplicate.json()["errors"]["number"] == ["WP1 exists already: choose another number."]
    bad = send(
        client,
        "post",
        f"{base}/work-packages/1/items",
        token,
        item_body(
            kind="chore",
            code="",
            weight=0,
            owner_organisation_id=cast.other_sme.pk,
            owner_person_id=cast.outsider.pk,
        ),
    )
    assert set(bad.json()["errors"]) == {
        "kind",
        "code",
        "weight",
        "owner_organisation",
        "owner_person",
    }
    item = send(client, "post", f"{base}/work-packages/1/items", token, item_body()).json()
    completion = f"{base}/work-items/{item['id']}/completion"
    no_link = send(
        client, "post", completion, token, {"evidence_url": "", "done_date": "2099-01-01"}
    )
    assert set(no_link.json()["errors"]) == {"evidence_url", "done_date"}
    not_http = send(client, "post", completion, token, {"evidence_url": "javascript:alert(1)"})
    assert not_http.json()["errors"]["evidence_url"] == [
        "Give an http:// or https:// address for the evidence."
    ]
    assert WorkItem.objects.get().done_date is None
    assert WorkPackage.objects.count() == 1


@pytest.mark.parametrize("who", ["outsider", "sme_member", "cluster_manager"])
def test_only_coordinators_change_the_work_plan(cast, client: Client, token_for, who: str) -> None:
    package = WorkPackage.objects.create(partnership=cast.partnership, number=1, title="Mapping")
    item = WorkItem.objects.create(
        work_package=package, kind="task", code="T1.1", title="Map", due_date=dt.date(2019, 6, 30)
    )
    token = token_for(getattr(cast, who))
    base = f"/api/v1/partnerships/{cast.partnership.slug}"
    assert send(client, "post", f"{base}/work-packages", token, {"title": "X"}).status_code == 403
    assert (
        send(client, "patch", f"{base}/work-packages/1", token, {"title": "X"}).status_code == 403
    )
    assert (
        send(
            client, "post", f"{base}/work-packages/1/items", token, item_body(code="T1.2")
        ).status_code
        == 403
    )
    assert (
        send(client, "patch", f"{base}/work-items/{item.pk}", token, {"title": "X"}).status_code
        == 403
    )
    completion = f"{base}/work-items/{item.pk}/completion"
    assert (
        send(client, "post", completion, token, {"evidence_url": "https://example.eu"}).status_code
        == 403
    )
    assert client.delete(completion, HTTP_AUTHORIZATION=token).status_code == 403
    item.refresh_from_db()
    assert (item.title, item.done_date, WorkPackage.objects.count()) == ("Map", None, 1)


def test_anonymous_reads_but_cannot_write_and_administrators_may(
    cast, client: Client, token_for
) -> None:
    base = f"/api/v1/partnerships/{cast.partnership.slug}"
    assert client.get(f"{base}/work-plan").status_code == 200
    assert (
        client.post(
            f"{base}/work-packages", {"title": "X"}, content_type="application/json"
        ).status_code
        == 401
    )
    response = send(
        client,
        "post",
        f"{base}/work-packages",
        token_for(cast.administrator),
        {"title": "Coordination"},
    )
    assert response.status_code == 201


def test_items_of_another_partnership_are_not_found_through_this_one(
    cast, client: Client, token_for
) -> None:
    other = Partnership.objects.create(
        slug="other",
        name="Other",
        kind=PartnershipKind.OTHER,
        coordinator=make_organisation("Other Cluster", OrganisationKind.CLUSTER),
        start_date=dt.date(2019, 3, 1),
        duration_months=24,
        summary="Other.",
    )
    package = WorkPackage.objects.create(partnership=other, number=1, title="Theirs")
    item = WorkItem.objects.create(
        work_package=package, kind="task", code="T1", title="Theirs", due_date=dt.date(2019, 6, 30)
    )
    token = token_for(cast.coordinator)  # coordinates TDA only
    base = f"/api/v1/partnerships/{cast.partnership.slug}"
    assert (
        send(client, "patch", f"{base}/work-items/{item.pk}", token, {"title": "Mine"}).status_code
        == 404
    )
    assert (
        send(
            client,
            "post",
            f"{base}/work-items/{item.pk}/completion",
            token,
            {"evidence_url": "https://example.eu"},
        ).status_code
        == 404
    )
    assert (
        send(client, "post", f"{base}/work-packages/1/items", token, item_body()).status_code == 404
    )
    assert (
        send(
            client,
            "patch",
            f"/api/v1/partnerships/other/work-items/{item.pk}",
            token,
            {"title": "Mine"},
        ).status_code
        == 403
    )
    item.refresh_from_db()
    assert (item.title, item.done_date) == ("Theirs", None)
