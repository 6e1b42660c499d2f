"""Writes: each service's rules, errors that name the field and the fix, nothing half-written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crosscluster.strategy import adapters, queries, services
from crosscluster.strategy.models import (
    Comment,
    JointOffering,
    Kpi,
    MarketJudgement,
    PriorityMarket,
    RoadmapAction,
    Strategy,
    StrategyVersion,
    SupportMechanism,
    TechnologyDomain,
)
from crosscluster.strategy.tests.helpers import (
    NOW,
    adopt,
    build_jis,
    equal_ranking,
    make_market_countries,
    make_tags,
)

pytestmark = pytest.mark.django_db


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def action_input(cast, **changes) -> services.ActionInput:  # type: ignore[no-untyped-def]
    fields = {
        "title": "Trade mission to Seoul",
        "owner_id": cast.cluster.pk,
        "start_date": dt.date(2020, 4, 1),
        "end_date": dt.date(2020, 4, 30),
        "budget_line": "Travel",
        "budget_eur": "12000",
        "kpis": [services.KpiInput(name="SMEs", target="10", unit="SMEs")],
    }
    fields.update(changes)
    return services.ActionInput(**fields)


# ---------------------------------------------------------------- header and simple sections


def test_header_errors_name_the_fields_and_nothing_is_written(cast) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.update_strategy(
            user=cast.coordinator,
            partnership=cast.partnership,
            header=services.StrategyHeader(
                title=" ",
                summary="x",
                period_start_date=dt.date(2021, 1, 1),
                period_end_date=dt.date(2020, 1, 1),
            ),
        )
    assert errors_of(excinfo) == {
        "title": ["Give the strategy a title."],
        "period_end_date": ["The period must end on or after its start (2021-01-01)."],
    }
    assert not Strategy.objects.exists()


@pytest.mark.parametrize("who", ["cluster_manager", "sme_member", "outsider"])
def test_only_coordinators_write(cast, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.update_strategy(
            user=getattr(cast, who),
            partnership=cast.partnership,
            header=services.StrategyHeader(title="Mine"),
        )
    assert not Strategy.objects.exists()


def test_administrators_write_like_coordinators(cast) -> None:
    strategy = services.update_strategy(
        user=cast.administrator,
        partnership=cast.partnership,
        header=services.StrategyHeader(title="JIS by the administrator"),
    )
    assert strategy.title == "JIS by the administrator"


def test_technology_domains_are_edih_technologies_once_each(cast) -> None:
    tags = make_tags()
    add = services.TechnologyDomainInput
    services.save_technology_domain(
        user=cast.coordinator, partnership=cast.partnership, data=add(tag=tags[0].slug)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.save_technology_domain(
            user=cast.coordinator, partnership=cast.partnership, data=add(tag=tags[0].slug)
        )
    assert errors_of(excinfo) == {
        "tag": [
            "Artificial Intelligence & Decision support is already a technology domain of this strategy."
        ]
    }
    with pytest.raises(ValidationError) as excinfo:
        services.save_technology_domain(
            user=cast.coordinator, partnership=cast.partnership, data=add(tag="automotive")
        )
    assert "choose a technology of the EDIH taxonomy" in errors_of(excinfo)["tag"][0]
    assert TechnologyDomain.objects.count() == 1


def test_offering_contributions_come_from_partners_only(cast) -> None:
    data = services.OfferingInput(
        kind="product",
        title="Retrofit kit",
        contributions={cast.cluster.pk: "Cameras", cast.other_sme.pk: "Not a partner"},
    )
    with pytest.raises(ValidationError) as excinfo:
        services.save_offering(user=cast.coordinator, partnership=cast.partnership, data=data)
    assert errors_of(excinfo)["contributions"][0].startswith(
        f"Organisation {cast.other_sme.pk} is not a partner of this partnership"
    )
    assert not JointOffering.objects.exists()
    offering = services.save_offering(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=services.OfferingInput(
            kind="product",
            title="Retrofit kit",
            contributions={cast.cluster.pk: "Cameras", cast.other_cluster.pk: "  "},
        ),
    )
    assert list(offering.contributions.values_list("organisation_id", "contribution")) == [
        (cast.cluster.pk, "Cameras")
    ]
    services.save_offering(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=services.OfferingInput(
            kind="service", title="Retrofit service", contributions={cast.other_cluster.pk: "AI"}
        ),
        offering=offering,
    )
    assert list(offering.contributions.values_list("organisation_id", flat=True)) == [
        cast.other_cluster.pk
    ]


def test_initiative_bad_choices_name_the_fields(cast) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.save_initiative(
            user=cast.coordinator,
            partnership=cast.partnership,
            data=services.InitiativeInput(kind="sales", title="", target_group="everyone"),
        )
    assert errors_of(excinfo) == {
        "title": ["Name the initiative."],
        "kind": ["Choose one of: commercialisation, internationalisation."],
        "target_group": ["Choose one of: clusters, smes, both."],
    }


def test_support_mechanism_needs_a_place_that_exists(cast) -> None:
    make_market_countries()
    data = services.SupportMechanismInput(kind="funding", mechanism="Vouchers")
    with pytest.raises(ValidationError) as excinfo:
        services.save_support_mechanism(
            user=cast.coordinator, partnership=cast.partnership, data=data
        )
    assert errors_of(excinfo) == {
        "region": ["Say where: give the NUTS region, the authority's name, or its directory slug."]
    }
    with pytest.raises(ValidationError) as excinfo:
        services.save_support_mechanism(
            user=cast.coordinator,
            partnership=cast.partnership,
            data=services.SupportMechanismInput(
                kind="funding", mechanism="Vouchers", region_code="zz99", organisation_slug="nobody"
            ),
        )
    problems = errors_of(excinfo)
    assert problems["region"] == [
        "Unknown NUTS region 'ZZ99': give a NUTS 2024 code such as ES51 or FR10."
    ]
    assert problems["organisation"][0].startswith("No organisation 'nobody' in the directory")
    assert not SupportMechanism.objects.exists()
    mechanism = services.save_support_mechanism(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=services.SupportMechanismInput(
            kind="advisory",
            mechanism="Export coaching",
            region_code="fr10",
            organisation_slug=cast.cluster.slug,
        ),
    )
    assert mechanism.region_id == "FR10"
    assert mechanism.organisation == cast.cluster


# ---------------------------------------------------------------- roadmap


def test_action_with_kpis_links_and_an_automatic_code(cast) -> None:
    build_jis(cast, actions=0)
    snapshot = queries.build_snapshot(
        partnership=cast.partnership, strategy=queries.get_strategy(partnership=cast.partnership)
    )
    market_key = snapshot["sections"]["markets"][0]["key"]
    technology_key = snapshot["sections"]["technologies"][0]["key"]
    action = services.save_action(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=action_input(cast, implements=[market_key, technology_key]),
    )
    assert action.code == "A1"
    assert action.budget_eur == Decimal("12000.00")
    assert [(kpi.name, kpi.target, kpi.unit) for kpi in action.kpis.all()] == [
        ("SMEs", Decimal("10.00"), "SMEs")
    ]
    item = queries.build_snapshot(partnership=cast.partnership, strategy=action.strategy)[
        "sections"
    ]["roadmap"][0]
    assert item["implements"] == [technology_key, market_key]  # in the document's order
    assert item["budget_text"] == "Travel · EUR 12,000.00"
    second = services.save_action(
        user=cast.coordinator, partnership=cast.partnership, data=action_input(cast)
    )
    assert second.code == "A2"


def test_bad_action_names_every_field_and_writes_nothing(cast) -> None:
    build_jis(cast, actions=1)
    before = (RoadmapAction.objects.count(), Kpi.objects.count())
    with pytest.raises(ValidationError) as excinfo:
        services.save_action(
            user=cast.coordinator,
            partnership=cast.partnership,
            data=action_input(
                cast,
                title="",
                owner_id=cast.other_sme.pk,
                end_date=dt.date(2020, 3, 1),
                budget_eur="-5",
                kpis=[
                    services.KpiInput(name="", target="many"),
                    services.KpiInput(name="Visits", target="3"),
                ],
            ),
        )
    assert errors_of(excinfo) == {
        "title": ["Name the action."],
        "budget_eur": ["Give an amount of 0 or more, e.g. 25000 or 25000.50."],
        "owner": ["Choose the partner organisation that owns the action."],
        "end_date": ["The action must end on or after its start (2020-04-01)."],
        "kpis": ["KPI 1: give its name; give its target as a number, e.g. 40 (got 'many')."],
    }
    with pytest.raises(ValidationError) as excinfo:
        services.save_action(
            user=cast.coordinator,
            partnership=cast.partnership,
            data=action_input(cast, code="A1", implements=["offering:99999", "market:ZZZ"]),
        )
    problems = errors_of(excinfo)
    assert problems["code"] == ["Another action already has the code A1: choose another."]
    assert len(problems["implements"]) == 2
    assert "'offering:99999' is not an item of this strategy" in problems["implements"][0]
    assert (RoadmapAction.objects.count(), Kpi.objects.count()) == before


def test_an_action_cannot_implement_another_partnerships_item(cast) -> None:
    from crosscluster.strategy.tests.helpers import make_other_partnership

    build_jis(cast, actions=0)
    other = make_other_partnership(cast)
    offering = services.save_offering(
        user=other.coordinator,
        partnership=other.partnership,
        data=services.OfferingInput(kind="product", title="Theirs"),
    )
    with pytest.raises(ValidationError) as excinfo:
        services.save_action(
            user=cast.coordinator,
            partnership=cast.partnership,
            data=action_input(cast, implements=[f"offering:{offering.pk}"]),
        )
    assert "implements" in errors_of(excinfo)


# ---------------------------------------------------------------- priority markets


def test_at_most_four_markets_and_only_ranked_ones(cast) -> None:
    make_market_countries()
    ranking = equal_ranking(cast.partnership)
    five = [services.MarketChoice(country=m["iso3"]) for m in ranking["ranking"][:5]]
    with pytest.raises(ValidationError) as excinfo:
        services.choose_priority_markets(
            user=cast.coordinator,
            partnership=cast.partnership,
            choices=five,
            ranking=ranking,
            now=NOW,
        )
    assert errors_of(excinfo) == {
        "markets": ["Choose at most 4 priority markets (you chose 5): the JIS allows four."]
    }
    with pytest.raises(ValidationError) as excinfo:
        services.choose_priority_markets(
            user=cast.coordinator,
            partnership=cast.partnership,
            choices=[
                services.MarketChoice(country="KOR"),
                services.MarketChoice(country="DE"),
                services.MarketChoice(country="CH"),
                services.MarketChoice(country="XX"),
                services.MarketChoice(country="kr"),
            ][:4],
            ranking=ranking,
            now=NOW,
        )
    problems = errors_of(excinfo)["markets"]
    assert problems[0].startswith(
        "Germany is not in the ranking (screened out: a partner's own country"
    )
    assert problems[1].startswith("Switzerland is not in the ranking (screened out: in Europe")
    assert (
        problems[2] == "'XX' is not a country code of the directory: use ISO3 (KOR) or ISO2 (KR)."
    )
    assert not PriorityMarket.objects.exists()


def test_markets_keep_the_ranking_and_an_edited_rationale(cast) -> None:
    make_market_countries()
    ranking = equal_ranking(cast.partnership)
    first, second, third = (m["iso3"] for m in ranking["ranking"][:3])
    chosen = services.choose_priority_markets(
        user=cast.coordinator,
        partnership=cast.partnership,
        choices=[services.MarketChoice(country=first), services.MarketChoice(country=second)],
        ranking=ranking,
        now=NOW,
    )
    korea = chosen[0]
    assert korea.rationale == ranking["ranking"][0]["explanation"]
    assert korea.ranking["score"] == ranking["ranking"][0]["score"]
    assert korea.ranking["p_top"] == ranking["ranking"][0]["p_top"]
    assert set(korea.ranking["contributions"]) == set(ranking["weights"])
    assert korea.ranking["data"]["vintage"].startswith("WDI update")
    assert korea.ranking["options"]["outside_europe"] is True
    assert korea.ranking["computed_at"] == NOW.isoformat()
    services.update_priority_market(
        user=cast.coordinator, market=korea, rank=1, rationale="Our SMEs already sell there."
    )
    services.choose_priority_markets(
        user=cast.coordinator,
        partnership=cast.partnership,
        choices=[services.MarketChoice(country=third), services.MarketChoice(country=first)],
        ranking=ranking,
        now=NOW,
    )
    markets = list(PriorityMarket.objects.order_by("rank"))
    assert [(m.country.iso3, m.rank) for m in markets] == [(third, 1), (first, 2)]
    assert markets[1].rationale == "Our SMEs already sell there."
    assert markets[1].pk == korea.pk


def test_reranking_swaps_and_removing_renumbers(cast) -> None:
    build_jis(cast, actions=0)
    markets = list(PriorityMarket.objects.order_by("rank"))
    services.update_priority_market(user=cast.coordinator, market=markets[3], rank=1, rationale="x")
    assert [m.rank for m in PriorityMarket.objects.order_by("slot")] == [4, 2, 3, 1]
    with pytest.raises(ValidationError) as excinfo:
        services.update_priority_market(
            user=cast.coordinator, market=markets[0], rank=5, rationale=""
        )
    assert errors_of(excinfo) == {"rank": ["Give a rank from 1 to 4 (there are 4 markets)."]}
    services.remove_item(user=cast.coordinator, item=PriorityMarket.objects.get(rank=2))
    assert sorted(PriorityMarket.objects.values_list("rank", flat=True)) == [1, 2, 3]


# ---------------------------------------------------------------- workflow and versions


def test_adoption_needs_content_and_goes_through_review(cast) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.move_strategy(
            user=cast.coordinator, partnership=cast.partnership, to="adopted", now=NOW
        )
    assert errors_of(excinfo) == {
        "to": ["A draft is not adopted directly: move it to review first."]
    }
    services.move_strategy(
        user=cast.coordinator, partnership=cast.partnership, to="in_review", now=NOW
    )
    with pytest.raises(ValidationError) as excinfo:
        services.move_strategy(
            user=cast.coordinator, partnership=cast.partnership, to="adopted", now=NOW
        )
    assert set(errors_of(excinfo)) == {"technologies", "markets", "roadmap"}
    assert not StrategyVersion.objects.exists()
    assert Strategy.objects.get().state == "in_review"
    with pytest.raises(ValidationError) as excinfo:
        services.move_strategy(
            user=cast.coordinator, partnership=cast.partnership, to="published", now=NOW
        )
    assert errors_of(excinfo) == {"to": ["Choose one of: draft, in_review, adopted."]}


def test_adopting_freezes_a_version_and_locks_the_working_copy(cast) -> None:
    strategy = build_jis(cast)
    live = queries.build_snapshot(partnership=cast.partnership, strategy=strategy)
    adopted = adopt(cast)
    assert (adopted.state, adopted.current_version) == ("adopted", 1)
    version = StrategyVersion.objects.get()
    assert version.number == 1
    assert version.adopted_by == cast.coordinator
    assert version.note == "Adopted by the steering committee"
    assert version.snapshot == {**live, "state": "adopted"}
    with pytest.raises(ValidationError) as excinfo:
        services.save_initiative(
            user=cast.coordinator,
            partnership=cast.partnership,
            data=services.InitiativeInput(kind="commercialisation", title="Late idea"),
        )
    assert errors_of(excinfo) == {
        "state": [
            "The strategy is adopted (version 1): start a new revision (move it back to draft) "
            "to change it."
        ]
    }
    services.move_strategy(user=cast.coordinator, partnership=cast.partnership, to="draft", now=NOW)
    services.remove_item(user=cast.coordinator, item=TechnologyDomain.objects.first())
    adopt(cast, note="Second")
    versions = list(StrategyVersion.objects.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert len(versions[0].snapshot["sections"]["technologies"]) == 3  # untouched
    assert len(versions[1].snapshot["sections"]["technologies"]) == 2
    comparison = queries.compare_version_with_previous(version=versions[1])
    technologies = next(s for s in comparison.sections if s.key == "technologies")
    assert [item["title"] for item in technologies.removed] == [
        "Artificial Intelligence & Decision support"
    ]


# ---------------------------------------------------------------- comments and proposals


def test_members_comment_and_propose_outsiders_cannot(cast) -> None:
    build_jis(cast, actions=0)
    comment = services.post_comment(
        user=cast.sme_member,
        partnership=cast.partnership,
        section="markets",
        item_key="market:KOR",
        body="Korea: we have a distributor in Seoul.",
        now=NOW,
    )
    assert (comment.kind, comment.status, comment.author_name) == (
        "comment",
        "",
        "member@example.eu",
    )
    with pytest.raises(PermissionDenied):
        services.post_comment(
            user=cast.outsider, partnership=cast.partnership, section="general", body="Hi", now=NOW
        )
    with pytest.raises(ValidationError) as excinfo:
        services.post_comment(
            user=cast.cluster_manager,
            partnership=cast.partnership,
            section="markets",
            item_key="market:BRA",
            body="",
            kind="wish",
            now=NOW,
        )
    problems = errors_of(excinfo)
    assert problems["body"] == ["Write the comment (or the change you propose)."]
    assert problems["kind"] == ["Choose one of: comment, proposal."]
    assert problems["item_key"][0].startswith(
        "'market:BRA' is not an item of the section 'Priority markets'"
    )
    assert Comment.objects.count() == 1


def test_the_coordinator_decides_proposals_once(cast) -> None:
    proposal = services.post_comment(
        user=cast.cluster_manager,
        partnership=cast.partnership,
        section="roadmap",
        kind="proposal",
        body="Add a mission to Japan.",
        now=NOW,
    )
    assert proposal.status == "open"
    with pytest.raises(PermissionDenied):
        services.decide_proposal(user=cast.cluster_manager, comment=proposal, accept=True, now=NOW)
    with pytest.raises(ValidationError) as excinfo:
        services.decide_proposal(user=cast.coordinator, comment=proposal, accept=False, now=NOW)
    assert errors_of(excinfo) == {"decision_note": ["Say why the proposal is rejected."]}
    decided = services.decide_proposal(
        user=cast.coordinator, comment=proposal, accept=True, now=NOW
    )
    assert (decided.status, decided.decided_by, decided.decided_at) == (
        "accepted",
        cast.coordinator,
        NOW,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.decide_proposal(
            user=cast.coordinator, comment=proposal, accept=False, note="no", now=NOW
        )
    assert errors_of(excinfo) == {"status": ["This proposal was accepted already."]}


# ---------------------------------------------------------------- market judgements


def pairs(value: float) -> dict[tuple[int, int], float]:
    size = len(adapters.CRITERION_CODES)
    return {(row, column): value for row in range(size) for column in range(row + 1, size)}


def test_a_partner_enters_its_judgements_others_cannot(cast) -> None:
    judgement = services.save_market_judgement(
        user=cast.cluster_manager,
        partnership=cast.partnership,
        organisation=cast.other_cluster,
        pairs=pairs(1.0),
        now=NOW,
    )
    assert judgement.criteria == list(adapters.CRITERION_CODES)
    assert judgement.matrix[0] == [1.0] * 5
    with pytest.raises(PermissionDenied):  # works for a member SME, not for the partner
        services.save_market_judgement(
            user=cast.sme_member,
            partnership=cast.partnership,
            organisation=cast.cluster,
            pairs=pairs(1.0),
            now=NOW,
        )
    with pytest.raises(ValidationError) as excinfo:
        services.save_market_judgement(
            user=cast.coordinator,
            partnership=cast.partnership,
            organisation=cast.other_sme,
            pairs=pairs(1.0),
            now=NOW,
        )
    assert errors_of(excinfo) == {
        "organisation": ["Unrelated SME is not a partner of this partnership."]
    }
    bad = pairs(3.0)
    bad[(0, 1)] = 20.0
    del bad[(2, 4)]
    with pytest.raises(ValidationError) as excinfo:
        services.save_market_judgement(
            user=cast.coordinator,
            partnership=cast.partnership,
            organisation=cast.cluster,
            pairs=bad,
            now=NOW,
        )
    assert errors_of(excinfo) == {
        "pair_0_1": ["Compare Market size and demand with Income on Saaty's scale, from 1/9 to 9."],
        "pair_2_4": [
            "Compare Industry and technology with Proximity to the partners on Saaty's scale, "
            "from 1/9 to 9."
        ],
    }
    assert MarketJudgement.objects.count() == 1
