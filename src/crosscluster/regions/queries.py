"""Reads for the S3 guidelines: partner regions, priorities, indicators, candidates derived from
the EDIH catalogue, the alignment matrix and the recommendations.

``build_guidelines`` returns the whole guidelines as JSON-ready data (a *snapshot*): what the
pages, the API and the exports render. It reads the JIS's working copy through
``crosscluster.strategy.queries`` (guidelines are a working document of the partnership's
members, like the JIS working copy).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from crosscluster.core.dates import format_date
from crosscluster.directory import queries as directory_queries
from crosscluster.engines.s3 import alignment, derivation, indicators, rules
from crosscluster.regions import adapters
from crosscluster.regions.models import (
    PartnerRegion,
    PriorityOrigin,
    Recommendation,
    RegionProfile,
    S3Priority,
)
from crosscluster.strategy import queries as strategy_queries

if TYPE_CHECKING:
    from crosscluster.directory.models import NutsRegion, Organisation
    from crosscluster.partnerships.models import Partnership

SNAPSHOT_SCHEMA = 1
COUNTED_KINDS = ("cluster", "sme", "research", "innovation_hub")  # directory organisation kinds
DIRECTORY_SOURCE = gettext_noop("crosscluster directory")  # worded where it is shown


# ---------------------------------------------------------------- partners and regions


def list_profiles(*, partnership: Partnership) -> list[RegionProfile]:
    return list(
        RegionProfile.objects.filter(partnership=partnership)
        .select_related("region")
        .order_by("region__code")
    )


def nuts2_of(organisation: Organisation) -> str:
    """The NUTS-2 code of the organisation's directory region ('' when it has none above
    level 1)."""
    region = organisation.nuts_region
    if region is None or region.level < 2:
        return ""
    return region.code[:4]


def list_partner_regions(*, partnership: Partnership) -> list[dict[str, Any]]:
    """Every partner with its region (or none) and the region the directory suggests."""
    assigned = {
        row.organisation_id: row
        for row in PartnerRegion.objects.filter(partnership=partnership).select_related(
            "profile__region"
        )
    }
    partners = strategy_queries.list_partner_organisations(partnership=partnership)
    rows = []
    for organisation in partners:
        row = assigned.get(organisation.pk)
        rows.append(
            {
                "organisation": organisation,
                "assignment": row,
                "region": row.profile.region if row else None,
                "directory_code": nuts2_of(organisation),
            }
        )
    return rows


def get_nuts2_region(code: str) -> NutsRegion | None:
    return directory_queries.find_nuts_region(code=code, level=2)


# ---------------------------------------------------------------- indicators and counts


def get_indicator(*, code: str) -> indicators.RegionIndicator:
    return indicators.region_indicator(code, indicators.load_dataset(settings.DATA_DIR))


def count_organisations(*, region: NutsRegion, today: datetime) -> dict[str, Any]:
    """Directory organisations by kind in the region, and in its country for context."""
    in_region = directory_queries.count_organisations_by_kind(
        kinds=COUNTED_KINDS, nuts_prefix=region.code
    )
    in_country = directory_queries.count_organisations_by_kind(
        kinds=COUNTED_KINDS, country_iso2=_iso2(region.country_code)
    )
    return {
        "kinds": [
            {
                "kind": kind,
                "label": label,
                "region": in_region.get(kind, 0),
                "country": in_country.get(kind, 0),
            }
            for kind, label in directory_queries.list_organisation_kinds(values=COUNTED_KINDS)
        ],
        "source": f"{gettext(DIRECTORY_SOURCE)}, {format_date(today, 'SHORT_DATE_FORMAT')}",
        "note": gettext(
            "Counted from the organisations' NUTS region in the directory; most imported "
            "organisations have no region recorded, so the country's count is given for context."
        ),
    }


def _iso2(country_code: str) -> str:
    return "GR" if country_code == "EL" else country_code


# ---------------------------------------------------------------- EDIH-derived candidates


def list_candidates(*, region: NutsRegion) -> list[derivation.Candidate]:
    """Candidate priorities from the hubs located in the region, else in its country."""
    rows = directory_queries.list_hub_tags(nuts_prefix=region.code)
    scope, scope_label = "region", region.label
    if not rows:
        iso2 = _iso2(region.country_code)
        rows = directory_queries.list_hub_tags(country_iso2=iso2)
        name = directory_queries.get_country_name(iso2=iso2)
        scope, scope_label = "country", str(name or iso2)
    hubs = adapters.hubs_from_rows(rows)
    return derivation.derive_candidates(hubs, scope=scope, scope_label=scope_label)


def hub_vintage() -> str:
    """The vintage the directory's EDIH hubs carry (their most common one)."""
    return directory_queries.most_common_hub_vintage()


