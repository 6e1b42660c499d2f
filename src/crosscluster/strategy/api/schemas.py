"""The JIS API's request and response bodies.

No ``from __future__ import annotations`` here: ninja reads the schemas' types at run time.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from crosscluster.strategy.api.common import KEY_HELP
from crosscluster.strategy.models import (
    Comment,
    SectionKey,
)

# ---------------------------------------------------------------- schemas (out)


class TechnologyDomainOut(Schema):
    id: int
    key: str = Field(description=KEY_HELP)
    tag: str = Field(description="Slug of the EDIH technology.")
    title: str
    rationale: str


class ContributionOut(Schema):
    organisation: str
    organisation_slug: str
    organisation_id: int
    contribution: str


class OfferingOut(Schema):
    id: int
    key: str
    title: str
    kind: str
    kind_label: str
    description: str
    contributions: list[ContributionOut]


class InitiativeOut(Schema):
    id: int
    key: str
    title: str
    kind: str = Field(description="commercialisation or internationalisation")
    target_group: str = Field(description="clusters, smes or both")
    target_group_label: str
    description: str


class MarketOut(Schema):
    id: int
    key: str
    rank: int
    title: str
    iso2: str
    iso3: str
    rationale: str = Field(
        description="As stored: the ranking's explanation copied when the market was chosen "
        "(in English) until a coordinator edits it, then their text."
    )
    rationale_text: str = Field(
        description="The rationale to show: the copied explanation worded in the request's "
        "language (Accept-Language), or the coordinator's text as written."
    )
    ranking: dict[str, Any] = Field(
        description="The ranking the market was chosen from: score, rank, p_top, contributions, "
        "strengths, weaknesses, method, weights, data source and vintage, computed_at."
    )
    data_text: str = Field(
        "",
        description="The ranking's data source, vintage, day and method in the request's language.",
    )


class SupportMechanismOut(Schema):
    id: int
    key: str
    title: str
    mechanism: str
    kind: str
    kind_label: str
    # versions adopted before mechanisms had a country have none
    country: str = Field("", description="ISO 3166 code of the country it serves, e.g. ES")
    country_name: str = Field("", description="The country's English name")
    region_code: str
    region: str
    organisation: str
    organisation_slug: str
    authority: str
    where: str
    description: str


class KpiOut(Schema):
    name: str
    target: str = Field(description="Decimal number as a string.")
    unit: str


class ActionOut(Schema):
    id: int
    key: str
    code: str
    title: str
    description: str
    owner: str
    owner_slug: str
    owner_id: int
    start_date: str
    end_date: str
    budget_line: str
    budget_eur: str | None = Field(description="Decimal amount in EUR as a string.")
    kpis: list[KpiOut]
    implements: list[str] = Field(description="Keys of the items the action implements.")


class SectionsOut(Schema):
    technologies: list[TechnologyDomainOut]
    offerings: list[OfferingOut]
    commercialisation: list[InitiativeOut]
    internationalisation: list[InitiativeOut]
    markets: list[MarketOut]
    support: list[SupportMechanismOut]
    roadmap: list[ActionOut]


class IdentityOut(Schema):
    slug: str
    name: str
    acronym: str
    coordinator: str
    funding_acknowledgement: str
    disclaimer: str


class VersionRef(Schema):
    number: int
    adopted_at: str
    adopted_by: str
    note: str


class StrategyOut(Schema):
    partnership: IdentityOut
    title: str
    summary: str
    period_start_date: str | None
    period_end_date: str | None
    state: str = Field(description="draft, in_review or adopted")
    is_working_copy: bool = Field(
        description="True: the current working copy (members); false: an adopted version."
    )
    version: VersionRef | None = Field(description="The adopted version shown, if it is one.")
    sections: SectionsOut


class VersionOut(Schema):
    number: int
    adopted_at: datetime
    adopted_by: str
    note: str


class RankedMarketOut(Schema):
    iso3: str
    name: str
    score: float
    rank: int
    p_top: float = Field(
        description="Share of Monte Carlo weight draws with the market in the top."
    )
    contributions: dict[str, float] = Field(description="Indicator -> part of the score.")
    rank_interval: list[int]
    explanation: str = Field(description="Why it ranks there, in the request's language.")
    explanation_parts: dict[str, Any] = Field(
        default_factory=dict,
        description="The explanation as a code and its values (docs/engines/ranking.md).",
    )
    indicators: dict[str, dict[str, Any]] = Field(
        description="Indicator -> {value, year, imputed}: missing values are null and imputed."
    )


class ScreenedOutOut(Schema):
    iso3: str
    name: str
    reasons: list[str] = Field(description="Why it was screened out, in the request's language.")
    reason_parts: list[dict[str, Any]] = Field(
        default_factory=list,
        description="One per reason: its code and values (docs/engines/ranking.md).",
    )


class MarketRankingOut(Schema):
    ranking: list[RankedMarketOut]
    weights: dict[str, float]
    weights_basis: str
    method: str
    top: int
    data: dict[str, Any] = Field(
        description="source, vintage, the indicators (label, unit, transform) and the missing-data "
        "rule (missing), in the request's language; source_parts, vintage_parts and "
        "missing_limit hold the same as codes and values"
    )
    what_would_change: dict[str, Any]
    screened_out: list[ScreenedOutOut]
    warnings: list[str] = Field(description="Notes on the data, in the request's language.")
    warning_parts: list[dict[str, Any]] = Field(
        default_factory=list,
        description="One per warning: its code and values ({} for one worded only in English).",
    )
    notes: list[str] = Field(description="Notes on the partners' countries, in that language.")
    note_parts: list[dict[str, Any]] = Field(
        default_factory=list, description="One per note: its code and values."
    )
    method_line: str = Field(
        "", description="How the scores and p_top are computed, in the request's language."
    )
    options: dict[str, Any]
    ahp: dict[str, Any] | None = Field(
        description="The partners' and the combined AHP weights and consistency (weights=ahp); "
        "each warning in the request's language."
    )


class CommentOut(Schema):
    id: int
    section: str
    item_key: str
    kind: str = Field(description="comment or proposal")
    body: str
    author: str
    status: str = Field(description="'' for comments; open, accepted or rejected for proposals")
    decision_note: str
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_author(comment: Comment) -> str:
        return comment.author_name


# ---------------------------------------------------------------- schemas (in)


class StrategyPatch(Schema):
    title: str | None = None
    summary: str | None = None
    period_start_date: date | None = None
    period_end_date: date | None = None


class TechnologyDomainIn(Schema):
    tag: str = Field(description="Slug of an EDIH technology (directory tags, facet technologies).")
    rationale: str = ""


class TechnologyDomainPatch(Schema):
    tag: str | None = None
    rationale: str | None = None


class ContributionIn(Schema):
    organisation: str = Field(description="Slug of a partner organisation.")
    contribution: str


class OfferingIn(Schema):
    kind: str = Field(description="product, service or both")
    title: str
    description: str = ""
    contributions: list[ContributionIn] = []


class OfferingPatch(Schema):
    kind: str | None = None
    title: str | None = None
    description: str | None = None
    contributions: list[ContributionIn] | None = None


class InitiativeIn(Schema):
    kind: str = Field(description="commercialisation or internationalisation")
    title: str
    description: str = ""
    target_group: str = Field("both", description="clusters, smes or both")


class InitiativePatch(Schema):
    title: str | None = None
    description: str | None = None
    target_group: str | None = None


class MarketChoiceIn(Schema):
    country: str = Field(description="ISO3 (KOR) or ISO2 (KR) of a ranked country.")
    rationale: str | None = Field(
        None, description="Omitted: keep the current rationale, or the ranking's explanation."
    )


class MarketsIn(Schema):
    markets: list[MarketChoiceIn] = Field(description="At most 4, in the order of priority.")
    outside_europe: bool | None = Field(
        None, description="Ranking option; default: true for ESCP-4i partnerships."
    )
    weights: str = Field("equal", description="equal or ahp (the partners' judgements)")
    method: str = Field("wsm", description="wsm or topsis")


class MarketPatch(Schema):
    rank: int | None = None
    rationale: str | None = None


class SupportMechanismIn(Schema):
    kind: str = Field(description="funding, advisory, network, policy or other")
    mechanism: str
    description: str = ""
    country: str = Field(
        "",
        description="ISO 3166 code of the country it serves, e.g. ES (a national mechanism's); "
        "with a region, the region must lie in it; empty: the region's country.",
    )
    region: str = Field("", description="NUTS 2024 code, e.g. ES51.")
    organisation: str = Field("", description="Directory slug of the authority, if it has one.")
    authority: str = Field("", description="The authority's name, as written.")


class SupportMechanismPatch(Schema):
    kind: str | None = None
    mechanism: str | None = None
    description: str | None = None
    country: str | None = Field(
        None,
        description="ISO 3166 code of the country it serves; the region (given or kept) must "
        "lie in it. Not given with a new region: the new region's country.",
    )
    region: str | None = None
    organisation: str | None = None
    authority: str | None = None


class KpiIn(Schema):
    name: str
    target: Decimal
    unit: str = ""


class ActionIn(Schema):
    code: str = Field("", description="Empty: A1, A2, ...")
    title: str
    owner: str = Field(description="Slug of the partner organisation that owns the action.")
    start_date: date
    end_date: date
    description: str = ""
    budget_line: str = ""
    budget_eur: Decimal | None = None
    kpis: list[KpiIn] = []
    implements: list[str] = Field([], description=KEY_HELP)


class ActionPatch(Schema):
    code: str | None = None
    title: str | None = None
    owner: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    description: str | None = None
    budget_line: str | None = None
    budget_eur: Decimal | None = None
    kpis: list[KpiIn] | None = None
    implements: list[str] | None = None


class TransitionIn(Schema):
    to: str = Field(description="draft, in_review or adopted")
    note: str = ""


class CommentIn(Schema):
    section: str = Field(description="general, " + ", ".join(SectionKey.values[1:]))
    body: str
    kind: str = Field("comment", description="comment or proposal")
    item_key: str = Field("", description=KEY_HELP)


class ProposalDecisionIn(Schema):
    accept: bool
    note: str = Field("", description="Required when rejecting.")


class ComparedFieldOut(Schema):
    label: str
    old: str
    new: str


class ComparedItemOut(Schema):
    key: str
    title: str
    fields: list[ComparedFieldOut]


class ComparedSectionOut(Schema):
    key: str
    title: str
    added: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    changed: list[ComparedItemOut]


class VersionComparisonOut(Schema):
    number: int
    previous: int | None = Field(description="The version compared with; empty for the first.")
    counts: dict[str, int] = Field(description="Items added, removed and changed.")
    header: list[ComparedFieldOut] = Field(description="Changes of title, vision and period.")
    sections: list[ComparedSectionOut] = Field(description="Sections that changed.")
