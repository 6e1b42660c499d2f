"""Recommendation rules on hand-built facts (no database)."""

from __future__ import annotations

from crosscluster.engines.s3 import rules
from crosscluster.engines.s3.alignment import Domain, Priority, TagRef, align
from crosscluster.engines.s3.indicators import RegionIndicator
from crosscluster.engines.s3.rules import Mechanism, RegionFacts, recommend

IOT = TagRef("technologies:iot", "Internet of Things")
AI = TagRef("technologies:ai", "Artificial Intelligence")
FOOD = TagRef("sectors:food", "Food")
DOMAINS = [Domain("technology:iot", IOT)]


def indicator(value: float | None, country: float | None) -> RegionIndicator:
    return RegionIndicator(
        code="ES21",
        data_code="ES21",
        year=2018 if value is not None else None,
        value=value,
        series=(),
        country_code="ES",
        country_value=country,
        country_year=2018,
        eu_value=None,
        comparison=None,
        missing_reason="",
        note="",
    )


def facts(priorities: tuple[Priority, ...], **fields: object) -> RegionFacts:
    values: dict[str, object] = {
        "code": "ES21",
        "label": "País Vasco",
        "country_name": "Spain",
        "priorities": priorities,
        "indicator": indicator(100.0, 200.0),
    }
    values.update(fields)
    return RegionFacts(**values)  # type: ignore[arg-type]


SMART = Priority("priority:1", "Smart industry", "ES21", "País Vasco", (IOT, FOOD))
AGRI = Priority("priority:2", "Agrifood", "ES21", "País Vasco", (FOOD, AI), is_derived=True)


def test_aligned_gap_and_research_rules_fire_on_their_facts() -> None:
    region = facts(
        (SMART, AGRI),
        linked_items={"technology:iot": ("Retrofit kit",)},
        mechanisms=(Mechanism("Innovation vouchers", "Funding", "País Vasco"),),
    )
    drafts = {d.rule: d for d in recommend(region, align(DOMAINS, [SMART, AGRI], {}))}
    assert set(drafts) == {
        "aligned:priority:1",
        "gap:priority:2",
        "rd-below-country",
        "support-existing",
    }
    aligned = drafts["aligned:priority:1"]
    assert "Retrofit kit" in aligned.body
    assert aligned.facts["shared_tags"] == ["Internet of Things"]
    gap = drafts["gap:priority:2"]
    assert "Artificial Intelligence" in gap.body  # the technology to add to the JIS
    assert gap.facts["priority_is_derived"] is True
    research = drafts["rd-below-country"]
    # 100 of 200: half the country's value.
    assert research.facts["share_of_country"] == 0.5
    assert "50%" in research.body
    assert "Innovation vouchers" in research.body


def test_no_research_rule_when_above_the_country_or_missing() -> None:
    matrix = align(DOMAINS, [SMART], {})
    for value, country in ((300.0, 200.0), (None, 200.0), (100.0, None)):
        rules = [
            d.rule for d in recommend(facts((SMART,), indicator=indicator(value, country)), matrix)
        ]
        assert "rd-below-country" not in rules


def test_a_region_without_priorities_is_asked_to_record_them() -> None:
    drafts = recommend(facts((), candidate_count=3), align(DOMAINS, [], {}))
    assert [d.rule for d in drafts] == ["record-priorities", "rd-below-country"]
    assert "3 candidate priorities" in drafts[0].body


def test_without_jis_domains_no_gap_is_claimed() -> None:
    drafts = recommend(facts((SMART,)), align([], [SMART], {}))
    assert not any(d.rule.startswith(("gap:", "aligned:")) for d in drafts)
    assert drafts[0].rule == "define-domains"
    assert "Smart industry" in drafts[0].body


def test_a_rule_key_reads_as_words_without_its_ids() -> None:
    """Issue 13: the page showed "Rule aligned:priority:1"."""
    assert rules.describe_rule("aligned:priority:1") == "JIS domains aligned with an S3 priority"
    assert rules.describe_rule("gap:priority:7") == "an S3 priority the JIS does not cover"
    assert rules.describe_rule("rd-below-country") == "business R&D below the country's level"
    assert ":" not in rules.describe_rule("something-new:3")
