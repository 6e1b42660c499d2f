from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosscluster.businessplan.tests.helpers import build_plan, build_roadmap
from crosscluster.directory.models import ClusterMembership, OrganisationKind
from crosscluster.events.models import Event
from crosscluster.monitoring import queries
from crosscluster.monitoring.models import Target
from crosscluster.monitoring.registry import INDICATORS
from crosscluster.partnerships.models import WorkItem, WorkPackage
from crosscluster.strategy import queries as strategy_queries
from crosscluster.strategy import services as strategy_services
from tests.cast import PASSWORD, make_country, make_organisation

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


def test_a_refused_target_comes_back_as_typed(cast, client: Client) -> None:
    client.login(email=cast.coordinator.email, password=PASSWORD)
    refused = client.post(
        reverse("monitoring:set_target", args=[cast.partnership.slug]),
        {"indicator": "smes", "period": "2026-Q2", "value": "twelve"},
    )
    assert refused.status_code == 400
    assert not Target.objects.exists()
    form = refused.context["target_form"]
    assert form.errors["value"] == ["Enter a number of 0 or more (for example 12 or 7.5)."]
    page = refused.content.decode()
    assert 'value="twelve"' in page
    assert 'value="2026-Q2"' in page
    assert '<option value="smes" selected>' in page
    assert 'aria-describedby="target-value-errors"' in page


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


def test_involvement_breakdowns_add_up_to_the_partnership_page(cast, client: Client) -> None:
    italy = make_country("IT", "ITA", "Italy")
    for index in range(3):
        sme = make_organisation(f"Counted SME {index}", OrganisationKind.SME, italy, size="small")
        ClusterMembership.objects.create(cluster=cast.other_cluster, member=sme)
    both = make_organisation("In both clusters", OrganisationKind.RESEARCH, italy)
    ClusterMembership.objects.create(cluster=cast.other_cluster, member=both)
    ClusterMembership.objects.create(cluster=cast.cluster, member=both)
    detail = client.get(
        reverse("partnerships:detail", args=[cast.partnership.slug])
    ).content.decode()
    board = queries.compute_scoreboard(partnership=cast.partnership, today=dt.date(2026, 6, 1))
    organisations, smes = board.figure("organisations"), board.figure("smes")
    assert int(page_value(detail, "sme-count")) == smes.value
    for figure in (organisations, smes):
        for dimension in ("country", "type", "size"):
            assert sum(figure.breakdowns[dimension].values()) == figure.value, dimension
    assert smes.breakdowns["type"] == {"sme": smes.value}
    assert smes.breakdowns["country"]["IT"] == 3
    clusters = organisations.breakdowns["partner cluster"]
    # the organisation in both clusters counts in both: more than the total
    assert clusters[cast.other_cluster.name] >= 5  # itself, 3 SMEs, the lab in both
    assert sum(clusters.values()) == organisations.value + 1

    html = client.get(reverse("monitoring:scoreboard", args=[cast.partnership.slug])).content
    page = html.decode()
    assert 'data-testid="breakdown-smes-country"' in page
    assert "SMEs involved by country" in page
    assert 'role="img"' in page
    url = reverse("monitoring:breakdown_csv", args=[cast.partnership.slug, "smes", "country"])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    assert rows[0] == ["country", "smes"]
    assert dict(rows[1:])["IT"] == "3"
    missing = reverse("monitoring:breakdown_csv", args=[cast.partnership.slug, "smes", "colour"])
    assert client.get(missing).status_code == 404


def test_flow_indicators_have_a_monthly_series(cast, client: Client) -> None:
    for day in (dt.date(2026, 1, 5), dt.date(2026, 1, 20), dt.date(2026, 3, 2)):
        start = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
        Event.objects.create(
            partnership=cast.partnership,
            slug=f"visit-{day}",
            kind="study_visit",
            title="Visit",
            start_at=start,
            end_at=start + dt.timedelta(hours=3),
        )
    board = queries.compute_scoreboard(partnership=cast.partnership, today=dt.date(2026, 6, 1))
    visits = board.figure("study_visits")
    assert visits.monthly == {"2026-01": 2, "2026-03": 1}
    assert sum(visits.monthly.values()) == sum(visits.series.values()) == visits.value
    url = reverse("monitoring:series_csv", args=[cast.partnership.slug, "study_visits"])
    rows = list(csv.reader(io.StringIO(client.get(url, {"by": "month"}).content.decode())))
    assert rows == [["month", "study_visits"], ["2026-01", "2"], ["2026-03", "1"]]


@pytest.mark.parametrize(
    "who", ["anonymous", "outsider", "sme_member", "cluster_manager", "coordinator"]
)
def test_budget_figures_equal_the_business_plan_and_only_its_readers_see_them(
    cast, client: Client, who: str
) -> None:
    build_plan(cast)
    if who != "anonymous":
        client.login(email=getattr(cast, who).email, password=PASSWORD)
    slug = cast.partnership.slug
    body = client.get(f"/api/v1/monitoring/{slug}/scoreboard").json()
    figures = {figure["indicator"]["key"]: figure for figure in body["figures"]}
    plan_page = client.get(reverse("businessplan:overview", args=[slug]))
    readers = plan_page.status_code == 200
    assert ("budget_committed" in figures) == readers
    assert readers == (who in {"sme_member", "cluster_manager", "coordinator"})
    if not readers:
        return
    # the plan page's total row: "<strong>cost / financing</strong>" per year, then in total
    totals = re.findall(r"<strong>([\d,.]+) / ([\d,.]+)</strong><br>", plan_page.content.decode())
    assert totals
    cost, financed = (float(value.replace(",", "")) for value in totals[-1])
    assert (cost, financed) == (32000, 30000)  # the hand-computed example of docs/businessplan.md
    assert figures["budget_committed"]["value"] == cost
    assert figures["budget_financed"]["value"] == financed
    assert figures["budget_financed"]["breakdowns"]["status"] == {
        "granted": 9000,
        "not yet granted": 21000,
    }
    assert figures["budget_committed"]["breakdowns"]["year"] == {"2026": 12000, "2027": 20000}
    board = client.get(reverse("monitoring:scoreboard", args=[slug])).content.decode()
    # money as the reader's language writes it (qa4: it read "32000" in every language)
    assert page_value(board, "value-budget_committed") == "€32,000.00"
    german = client.get("/de" + reverse("monitoring:scoreboard", args=[slug])).content.decode()
    assert page_value(german, "value-budget_committed") == "32.000,00\u00a0€"


