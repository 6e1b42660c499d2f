"""The collaboration network: the platform's ties as engine input, the JSON for the map, the
page with its table view and suggestions, and who may see them."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from crosscluster.accounts.services import create_api_token
from crosscluster.brokerage.models import Agreement, B2BSession
from crosscluster.brokerage.tests.factories import make_session
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.directory.models import ClusterMembership, DataSource, OrganisationKind
from crosscluster.engines.network.model import TieKind
from crosscluster.imports.models import CordisParticipation, CordisProject
from crosscluster.monitoring import adapters, jobs, queries, services
from crosscluster.monitoring.api import NetworkOut
from crosscluster.monitoring.models import NetworkSnapshot, NetworkTie
from crosscluster.monitoring.tasks import compute_network_task
from tests.cast import PASSWORD, make_country, make_organisation

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
# Project 641543 of the shipped CORDIS extract had exactly these three participants (PICs).
PROJECT, PICS = "641543", ("928030235", "962058223", "999513124")


def sign(cast, partners, title: str = "Joint pilot") -> Agreement:  # type: ignore[no-untyped-def]
    session = B2BSession.objects.first() or make_session(cast)
    agreement = Agreement.objects.create(
        session=session,
        kind="technical",
        title=title,
        signed_date=dt.date(2026, 3, 4),
        recorded_at=NOW,
    )
    agreement.partners.set(partners)
    return agreement


def test_the_cordis_extract_holds_the_project_used_below() -> None:
    projects = {p.project_id: p for p in adapters.read_cordis_projects(settings.DATA_DIR)}
    assert projects[PROJECT].pics == PICS
    assert projects[PROJECT].year == 2014


def test_meeting_held_only_once_its_event_has_ended_in_its_own_time() -> None:
    # An event in Rome ending at 10:00 local (09:00 UTC) on 3 March: held at 09:30 UTC that day,
    # not held at 08:30 UTC (the old rule compared with midnight UTC of "today").
    end = dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)
    row = {
        "scheduled": True,
        "session__event__end_at": end,
        "session__event__title": "Milan",
        "requester__organisation_id": 1,
        "recipient__organisation_id": 2,
    }
    assert adapters.is_held(row, dt.datetime(2026, 3, 3, 9, 30, tzinfo=dt.UTC))
    assert not adapters.is_held(row, dt.datetime(2026, 3, 3, 8, 30, tzinfo=dt.UTC))
    assert not adapters.is_held({**row, "scheduled": False}, end + dt.timedelta(days=1))
    ties = adapters.meeting_ties([row], dt.datetime(2026, 3, 4, tzinfo=dt.UTC))
    assert [(t.source, t.target, t.kind, t.reason) for t in ties] == [
        ("1", "2", TieKind.MEETING, "B2B meeting held at Milan")
    ]


def test_matches_and_interests_become_ties_only_when_useful_or_accepted() -> None:
    when = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)
    matches = [
        {
            "opportunity_id": 7,
            "opportunity__owner_id": 1,
            "provider_organisation_id": 2,
            "computed_at": when,
            "judged_useful": 1,
        },
        {
            "opportunity_id": 7,
            "opportunity__owner_id": 1,
            "provider_organisation_id": 3,
            "computed_at": when,
            "judged_useful": 0,
        },
    ]
    interests = [
        {
            "opportunity_id": 7,
            "opportunity__owner_id": 1,
            "organisation_id": 4,
            "status": "accepted",
            "created_at": when,
        },
        {
            "opportunity_id": 7,
            "opportunity__owner_id": 1,
            "organisation_id": 5,
            "status": "pending",
            "created_at": when,
        },
    ]
    titles = {7: "Vision inspection"}
    assert [(t.target, t.year, t.reason) for t in adapters.match_ties(matches, titles)] == [
        ("2", 2025, "match judged useful for “Vision inspection”")
    ]
    assert [t.target for t in adapters.conversation_ties(interests, titles)] == ["4"]


def test_network_from_agreements_and_cordis_projects(cast) -> None:
    italy = make_country("IT", "ITA", "Italy")
    cordis = [
        make_organisation(
            f"CORDIS org {pic}",
            OrganisationKind.RESEARCH,
            italy,
            source=DataSource.CORDIS,
            source_reference=pic,
        )
        for pic in PICS
    ]
    ClusterMembership.objects.create(cluster=cast.other_cluster, member=cordis[0])
    sign(cast, [cast.sme, cast.other_cluster])

    view = queries.get_network(partnership=cast.partnership, now=NOW)

    ties = {(t.kind.value, frozenset((t.source, t.target))) for t in view.network.ties}
    pk = lambda organisation: str(organisation.pk)  # noqa: E731
    assert ("agreement", frozenset((pk(cast.sme), pk(cast.other_cluster)))) in ties
    # the member of a partner cluster is tied to its two CORDIS partners (outside the
    # partnership); the pair of outsiders is not a tie of this partnership
    assert {
        frozenset((t.source, t.target))
        for t in view.network.ties
        if f"CORDIS {PROJECT}," in t.reason
    } == {frozenset((pk(cordis[0]), pk(cordis[1]))), frozenset((pk(cordis[0]), pk(cordis[2])))}
    assert ("project", frozenset((pk(cordis[1]), pk(cordis[2])))) not in ties
    # (the three also shared other projects of the extract; every project tie has one end in
    # the partnership)
    member = pk(cordis[0])
    assert all(
        member in (t.source, t.target) for t in view.network.ties if t.kind == TieKind.PROJECT
    )
    classes = {
        t.kind.value: c.value
        for t, c in zip(view.network.ties, view.analysis.tie_classes, strict=True)
    }
    assert classes["agreement"] == "inside-outside"  # an SME of one cluster, the other cluster
    assert classes["project"] == "outside"
    # FR SME - DE cluster crosses a border; the Italian project ties do not
    assert view.analysis.cross_border.part == 1
    assert view.analysis.cross_border.total == len(view.network.ties)


def make_cordis_organisation(pic: str, country):  # type: ignore[no-untyped-def]
    """A research organisation imported from CORDIS, known by its PIC."""
    return make_organisation(
        f"CORDIS org {pic}",
        OrganisationKind.RESEARCH,
        country,
        source=DataSource.CORDIS,
        source_reference=pic,
    )


def test_projects_of_an_imported_cordis_export_are_ties(cast) -> None:  # type: ignore[no-untyped-def]
    """Participations imported from a CORDIS organisation export (imports app) tie their
    organisations like the shipped extract's projects: a project only imported (any year), and
    one of the extract gaining an imported participant."""
    italy = make_country("IT", "ITA", "Italy")

    def cordis_organisation(pic: str, country=italy):  # type: ignore[no-untyped-def]
        return make_cordis_organisation(pic, country)

    member, colleague, outsider = (
        cordis_organisation("900000001", cast.cluster.country),
        cordis_organisation("900000002", cast.cluster.country),
        cordis_organisation("900000003"),
    )
    extract_member = cordis_organisation(PICS[0])
    for organisation in (member, colleague):
        ClusterMembership.objects.create(cluster=cast.cluster, member=organisation)
    ClusterMembership.objects.create(cluster=cast.other_cluster, member=extract_member)
    newcomer = cordis_organisation("900000004")
    CordisParticipation.objects.bulk_create(
        CordisParticipation(project_id=project, project_acronym=acronym, pic=pic, imported_at=NOW)
        for project, acronym, pic in (
            ("101070001", "NEWPROJ", "900000001"),
            ("101070001", "NEWPROJ", "900000002"),
            ("101070001", "NEWPROJ", "900000003"),
            ("101070002", "ALONE", "900000001"),  # nobody else: no tie
            (PROJECT, "", "900000004"),  # joins a project of the shipped extract
        )
    )
    view = queries.get_network(partnership=cast.partnership, now=NOW)
    pk = lambda organisation: str(organisation.pk)  # noqa: E731
    imported = {
        frozenset((t.source, t.target)): (t.reason, t.year, tie_class.value)
        for t, tie_class in zip(view.network.ties, view.analysis.tie_classes, strict=True)
        if "CORDIS 101070001," in t.reason
    }
    reason = "joint EU project NEWPROJ (CORDIS 101070001, from an imported CORDIS export)"
    assert imported == {
        frozenset((pk(member), pk(colleague))): (reason, None, "inside-inside"),
        frozenset((pk(member), pk(outsider))): (reason, None, "outside"),
        frozenset((pk(colleague), pk(outsider))): (reason, None, "outside"),
    }
    assert not any("CORDIS 101070002," in t.reason for t in view.network.ties)
    extract = {
        frozenset((t.source, t.target))
        for t in view.network.ties
        if f"CORDIS {PROJECT}," in t.reason
    }
    assert frozenset((pk(extract_member), pk(newcomer))) in extract
    assert all(t.kind == TieKind.PROJECT for t in view.network.ties if "CORDIS" in t.reason)


def test_an_imported_projects_file_dates_the_imported_projects_ties(cast) -> None:  # type: ignore[no-untyped-def]
    """A project known from an organisation export gets its start year (and acronym) from an
    imported CORDIS projects file; the shipped extract's own year stays."""
    italy = make_country("IT", "ITA", "Italy")
    first, second, third = (
        make_cordis_organisation(pic, italy) for pic in ("900000011", "900000012", PICS[0])
    )
    ClusterMembership.objects.create(cluster=cast.cluster, member=first)
    CordisParticipation.objects.bulk_create(
        CordisParticipation(project_id=project, project_acronym=acronym, pic=pic, imported_at=NOW)
        for project, acronym, pic in (
            ("645119", "", "900000011"),  # the organisation export left the acronym out
            ("645119", "", "900000012"),
            ("101070003", "UNDATED", "900000011"),
            ("101070003", "UNDATED", "900000012"),
            (PROJECT, "", "900000011"),  # joins a project of the shipped extract
        )
    )
    for project_id, acronym, start in (("645119", "TAPPS", 2015), (PROJECT, "OTHER", 2019)):
        CordisProject.objects.create(
            project_id=project_id,
            acronym=acronym,
            title="",
            start_date=dt.date(start, 1, 1),
            imported_at=NOW,
        )
    view = queries.get_network(partnership=cast.partnership, now=NOW)
    pair = frozenset((str(first.pk), str(second.pk)))
    found = {
        (t.reason, t.year) for t in view.network.ties if frozenset((t.source, t.target)) == pair
    }
    assert found == {
        ("joint EU project TAPPS (CORDIS 645119, started 2015)", 2015),
        ("joint EU project UNDATED (CORDIS 101070003, from an imported CORDIS export)", None),
    }
    shipped = {
        t.year
        for t in view.network.ties
        if f"CORDIS {PROJECT}," in t.reason and str(third.pk) in (t.source, t.target)
    }
    assert shipped == {2014}  # the extract's year, not the file's