# ---------------------------------------------------------------- priorities and matrix


def list_priorities(*, profiles: list[RegionProfile]) -> list[S3Priority]:
    return list(
        S3Priority.objects.filter(profile__in=profiles)
        .select_related("profile__region")
        .prefetch_related(Prefetch("tags", queryset=directory_queries.tags_in_taxonomy_order()))
        .order_by("profile__region__code", "position", "pk")
    )


def priority_to_dict(priority: S3Priority) -> dict[str, Any]:
    return {
        "id": priority.pk,
        "key": adapters.priority_key(priority),
        "title": priority.title,
        "description": priority.description,
        "tags": [
            {
                "key": adapters.tag_key(tag.facet, tag.slug),
                "slug": tag.slug,
                "facet": tag.facet,
                "label": tag.label,
            }
            for tag in priority.tags.all()
        ],
        "origin": priority.origin,
        "origin_label": str(PriorityOrigin(priority.origin).label),
        "is_derived": priority.is_derived,
        "is_edited": priority.is_edited,
        "wording": priority.wording,
        "source_label": priority.source_label,
        "source_url": priority.source_url,
        "source_vintage": priority.source_vintage,
    }


def hub_neighbourhood(tags: list[str]) -> dict[str, tuple[alignment.Neighbour, ...]]:
    """The taxonomy neighbourhood of ``tags`` over every hub of the directory."""
    declared: dict[int, set[str]] = {}
    for organisation_id, facet, slug in directory_queries.list_hub_declarations():
        declared.setdefault(organisation_id, set()).add(adapters.tag_key(facet, slug))
    return alignment.tag_neighbourhood(declared.values(), tags=tags)


def compute_matrix(
    *, jis: dict[str, Any], priorities: list[S3Priority]
) -> alignment.AlignmentMatrix:
    labels = directory_queries.technology_labels()
    domains = adapters.domains_from_snapshot(jis, labels)
    columns = [adapters.priority_from_row(p, list(p.tags.all())) for p in priorities]
    neighbours = hub_neighbourhood([domain.tag.key for domain in domains]) if domains else {}
    return alignment.align(domains, columns, neighbours)


def count_jis_domains(*, partnership: Partnership) -> int:
    """The number of technology domains in the partnership's JIS working copy."""
    jis = strategy_queries.build_snapshot(
        partnership=partnership,
        strategy=strategy_queries.get_strategy(partnership=partnership),
    )
    return len(jis["sections"]["technologies"])


def matrix_empty_reason(*, domains: int, priorities: int) -> str:
    """Why the alignment matrix is empty, in the reader's language ("" when it is not)."""
    if not domains and not priorities:
        return gettext(
            "The JIS has no technology domains yet and no region has S3 priorities: add both "
            "to compute the matrix."
        )
    if not domains:
        return gettext(
            "The JIS has no technology domains yet: add them to the strategy to compute the matrix."
        )
    if not priorities:
        return gettext(
            "No region has S3 priorities yet: record or adopt them on the regions' pages."
        )
    return ""


# ---------------------------------------------------------------- the guidelines as a whole


def recommendation_to_dict(recommendation: Recommendation) -> dict[str, Any]:
    return {
        "id": recommendation.pk,
        "rule": recommendation.rule,
        "rule_name": rule_name(recommendation.rule),
        "title": recommendation.title,
        "body": recommendation.body,
        "facts": recommendation.facts,
        # the generated text as parts, worded for the reader (regions/wording.py) while unedited
        "wording": {} if recommendation.is_edited else recommendation.wording,
        "is_edited": recommendation.is_edited,
        "generated_at": recommendation.generated_at.isoformat(),
        "edited_at": recommendation.edited_at.isoformat() if recommendation.edited_at else None,
    }