def test_strategy_actions_are_the_strategy_pages_done_over_planned(cast, client: Client) -> None:
    actions = build_roadmap(cast, actions=3)
    today = dt.date(2028, 1, 31)  # every action (ending 2027-12-31) is due
    for action, status, day in (
        (actions[0], "done", dt.date(2027, 6, 1)),
        (actions[1], "dropped", None),
    ):
        strategy_services.record_action_progress(
            user=cast.coordinator,
            action=action,
            data=strategy_services.ProgressInput(status=status, done_date=day),
            today=today,
        )
    members = queries.compute_scoreboard(
        partnership=cast.partnership, today=today, members=True
    ).figure("strategy_actions")
    progress = strategy_queries.get_roadmap_progress(strategy=actions[0].strategy, until=today)
    assert (progress.done, progress.planned) == (1, 2)  # the dropped one is not planned
    assert members.value == progress.percent == 50.0
    assert members.breakdown == {"done": 1.0, "planned": 2.0}
    assert members.breakdowns["status"] == {"done": 1.0, "planned": 1.0}
    # a period counts by its last day: by 2027-Q2 only the one done then is due
    quarter = queries.compute_scoreboard(
        partnership=cast.partnership, today=today, period="2027-Q2", members=True
    ).figure("strategy_actions")
    assert (quarter.value, quarter.breakdown) == (100.0, {"done": 1.0, "planned": 1.0})
    assert len(quarter.rows) == 3
    # today: the number the strategy page shows is the scoreboard's
    client.login(username=cast.coordinator.email, password=PASSWORD)
    page = client.get(reverse("strategy:overview", args=[cast.partnership.slug])).content.decode()
    summary = re.search(r'id="progress-summary"><strong>(.*?)</strong>', page, re.S)
    assert summary
    done, planned = re.findall(r"\d+", summary.group(1))[0:2]
    now = queries.compute_scoreboard(
        partnership=cast.partnership, today=timezone.localdate(), members=True
    ).figure("strategy_actions")
    assert now.value == float(page_value(page, "progress-percent"))
    assert now.breakdown == {"done": float(done), "planned": float(planned)}
    public = queries.compute_scoreboard(partnership=cast.partnership, today=today)
    assert "strategy_actions" not in {figure.indicator.key for figure in public.figures}


def test_a_breakdown_csv_never_writes_a_typed_name_as_a_formula(cast, client: Client) -> None:
    """A partner cluster's name is text its managers typed: in the breakdown's CSV a name a
    spreadsheet would read as a formula gets a leading apostrophe (issue 11)."""
    cast.other_cluster.name = '=HYPERLINK("http://evil.example","Click")'
    cast.other_cluster.save()
    url = reverse(
        "monitoring:breakdown_csv", args=[cast.partnership.slug, "organisations", "partner cluster"]
    )
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    names = [row[0] for row in rows[1:]]
    assert "'" + cast.other_cluster.name in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)


def test_the_scoreboard_reads_in_the_viewers_language(cast, client: Client) -> None:
    """Indicator names, definitions, breakdown dimensions and categories in German on the page
    and in the API; the data keeps its codes (the CSV's IT, the API's keys)."""
    italy = make_country("IT", "ITA", "Italy")
    sme = make_organisation("Counted SME", OrganisationKind.SME, italy, size="small")
    ClusterMembership.objects.create(cluster=cast.other_cluster, member=sme)
    hub = make_organisation("Hub", OrganisationKind.INNOVATION_HUB, italy)
    ClusterMembership.objects.create(cluster=cast.other_cluster, member=hub)
    page = client.get(
        "/de" + reverse("monitoring:scoreboard", args=[cast.partnership.slug])
    ).content.decode()
    assert "Beteiligte Organisationen" in page  # "Organisations involved"
    assert "Beteiligte KMU nach Land" in page  # "SMEs involved by country"
    countries = re.search(
        r'data-testid="breakdown-organisations-country">(.*?)</table>', page, re.S
    )
    assert countries, "the country breakdown's table"
    assert "<td>Italien</td>" in countries.group(1)  # CLDR's German name, not the code
    table = re.search(r'data-testid="breakdown-organisations-type">(.*?)</table>', page, re.S)
    assert table, "the type breakdown's table"
    assert "innovation_hub" not in table.group(1)
    assert "KMU" in table.group(1)
    assert "Organisations involved" not in page
    assert " by quarter" not in page
    assert " by month" not in page
    german = client.get(
        f"/api/v1/monitoring/{cast.partnership.slug}/scoreboard",
        headers={"Accept-Language": "de"},
    ).json()
    smes = next(f for f in german["figures"] if f["indicator"]["key"] == "smes")
    assert smes["indicator"]["label"] == "Beteiligte KMU"
    assert "IT" in smes["breakdowns"]["country"]  # codes stay codes in the data
