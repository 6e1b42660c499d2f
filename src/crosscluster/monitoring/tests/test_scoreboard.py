from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.directory.models import ClusterMembership, OrganisationKind
from crosscluster.events.models import Event
from crosscluster.monitoring import queries
from crosscluster.monitoring.models import Target
from crosscluster.monitoring.registry import INDICATORS
from crosscluster.partnerships.models import WorkItem, WorkPackage
from tests.cast import PASSWORD, make_organisation

pytestmark = pytest.mark.django_db


def page_value(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">([^<]*)<', html)
    assert match, testid
    return match.group(1).strip()


def test_every_indicator_is_defined_once_and_computed() -> None:
    keys = [indicator.key for indicator in INDICATORS]
    assert len(keys) == len(set(keys))
    assert set(keys) == set(queries.COMPUTE)
    assert all(
        indicator.formula and indicator.unit and indicator.sources for indicator in INDICATORS
    )


def test_scoreboard_equals_the_pages_it_comes_from(cast, client: Client) -> None:
    for index in range(3):
        sme = make_organisation(f"Counted SME {index}", size="small")
        ClusterMembership.objects.create(cluster=cast.other_cluster, member=sme)
    lab = make_organisation("A Lab", OrganisationKind.RESEARCH)
    ClusterMembership.objects.create(cluster=cast.other_cluster, member=lab)
    package = WorkPackage.objects.create(partnership=cast.partnership, number=1, title="Management")
    WorkItem.objects.create(
        work_package=package,
        kind="deliverable",
        code="D1",
        title="A",
        weight=2,
        due_date=dt.date(2019, 6, 1),
        done_date=dt.date(2019, 5, 1),
    )
    WorkItem.objects.create(
        work_package=package,
        kind="task",
        code="T1",
        title="B",
        weight=1,
        due_date=dt.date(2020, 6, 1),
    )

    board = client.get(
        reverse("monitoring:scoreboard", args=[cast.partnership.slug])
    ).content.decode()
    detail = client.get(
        reverse("partnerships:detail", args=[cast.partnership.slug])
    ).content.decode()
    plan = client.get(
        reverse("partnerships:work_plan", args=[cast.partnership.slug])
    ).content.decode()

    assert page_value(board, "value-partners") == page_value(detail, "partner-count") == "2"
    assert page_value(board, "value-smes") == page_value(detail, "sme-count")
    assert int(page_value(board, "value-smes")) >= 3
    percent = re.search(r"<strong[^>]*>(\d+)% completed</strong>", plan)
    assert percent
    assert page_value(board, "value-work_plan") == f"{percent.group(1)}%"


def test_study_visits_counted_by_period_with_an_accessible_chart(cast, client: Client) -> None:
    for day, kind in [
        (dt.datetime(2025, 2, 3, 9, tzinfo=dt.UTC), "study_visit"),
        (dt.datetime(2025, 5, 6, 9, tzinfo=dt.UTC), "study_visit"),
        (dt.datetime(2025, 5, 7, 9, tzinfo=dt.UTC), "webinar"),
    ]:
        Event.objects.create(
            partnership=cast.partnership,
            slug=f"e{day:%m%d}",
            kind=kind,
            title="Visit",
            start_at=day,
            end_at=day + dt.timedelta(hours=3),
        )
    board = queries.compute_scoreboard(partnership=cast.partnership, today=dt.date(2026, 1, 1))
    assert board.figure("study_visits").value == 2
    assert board.figure("study_visits").series == {"2025-Q1": 1, "2025-Q2": 1}
    quarter = queries.compute_scoreboard(
        partnership=cast.partnership, today=dt.date(2026, 1, 1), period="2025-Q2"
    )
    assert quarter.figure("study_visits").value == 1

    html = client.get(
        reverse("monitoring:scoreboard", args=[cast.partnership.slug])
    ).content.decode()
    assert '<svg class="chart"' in html
    assert 'role="img"' in html
    assert '<title id="chart-study_visits-t">' in html
    assert "style=" not in html.split("<main", 1)[-1]
    csv = client.get(reverse("monitoring:series_csv", args=[cast.partnership.slug, "study_visits"]))
    assert csv.content.decode().splitlines() == ["quarter,study_visits", "2025-Q1,1", "2025-Q2,1"]


def test_targets_show_progress(cast) -> None:
    Target.objects.create(
        partnership=cast.partnership,
        indicator="partners",
        period="2026",
        value=4,
        set_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    board = queries.compute_scoreboard(
        partnership=cast.partnership, today=dt.date(2026, 1, 1), period="2026"
    )
    assert board.figure("partners").progress_percent == 50


def test_period_must_be_a_year_or_a_quarter() -> None:
    assert queries.period_bounds("2026-Q4") == (dt.date(2026, 10, 1), dt.date(2027, 1, 1))
    with pytest.raises(ValueError, match="2026-Q2"):
        queries.period_bounds("Q2 2026")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 302),
        ("administrator", 302),
        ("cluster_manager", 403),
        ("sme_member", 403),
        ("outsider", 403),
        (None, 403),
    ],
)
def test_only_coordinators_set_targets_on_the_page(
    cast, client: Client, who: str | None, status: int
) -> None:
    if who:
        client.login(email=getattr(cast, who).email, password=PASSWORD)
    response = client.post(
        reverse("monitoring:set_target", args=[cast.partnership.slug]),
        {"indicator": "partners", "period": "2026", "value": "5"},
    )
    assert response.status_code == status
    assert Target.objects.exists() == (status == 302)


def test_hidden_partnership_is_404(cast, client: Client) -> None:
    cast.partnership.is_public = False
    cast.partnership.save()
    assert (
        client.get(reverse("monitoring:scoreboard", args=[cast.partnership.slug])).status_code
        == 404
    )
    client.login(email=cast.coordinator.email, password=PASSWORD)
    assert (
        client.get(reverse("monitoring:scoreboard", args=[cast.partnership.slug])).status_code
        == 200
    )
    assert client.get(reverse("monitoring:scoreboard", args=["no-such"])).status_code == 404


def test_api_scoreboard_and_targets(cast, client: Client, token_for) -> None:
    url = f"/api/v1/monitoring/{cast.partnership.slug}/targets"
    bad = client.put(
        url,
        {"indicator": "typo", "period": "soon", "value": "-1"},
        content_type="application/json",
        headers={"Authorization": token_for(cast.coordinator)},
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "indicator" in body
    assert "period" in body
    assert "value" in body
    assert not Target.objects.exists()
    denied = client.put(
        url,
        {"indicator": "smes", "period": "2026-Q1", "value": "10"},
        content_type="application/json",
        headers={"Authorization": token_for(cast.outsider)},
    )
    assert denied.status_code == 403
    done = client.put(
        url,
        {"indicator": "smes", "period": "2026-Q1", "value": "10"},
        content_type="application/json",
        headers={"Authorization": token_for(cast.coordinator)},
    )
    assert done.status_code == 200, done.content
    board = client.get(
        f"/api/v1/monitoring/{cast.partnership.slug}/scoreboard?period=2026-Q1"
    ).json()
    smes = next(f for f in board["figures"] if f["indicator"]["key"] == "smes")
    assert smes["target"] == "10.00" or float(smes["target"]) == 10
    assert (
        client.get(f"/api/v1/monitoring/{cast.partnership.slug}/scoreboard?period=bad").status_code
        == 400
    )
    assert client.get("/api/v1/monitoring/no-such/scoreboard").status_code == 404