def compute(partnership) -> None:  # type: ignore[no-untyped-def]
    """What the worker does: run the queued computation of the partnership's network."""
    services.request_network(partnership=partnership, now=timezone.now())
    run_queued_tasks()


def network_json(client: Client, slug: str) -> dict:  # type: ignore[type-arg]
    response = client.get(f"/api/v1/monitoring/{slug}/network", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    return json.loads(gzip.decompress(response.content))


def test_network_is_computed_in_the_background_then_served_compact(cast, client: Client) -> None:
    sign(cast, [cast.sme, cast.other_cluster, cast.cluster])
    url = f"/api/v1/monitoring/{cast.partnership.slug}/network"
    pending = client.get(url)
    assert pending.status_code == 202
    assert pending.json()["status"] == "queued"
    assert client.get(url).json()["status"] == "queued"  # asking again queues nothing more
    assert DBTaskResult.objects.filter(task_path=compute_network_task.module_path).count() == 1
    assert run_queued_tasks() == 1

    body = network_json(client, cast.partnership.slug)
    NetworkOut.model_validate(body)  # the documented shape
    assert body["summary"]["ties"] == 3
    assert body["summary"]["by_kind"] == {"agreement": 3}
    assert body["summary"]["by_class"]["inside-inside"] == 1  # the SME and its own cluster
    nodes = body["nodes"]
    at = {node_id: index for index, node_id in enumerate(nodes["id"])}
    assert nodes["partner"][at[str(cast.cluster.pk)]] is True
    assert nodes["clusters"][at[str(cast.sme.pk)]] == [str(cast.cluster.pk)]
    assert all(isinstance(x, float) for x in nodes["x"])
    ties = body["ties"]
    assert len(ties["source"]) == 3
    assert {body["kinds"][kind] for kind in ties["kind"]} == {"agreement"}
    ends = {
        frozenset((nodes["id"][source], nodes["id"][target]))
        for source, target in zip(ties["source"], ties["target"], strict=True)
    }
    assert frozenset((str(cast.sme.pk), str(cast.cluster.pk))) in ends
    assert {found["organisation_id"] for found in body["suggestions"]} == {
        str(cast.cluster.pk),
        str(cast.other_cluster.pk),
    }
    # without gzip the same JSON; with its ETag, 304
    plain = client.get(url)
    assert "Content-Encoding" not in plain
    assert plain.json() == body
    assert plain["ETag"] == f'"{body["version"]}"'
    assert client.get(url, headers={"if-none-match": plain["ETag"]}).status_code == 304
    # the reasons of one organisation's ties, for the map's click
    mine = client.get(f"{url}/ties", {"organisation": str(cast.sme.pk)}).json()
    assert mine["count"] == 2
    assert mine["ties"][0]["reason"] == "signed an agreement (Technical cooperation): “Joint pilot”"
    status = client.get(f"{url}/status").json()
    assert status["status"] == "done"
    assert (
        status["payload_bytes"] == len(gzip.compress(plain.content)) or status["payload_bytes"] > 0
    )


def test_an_unchanged_network_is_not_analysed_again_and_a_change_is(cast, settings) -> None:
    sign(cast, [cast.sme, cast.other_cluster])
    compute(cast.partnership)
    first = NetworkSnapshot.objects.get(partnership=cast.partnership)
    later = timezone.now() + dt.timedelta(seconds=settings.NETWORK_MAX_AGE + 1)
    # within the limit nothing is queued; past it, a check that finds the same input
    services.request_network(partnership=cast.partnership, now=timezone.now())
    assert run_queued_tasks() == 0
    services.request_network(partnership=cast.partnership, now=later)
    assert jobs.compute_network(partnership_id=cast.partnership.pk, now=later) == "unchanged"
    same = NetworkSnapshot.objects.get(partnership=cast.partnership)
    assert (same.version, same.computed_at, same.checked_at) == (
        first.version,
        first.computed_at,
        later,
    )
    # a coordinator's "compute again" after a new agreement: a new version with the new tie
    sign(cast, [cast.sme, cast.cluster], "Second")
    services.refresh_network(user=cast.coordinator, partnership=cast.partnership, now=later)
    assert jobs.compute_network(partnership_id=cast.partnership.pk, now=later) == "computed"
    changed = NetworkSnapshot.objects.get(partnership=cast.partnership)
    assert changed.version != first.version
    assert changed.summary["ties"] == 2
    assert NetworkTie.objects.filter(snapshot=changed).count() == 2
    # nothing queued: nothing to do
    assert jobs.compute_network(partnership_id=cast.partnership.pk, now=later) == "skipped"


def test_a_failed_computation_keeps_the_served_network(cast, monkeypatch) -> None:
    sign(cast, [cast.sme, cast.other_cluster])
    compute(cast.partnership)
    before = queries.get_network_payload(partnership=cast.partnership)

    def broken(read):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    sign(cast, [cast.sme, cast.cluster], "Second")
    monkeypatch.setattr(queries, "analyse_network", broken)
    services.refresh_network(user=cast.coordinator, partnership=cast.partnership, now=NOW)
    assert jobs.compute_network(partnership_id=cast.partnership.pk, now=NOW) == "failed"
    snapshot = NetworkSnapshot.objects.get(partnership=cast.partnership)
    assert snapshot.status == "failed"
    assert "disk full" not in snapshot.error
    assert "reference" in snapshot.error
    assert queries.get_network_payload(partnership=cast.partnership) == before


def test_suggestions_name_the_partners_a_candidate_worked_with(cast, client: Client) -> None:
    lab = make_organisation("Lab Beyond", OrganisationKind.RESEARCH)
    sign(cast, [cast.sme, cast.other_cluster], "First")
    sign(cast, [cast.sme, lab], "Second")
    compute(cast.partnership)
    body = network_json(client, cast.partnership.slug)
    other = next(
        found
        for found in body["suggestions"]
        if found["organisation_id"] == str(cast.other_cluster.pk)
    )
    assert other["suggestions"][0]["organisation_id"] == str(lab.pk)
    assert other["suggestions"][0]["reasons"][0] == (
        "has worked with 1 of your partners: Vision Systems SME"
    )
    html = client.get(reverse("monitoring:network", args=[cast.partnership.slug])).content
    assert "has worked with 1 of your partners: Vision Systems SME" in html.decode()


def test_table_view_searches_filters_and_pages(cast, client: Client) -> None:
    sign(cast, [cast.sme, cast.other_cluster])
    url = reverse("monitoring:network", args=[cast.partnership.slug])
    waiting = client.get(url).content.decode()
    assert "The network is being computed." in waiting
    assert 'data-network-ready="false"' in waiting
    run_queued_tasks()
    html = client.get(url, {"q": "vision"}).content.decode()
    assert 'data-network-ready="true"' in html
    table = html.split('data-testid="ties"', 1)[1]
    assert "Vision Systems SME" in table
    assert "Baltic Test Cluster" in table
    assert "signed an agreement (Technical cooperation): “Joint pilot”" in table
    assert "1 tie (page 1 of 1)" in table
    none = client.get(url, {"q": "nobody", "kind": "bogus", "page": "x"}).content.decode()
    assert "No tie matches." in none
    only_projects = client.get(url, {"kind": "project"}).content.decode()
    assert "No tie matches." in only_projects
    assert client.get(url, {"country": "US"}).content.decode().count("No tie matches.") == 1
    # the page obeys the CSP: no inline script or style
    main = html.split("<main", 1)[-1]
    assert "style=" not in main
    assert "<script>" not in html
    assert "crosscluster/network.js" in html
    assert "vendor/sigma/sigma.min.js" in html
    api = client.get(
        f"/api/v1/monitoring/{cast.partnership.slug}/network/ties", {"search": "BALTIC"}
    ).json()
    assert api["count"] == 1
    assert api["ties"][0]["kind"] == "agreement"
    bad = client.get(f"/api/v1/monitoring/{cast.partnership.slug}/network/ties", {"kind": "x"})
    assert bad.status_code == 400
    assert "kind: choose one of project, match" in bad.content.decode()


def test_ties_are_paginated_fifty_a_page(cast) -> None:
    assert queries.page_ties(snapshot=None, page=3).pages == 1  # nothing stored: one empty page
    many = [make_organisation(f"Signatory {i}") for i in range(11)]
    sign(cast, many)  # 11 signatories: 55 pairs
    compute(cast.partnership)
    snapshot = queries.get_network_snapshot(partnership=cast.partnership)
    first = queries.page_ties(snapshot=snapshot, page=1)
    last = queries.page_ties(snapshot=snapshot, page=9)
    assert (first.count, first.pages, len(first.rows)) == (55, 2, 50)
    assert (last.page, len(last.rows)) == (2, 5)


@pytest.mark.parametrize(
    "who",
    ["anonymous", "outsider", "sme_member", "cluster_manager", "coordinator", "administrator"],
)
def test_only_coordinators_ask_for_a_recomputation(cast, client: Client, who: str) -> None:
    compute(cast.partnership)
    slug = cast.partnership.slug
    if who != "anonymous":
        client.login(email=getattr(cast, who).email, password=PASSWORD)
    client.post(reverse("monitoring:refresh_network", args=[slug]))
    queued = NetworkSnapshot.objects.get(partnership=cast.partnership).status == "queued"
    # administrators act as coordinators everywhere (partnerships.queries.get_standing)
    may = who in {"coordinator", "administrator"}
    assert queued == may
    if who == "anonymous":
        assert client.post(f"/api/v1/monitoring/{slug}/network/refresh").status_code == 401
        return
    token = create_api_token(user=getattr(cast, who), name="network").key
    answer = client.post(
        f"/api/v1/monitoring/{slug}/network/refresh",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == (202 if may else 403)
    if may:
        assert answer.json()["status"] == "queued"


ROLES = ["anonymous", "outsider", "sme_member", "cluster_manager", "coordinator", "administrator"]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("public", [True, False])
def test_who_sees_the_network_and_the_scoreboard(
    cast, client: Client, who: str, public: bool
) -> None:
    cast.partnership.is_public = public
    cast.partnership.save()
    compute(cast.partnership)
    if who != "anonymous":
        client.login(email=getattr(cast, who).email, password=PASSWORD)
    slug = cast.partnership.slug
    # a partnership that is not public (not yet approved, or withdrawn) is seen only by its
    # coordinators and by administrators, as its own page (partnerships.queries.list_partnerships)
    sees = public or who in {"coordinator", "administrator"}
    expected = 200 if sees else 404
    for url in (
        reverse("monitoring:scoreboard", args=[slug]),
        reverse("monitoring:network", args=[slug]),
        f"/api/v1/monitoring/{slug}/network",
        f"/api/v1/monitoring/{slug}/network/status",
        f"/api/v1/monitoring/{slug}/network/ties",
        f"/api/v1/monitoring/{slug}/scoreboard",
    ):
        assert client.get(url).status_code == expected, (url, who, public)


def test_unknown_partnership_is_404(client: Client) -> None:
    assert client.get(reverse("monitoring:network", args=["no-such"])).status_code == 404
    assert client.get("/api/v1/monitoring/no-such/network").status_code == 404


def test_saving_a_target_returns_to_the_scoreboard_of_its_period(cast, client: Client) -> None:
    client.login(email=cast.coordinator.email, password=PASSWORD)
    response = client.post(
        reverse("monitoring:set_target", args=[cast.partnership.slug]),
        {"indicator": "partners", "period": "2026-Q2", "value": "5"},
    )
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("monitoring:scoreboard", args=[cast.partnership.slug]) + "?period=2026-Q2"
    )


def test_another_partnerships_coordinator_may_not_recompute_this_one(cast, client: Client) -> None:
    from crosscluster.content.tests.helpers import make_other_partnership

    _, stranger = make_other_partnership(cast)
    compute(cast.partnership)
    token = create_api_token(user=stranger, name="network").key
    slug = cast.partnership.slug
    answer = client.post(
        f"/api/v1/monitoring/{slug}/network/refresh",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 403
    assert "coordinators" in answer.json()["detail"]
    assert NetworkSnapshot.objects.get(partnership=cast.partnership).status == "done"
