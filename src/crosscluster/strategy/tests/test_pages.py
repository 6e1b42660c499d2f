"""The JIS pages: what they show, and editing without JavaScript (and with htmx)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.strategy import services
from crosscluster.strategy.models import (
    Comment,
    Initiative,
    JointOffering,
    MarketJudgement,
    PriorityMarket,
    Strategy,
)
from crosscluster.strategy.tests.helpers import DISCLAIMER, NOW, adopt, build_jis, make_tags
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Client, user) -> Client:  # type: ignore[no-untyped-def]
    client.login(email=user.email, password=PASSWORD)
    return client


def url(name: str, cast, *args: object) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"strategy:{name}", args=[cast.partnership.slug, *args])


def test_overview_shows_every_section_for_the_coordinator(
    cast, client: Client, django_assert_max_num_queries
) -> None:
    build_jis(cast)
    login(client, cast.coordinator)
    with django_assert_max_num_queries(30):
        response = client.get(url("overview", cast))
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Vision and objectives",
        "Technology domains",
        "Joint products and services",
        "Joint commercialisation initiatives",
        "Internationalisation initiatives for clusters and their SMEs",
        "Priority markets",
        "Support mechanisms by regional governments",
        "Roadmap of actions",
        "Version history",
    ):
        assert f">{heading}</h2>" in html, heading
    assert '<span class="badge state-draft">Draft</span>' in html
    assert "Smart factory retrofit kit 1" in html
    assert "South Korea" in html
    assert "Trade mission 3" in html
    assert "Internationalisation vouchers 1" in html
    assert 'name="to" value="in_review"' in html
    assert url("section", cast, "roadmap") in html
    assert DISCLAIMER in html
    assert "Not adopted yet." in html


def test_query_count_does_not_grow_with_items(
    cast, client: Client, django_assert_max_num_queries
) -> None:
    build_jis(cast, offerings=8, initiatives=6, mechanisms=6, actions=12)
    login(client, cast.sme_member)
    with django_assert_max_num_queries(30):
        assert client.get(url("overview", cast)).status_code == 200


def test_the_public_sees_the_adopted_version_not_the_new_draft(cast, client: Client) -> None:
    build_jis(cast)
    assert client.get(url("overview", cast)).status_code == 404
    adopt(cast)
    services.move_strategy(user=cast.coordinator, partnership=cast.partnership, to="draft", now=NOW)
    services.save_initiative(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=services.InitiativeInput(kind="commercialisation", title="Secret new idea"),
    )
    html = client.get(url("overview", cast)).content.decode()
    assert "Version 1, adopted on 02/03/2020 by coordinator@example.eu" in html
    assert "Secret new idea" not in html
    assert "Comment or propose" not in html
    assert url("section", cast, "roadmap") not in html
    member = login(Client(), cast.sme_member).get(url("overview", cast)).content.decode()
    assert "Secret new idea" in member
    assert "Working copy" in member


def test_whether_the_partnership_page_should_link_to_the_strategy(cast) -> None:
    from crosscluster.partnerships.queries import Standing
    from crosscluster.strategy import queries

    public = Standing(is_coordinator=False, is_member=False)
    member = Standing(is_coordinator=False, is_member=True)
    assert queries.has_visible_strategy(partnership=cast.partnership, standing=member)
    assert not queries.has_visible_strategy(partnership=cast.partnership, standing=public)
    build_jis(cast, actions=1)
    adopt(cast)
    assert queries.has_visible_strategy(partnership=cast.partnership, standing=public)


def test_adding_an_item_without_javascript_and_with_htmx(cast, client: Client) -> None:
    login(client, cast.coordinator)
    section = url("section", cast, "commercialisation")
    assert client.get(section).status_code == 200
    response = client.post(
        section,
        {"title": "Joint stand at Hannover Messe", "target_group": "smes", "description": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == section
    response = client.post(
        section,
        {"title": "Shared catalogue", "target_group": "both", "description": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert not html.lstrip().startswith("<!doctype")
    assert html.lstrip().startswith('<div id="section-body">')
    assert "Joint stand at Hannover Messe" in html
    assert "Shared catalogue" in html
    assert list(Initiative.objects.values_list("kind", "title")) == [
        ("commercialisation", "Joint stand at Hannover Messe"),
        ("commercialisation", "Shared catalogue"),
    ]


def test_bad_input_on_a_section_page_names_the_field_and_writes_nothing(
    cast, client: Client
) -> None:
    login(client, cast.coordinator)
    rows = {"kpis-TOTAL_FORMS": "3", "kpis-INITIAL_FORMS": "0"}
    rows |= {"kpis-0-name": "SMEs trained", "kpis-0-target": "forty", "kpis-0-unit": "SMEs"}
    rows |= {"kpis-1-name": "", "kpis-1-target": "", "kpis-1-unit": ""}  # empty: no KPI
    rows |= {"kpis-2-name": "", "kpis-2-target": "12", "kpis-2-unit": "fairs"}
    action = {"title": "Mission", "owner": str(cast.cluster.pk), "start_date": "2020-05-01"}
    response = client.post(url("section", cast, "roadmap"), {**action, **rows})
    assert response.status_code == 200
    html = response.content.decode()
    # each problem beside its row, named by the row's number
    assert "KPI 1: the target must be a number, e.g. 40 or 12.5 (got &#x27;forty&#x27;)." in html
    assert "KPI 3: give its name." in html
    assert 'value="forty"' in html  # the rows as typed
    rows |= {"kpis-0-target": "40", "kpis-2-name": "Trade fairs"}
    response = client.post(
        url("section", cast, "roadmap"), {**action, **rows, "end_date": "2020-04-01"}
    )
    html = response.content.decode()
    assert "The action must end on or after its start (2020-05-01)." in html
    assert not Strategy.objects.exists()


def test_editing_and_removing_an_item(cast, client: Client) -> None:
    build_jis(cast, actions=0)
    offering = JointOffering.objects.order_by("pk").first()
    login(client, cast.coordinator)
    edit = url("item_edit", cast, "offerings", offering.pk)
    html = client.get(edit).content.decode()
    assert 'value="Smart factory retrofit kit 1"' in html
    assert "Predictive maintenance software</textarea>" in html
    response = client.post(
        edit,
        {
            "title": "Retrofit kit",
            "kind": "product",
            "description": "",
            f"contribution_{cast.cluster.pk}": "Cameras",
        },
    )
    assert response.status_code == 302
    offering.refresh_from_db()
    assert offering.title == "Retrofit kit"
    assert list(offering.contributions.values_list("contribution", flat=True)) == ["Cameras"]
    delete = url("item_delete", cast, "offerings", offering.pk)
    assert "Remove Retrofit kit?" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not JointOffering.objects.filter(pk=offering.pk).exists()


def test_the_workflow_from_the_overview(cast, client: Client) -> None:
    login(client, cast.coordinator)
    response = client.post(url("move", cast), {"to": "in_review", "note": ""}, follow=True)
    assert "The strategy is in review now." in response.content.decode()
    html = client.post(url("move", cast), {"to": "adopted"}, follow=True).content.decode()
    assert "Add at least one technology domain before adopting the strategy." in html
    assert Strategy.objects.get().state == "in_review"
    client.post(url("move", cast), {"to": "draft"})
    build_jis(cast)
    client.post(url("move", cast), {"to": "in_review"})
    html = client.post(
        url("move", cast), {"to": "adopted", "note": "Steering committee"}, follow=True
    ).content.decode()
    assert "The strategy is adopted: version 1 is kept." in html
    assert "Steering committee" in html
    assert "Start a new revision (back to draft)" in html
    section = client.get(url("section", cast, "technologies")).content.decode()
    assert "The strategy is adopted: start a new revision" in section
    assert "<h2>Add</h2>" not in section


def test_version_and_compare_pages(cast, client: Client) -> None:
    build_jis(cast)
    adopt(cast)
    services.move_strategy(user=cast.coordinator, partnership=cast.partnership, to="draft", now=NOW)
    initiative = Initiative.objects.filter(kind="commercialisation").first()
    services.save_initiative(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=services.InitiativeInput(
            kind="commercialisation", title=initiative.title, description="Joint stands only."
        ),
        initiative=initiative,
    )
    services.remove_item(user=cast.coordinator, item=PriorityMarket.objects.get(rank=4))
    login(client, cast.sme_member)
    changes = client.get(url("changes", cast)).content.decode()
    assert "What changed from version 1 to the working copy" in changes
    assert (
        "Joint <del>stands, B2B missions and a shared catalogue.</del><ins>stands only.</ins>"
        in changes
    )
    assert re.search(r'class="change-removed">Removed</h3><ul><li>[^<]*Canada</li>', changes)
    adopt(cast, note="Second")
    client.logout()
    assert client.get(url("version", cast, 1)).status_code == 200
    compare = client.get(url("compare", cast, 2)).content.decode()
    assert "What changed from version 1 to version 2" in compare
    assert "0 added, 1 removed, 1 changed." in compare
    first = client.get(url("compare", cast, 1)).content.decode()
    assert "What changed from nothing (first adoption) to version 1" in first
    assert client.get(url("version", cast, 3)).status_code == 404


def test_comments_and_proposals_pages(cast, client: Client) -> None:
    build_jis(cast, actions=1)
    login(client, cast.cluster_manager)
    page = url("comments", cast)
    html = client.get(page, {"section": "markets"}).content.decode()
    assert '<option value="markets" selected>' in html
    response = client.post(
        page,
        {
            "section": "markets",
            "item_key": "market:KOR",
            "kind": "proposal",
            "body": "Replace Korea by Japan.",
        },
    )
    assert response.status_code == 302
    response = client.post(
        page, {"section": "roadmap", "item_key": "market:KOR", "kind": "comment", "body": "x"}
    )
    assert "is not an item of the section" in response.content.decode()
    proposal = Comment.objects.get()
    decide = url("decide", cast, proposal.pk)
    assert client.post(decide, {"decision": "accept"}).status_code == 403
    client.logout()
    login(client, cast.coordinator)
    html = client.get(page).content.decode()
    assert "Replace Korea by Japan." in html
    assert "Record the decision" in html
    html = client.post(
        decide, {"decision": "reject", "decision_note": ""}, follow=True
    ).content.decode()
    assert "Say why the proposal is rejected." in html
    client.post(decide, {"decision": "reject", "decision_note": "Korea scores higher."})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_note) == ("rejected", "Korea scores higher.")
    html = client.get(page).content.decode()
    assert "Record the decision" not in html
    assert "Korea scores higher." in html


def test_ranking_page_shows_table_chart_reasons_and_data(cast, client: Client) -> None:
    login(client, cast.sme_member)
    response = client.get(url("ranking", cast))
    assert response.status_code == 200
    html = response.content.decode()
    assert "133 countries ranked, 131 screened out." in html
    assert "<svg" in html
    assert 'role="img"' in html
    assert html.count("<tr>") >= 20
    assert '<th scope="row">South Korea</th>' in html
    assert "Korea, Rep." not in html  # one name for a country everywhere (issue 13)
    assert "What would change the top 4" in html
    assert "Closest challenger:" in html
    assert "World Bank, World Development Indicators" in html
    assert "Vintage: WDI update 2026-07-01" in html
    assert "in Europe (CEPII continent Europe)" in html  # a screened-out reason
    assert '<span class="badge provisional">missing</span>' in html
    assert 'name="market"' not in html  # members do not choose
    everywhere = client.get(url("ranking", cast), {"outside_europe": "0"}).content.decode()
    assert '<th scope="row">Switzerland</th>' in everywhere
    response = client.get(url("ranking", cast), {"weights": "ahp"})
    assert response.status_code == 400
    assert "No partner has entered market judgements yet" in response.content.decode()


def test_the_coordinator_chooses_markets_on_the_ranking_page(cast, client: Client) -> None:
    from crosscluster.strategy.tests.helpers import make_market_countries

    make_market_countries()
    login(client, cast.coordinator)
    html = client.get(url("ranking", cast)).content.decode()
    assert 'name="market" value="KOR"' in html
    response = client.post(
        url("choose_markets", cast),
        {
            "market": ["SGP", "KOR", "CAN", "ISR", "CHN"],
            "outside_europe": "1",
            "weights": "equal",
            "method": "wsm",
        },
        follow=True,
    )
    assert "Choose at most 4 priority markets (you chose 5)" in response.content.decode()
    assert not PriorityMarket.objects.exists()
    response = client.post(
        url("choose_markets", cast),
        {"market": ["SGP", "KOR"], "outside_europe": "1", "weights": "equal", "method": "wsm"},
    )
    assert response["Location"] == url("section", cast, "markets")
    assert list(
        PriorityMarket.objects.order_by("rank").values_list("country__iso3", flat=True)
    ) == [
        "KOR",
        "SGP",
    ]
    html = client.get(url("ranking", cast)).content.decode()
    assert 'value="KOR" id="choose-KOR" checked' in html
    edit = url("item_edit", cast, "markets", PriorityMarket.objects.get(rank=2).pk)
    client.post(edit, {"rank": "1", "rationale": "Hub for South-East Asia."})
    assert list(
        PriorityMarket.objects.order_by("rank").values_list("country__iso3", flat=True)
    ) == [
        "SGP",
        "KOR",
    ]


def test_judgement_pages(cast, client: Client) -> None:
    login(client, cast.cluster_manager)
    listing = client.get(url("judgements", cast)).content.decode()
    assert url("judgement_edit", cast, cast.other_cluster.pk) in listing
    assert url("judgement_edit", cast, cast.cluster.pk) not in listing
    edit = url("judgement_edit", cast, cast.other_cluster.pk)
    form = client.get(edit).content.decode()
    assert form.count("<select") == 10  # 5 criteria, 10 pairs
    data = {f"pair_{r}_{c}": "1" for r in range(5) for c in range(r + 1, 5)}
    data.update({"pair_0_1": "9", "pair_1_2": "9", "pair_0_2": "1/9"})  # contradictory
    html = client.post(edit, data, follow=True).content.decode()
    assert "Saved, with a warning: consistency ratio" in html
    assert "above 0.1" in html
    judgement = MarketJudgement.objects.get()
    assert judgement.organisation == cast.other_cluster
    assert judgement.entered_by == cast.cluster_manager
    assert judgement.matrix[1][0] == pytest.approx(1 / 9)
    again = client.get(edit).content.decode()
    assert '<option value="1/9" selected>' in again


def test_edit_header_page(cast, client: Client) -> None:
    make_tags()
    login(client, cast.coordinator)
    page = url("edit", cast)
    assert 'value="Joint Internationalisation Strategy"' in client.get(page).content.decode()
    response = client.post(
        page,
        {
            "title": "JIS 2020",
            "summary": "Vision",
            "period_start_date": "2021-01-01",
            "period_end_date": "2020-01-01",
        },
    )
    assert "The period must end on or after its start (2021-01-01)." in response.content.decode()
    assert not Strategy.objects.exists()
    assert client.post(page, {"title": "JIS 2020", "summary": "Vision"}).status_code == 302
    assert Strategy.objects.get().title == "JIS 2020"