def region_facts(
    *,
    profile: RegionProfile,
    priorities: list[alignment.Priority],
    jis: dict[str, Any],
    candidate_count: int,
) -> rules.RegionFacts:
    region = profile.region
    country_name = directory_queries.get_country_name(iso2=_iso2(region.country_code))
    return rules.RegionFacts(
        code=region.code,
        label=region.label,
        country_name=str(country_name or region.country_code),
        priorities=tuple(priorities),
        indicator=get_indicator(code=region.code),
        mechanisms=adapters.mechanisms_for_region(jis, region.code),
        linked_items=adapters.linked_items(jis),
        jis_items=adapters.jis_items(jis),
        candidate_count=candidate_count,
    )


def build_guidelines(*, partnership: Partnership, today: datetime) -> dict[str, Any]:
    """The S3 guidelines of the partnership as JSON-ready data."""
    jis = strategy_queries.build_snapshot(
        partnership=partnership,
        strategy=strategy_queries.get_strategy(partnership=partnership),
    )
    profiles = list_profiles(partnership=partnership)
    priorities = list_priorities(profiles=profiles)
    matrix = compute_matrix(jis=jis, priorities=priorities)
    partners = list_partner_regions(partnership=partnership)
    recommendations: dict[int, list[Recommendation]] = {}
    for recommendation in Recommendation.objects.filter(profile__in=profiles).order_by(
        "position", "pk"
    ):
        recommendations.setdefault(recommendation.profile_id, []).append(recommendation)
    regions = []
    chart_rows = []
    for profile in profiles:
        region = profile.region
        indicator = adapters.indicator_to_dict(get_indicator(code=region.code))
        chart_rows.append(indicator | {"region_label": region.label})
        regions.append(
            {
                "id": profile.pk,
                "code": region.code,
                "label": region.label,
                "country_code": region.country_code,
                "partners": [
                    {
                        "id": row["organisation"].pk,
                        "name": row["organisation"].name,
                        "slug": row["organisation"].slug,
                        "source": row["assignment"].source,
                        "source_label": row["assignment"].get_source_display(),
                        "source_note": row["assignment"].source_note,
                    }
                    for row in partners
                    if row["assignment"] and row["assignment"].profile_id == profile.pk
                ],
                "priorities": [
                    priority_to_dict(p) for p in priorities if p.profile_id == profile.pk
                ],
                "indicator": indicator,
                "organisations": count_organisations(region=region, today=today),
                "recommendations": [
                    recommendation_to_dict(r) for r in recommendations.get(profile.pk, [])
                ],
                "recommendations_generated_at": profile.recommendations_generated_at.isoformat()
                if profile.recommendations_generated_at
                else None,
            }
        )
    matrix_data = adapters.matrix_to_dict(matrix)
    matrix_data["empty_reason"] = matrix_empty_reason(
        domains=len(matrix.domains), priorities=len(matrix.priorities)
    )
    return {
        "schema": SNAPSHOT_SCHEMA,
        "partnership": strategy_queries.partnership_identity(partnership),
        "title": "S3 guidelines",
        "jis_state": jis["state"],
        "regions": regions,
        "partners_without_region": [
            {
                "id": row["organisation"].pk,
                "name": row["organisation"].name,
                "slug": row["organisation"].slug,
                "directory_code": row["directory_code"],
            }
            for row in partners
            if row["assignment"] is None
        ],
        "domains": [
            {"key": domain.key, "label": domain.tag.label, "tag": domain.tag.key}
            for domain in matrix.domains
        ],
        "matrix": matrix_data,
        "indicator_chart": chart_rows,
        # in the reader's language (the page, the API, the documents); the data's own names
        # and vintages stay as their publishers write them
        "sources": [
            gettext("Regional indicators: %(source)s; %(vintage)s.")
            % {"source": indicators.SOURCE, "vintage": indicators.VINTAGE},
            gettext(
                "Candidate priorities and the taxonomy neighbourhood: European Commission, EDIH "
                "catalogue (%(vintage)s), as loaded in the directory."
            )
            % {"vintage": hub_vintage() or gettext("vintage not recorded")},
            gettext("Organisation counts: %(source)s, %(day)s.")
            % {
                "source": gettext(DIRECTORY_SOURCE),
                "day": format_date(today, "SHORT_DATE_FORMAT"),
            },
        ],
    }


def generate_drafts(*, partnership: Partnership) -> dict[int, list[rules.Draft]]:
    """Profile id -> the rules' drafts for its region (what regeneration writes)."""
    jis = strategy_queries.build_snapshot(
        partnership=partnership,
        strategy=strategy_queries.get_strategy(partnership=partnership),
    )
    profiles = list_profiles(partnership=partnership)
    priorities = list_priorities(profiles=profiles)
    matrix = compute_matrix(jis=jis, priorities=priorities)
    drafts: dict[int, list[rules.Draft]] = {}
    for profile in profiles:
        own = [
            column
            for column, row in zip(matrix.priorities, priorities, strict=True)
            if row.profile_id == profile.pk
        ]
        facts = region_facts(
            profile=profile,
            priorities=own,
            jis=jis,
            candidate_count=len(list_candidates(region=profile.region)) if not own else 0,
        )
        drafts[profile.pk] = rules.recommend(facts, matrix)
    return drafts


# ---------------------------------------------------------------- what a rule and its facts mean
# The S3 rules engine (no Django) keys each recommendation by a rule (``aligned:priority:1``) and
# keeps the facts it used under field names (``priority_is_derived``); pages show these labels,
# in the reader's language, instead of the keys (issue 13: no raw identifiers on screen).

RULE_NAMES = {
    "aligned": _("JIS domains aligned with an S3 priority"),
    "related": _("JIS domains related to an S3 priority"),
    "gap": _("an S3 priority the JIS does not cover"),
    "rd-below-country": _("business R&D below the country's level"),
    "support-existing": _("support mechanisms planned for the region"),
    "record-priorities": _("no S3 priorities recorded yet"),
    "define-domains": _("no JIS technology domains defined yet"),
}

FACT_LABELS = {
    "priority": _("S3 priority"),
    "priority_is_derived": _("Derived from the EDIH catalogue"),
    "domains": _("JIS technology domains"),
    "shared_tags": _("Shared tags"),
    "linked_items": _("Linked JIS items"),
    "scores": _("Alignment scores"),
    "reasons": _("Reasons"),
    "tags": _("Tags of the priority"),
    "indicator": _("Indicator"),
    "value": _("Value in the region"),
    "year": _("Year"),
    "country_value": _("Value in the country"),
    "country_year": _("Year of the country's value"),
    "share_of_country": _("Share of the country's value"),
    "source": _("Source"),
    "vintage": _("Vintage"),
    "mechanisms": _("Support mechanisms"),
    "candidates": _("Candidate priorities"),
    "priorities": _("S3 priorities"),
}


def rule_name(rule: str) -> str:
    """The rule of ``aligned:priority:1`` as a reader says it, without its internal ids."""
    kind = rule.split(":", 1)[0]
    name = RULE_NAMES.get(kind)
    return str(name) if name is not None else rules.describe_rule(rule)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return str(
            pgettext_lazy("a fact is true", "yes")
            if value
            else pgettext_lazy("a fact is false", "no")
        )
    if isinstance(value, float):
        return number_format(value, decimal_pos=2, use_l10n=True)  # 0,85 in German
    if isinstance(value, list | tuple):
        # numbers with a decimal comma ("0,85") are told apart by semicolons
        separator = "; " if any(isinstance(item, float) for item in value) else ", "
        return separator.join(_shown(item) for item in value) or "—"
    return str(value)


def fact_rows(facts: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) of each fact, lists joined and yes/no for true/false."""
    return [
        (str(FACT_LABELS.get(key, key.replace("_", " "))), _shown(value))
        for key, value in facts.items()
    ]
