"""Reads for the marketplace: what a viewer may see, who may edit, matches and the quality report
(the monitoring scoreboard's raw rows in ``monitoring``, re-exported here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from crosscluster.accounts.queries import list_organisation_ids
from crosscluster.core.countries import by_local_name
from crosscluster.core.translations import (
    ReaderTexts,
    TranslatableText,
    for_readers,
    list_held,
)
from crosscluster.directory import queries as directory_queries
from crosscluster.marketplace.models import (
    OFFER_KINDS,
    ExpressionOfInterest,
    Follow,
    InterestStatus,
    MatchFeedback,
    MatchSuggestion,
    Opportunity,
    OpportunityStatus,
    OpportunityTranslation,
    OpportunityVisibility,
)
from crosscluster.marketplace.queries.monitoring import (
    list_monitoring_interest_rows as list_monitoring_interest_rows,
)
from crosscluster.marketplace.queries.monitoring import (
    list_monitoring_match_rows as list_monitoring_match_rows,
)
from crosscluster.marketplace.queries.monitoring import (
    list_monitoring_opportunity_rows as list_monitoring_opportunity_rows,
)
from crosscluster.partnerships import queries as partnership_queries
from crosscluster.partnerships.queries import AnyUser, list_partnerships

if TYPE_CHECKING:
    from crosscluster.directory.models import Organisation, Tag
    from crosscluster.partnerships.models import PartnershipCoordinator


def _brokered_partnership_ids(user: AnyUser) -> QuerySet[PartnershipCoordinator, int]:
    return partnership_queries.coordinated_partnership_ids(user=user)


def visible_opportunities(*, user: AnyUser) -> QuerySet[Opportunity]:
    """Opportunities ``user`` may see.

    Published public ones for everybody; published partnership-only ones for members of the
    partnership; every opportunity (drafts too) of the user's organisations and of the
    partnerships the user brokers (coordinates); everything for administrators.
    """
    rows = Opportunity.objects.select_related("owner__country", "partnership")
    if user.is_authenticated and user.is_superuser:
        return rows
    published = Q(status__in=[OpportunityStatus.PUBLISHED, OpportunityStatus.CLOSED])
    visible_partnerships = list_partnerships(user=user).values("pk")
    rule = (
        published
        & Q(visibility=OpportunityVisibility.PUBLIC)
        & (Q(partnership__isnull=True) | Q(partnership_id__in=visible_partnerships))
    )
    if user.is_authenticated:
        organisation_ids = list_organisation_ids(user=user)
        member_of = partnership_queries.member_partnership_ids(organisation_ids=organisation_ids)
        rule |= published & Q(
            visibility=OpportunityVisibility.PARTNERSHIP, partnership_id__in=member_of
        )
        rule |= Q(owner_id__in=organisation_ids)
        rule |= Q(partnership_id__in=_brokered_partnership_ids(user))
    return rows.filter(rule)


def get_opportunity(*, user: AnyUser, opportunity_id: int) -> Opportunity:
    """An opportunity the user may see; ``Opportunity.DoesNotExist`` otherwise (hidden and
    missing look alike)."""
    opportunity = visible_opportunities(user=user).filter(pk=opportunity_id).first()
    if opportunity is None:
        raise Opportunity.DoesNotExist(_("No such opportunity."))
    return opportunity


def is_owner_member(*, user: AnyUser, opportunity: Opportunity) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or opportunity.owner_id in list_organisation_ids(user=user)


def is_broker(*, user: AnyUser, opportunity: Opportunity) -> bool:
    """Coordinators of the opportunity's partnership act as its brokers (and administrators)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if opportunity.partnership_id is None:
        return False
    return partnership_queries.is_coordinator_of(
        user=user, partnership_id=opportunity.partnership_id
    )


def can_edit_opportunity(*, user: AnyUser, opportunity: Opportunity) -> bool:
    return is_owner_member(user=user, opportunity=opportunity) or is_broker(
        user=user, opportunity=opportunity
    )


@dataclass(frozen=True)
class OpportunityFilters:
    kind: str = ""
    country: str = ""
    technology: str = ""
    sector: str = ""
    q: str = ""


def list_published_opportunities(
    *, user: AnyUser, filters: OpportunityFilters
) -> QuerySet[Opportunity]:
    rows = visible_opportunities(user=user).filter(status=OpportunityStatus.PUBLISHED)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.country:
        rows = rows.filter(
            Q(owner__country_id=filters.country.upper())
            | Q(target_countries__iso2=filters.country.upper())
        )
    if filters.technology:
        rows = rows.filter(tags__facet="technologies", tags__slug=filters.technology)
    if filters.sector:
        rows = rows.filter(tags__facet="sectors", tags__slug=filters.sector)
    if filters.q:
        for word in filters.q.split()[:8]:
            rows = rows.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return rows.distinct().order_by("-published_at", "-pk")


def list_organisation_opportunities(*, user: AnyUser) -> QuerySet[Opportunity]:
    """Every opportunity of the user's organisations, drafts included."""
    return (
        Opportunity.objects.select_related("owner", "partnership")
        .filter(owner_id__in=list_organisation_ids(user=user))
        .annotate(pending_interests=Count("interests", filter=Q(interests__status="pending")))
        .order_by("-updated_at", "-pk")
    )


# ---------------------------------------------------------------- matches


@dataclass(frozen=True)
class MatchFilters:
    country: str = ""
    cross_border_only: bool = False
    min_score: float = 0.0
    include_hidden: bool = False


def list_matches(
    *, user: AnyUser, opportunity: Opportunity, filters: MatchFilters
) -> list[MatchSuggestion]:
    """Providers for a need or a cooperation request: pinned first, then by score.

    A provider opportunity the viewer may not see is left out.
    """
    rows = MatchSuggestion.objects.select_related(
        "provider_organisation__country", "provider_opportunity__owner__country"
    ).filter(opportunity=opportunity)
    rows = rows.filter(Q(is_current=True) | Q(source="broker") | Q(is_pinned=True))
    if not filters.include_hidden:
        rows = rows.filter(is_hidden=False)
    if filters.country:
        rows = rows.filter(provider_country=filters.country.upper())
    if filters.cross_border_only:
        rows = rows.filter(cross_border=True)
    if filters.min_score:
        rows = rows.filter(Q(score__gte=filters.min_score) | Q(source="broker"))
    visible = visible_opportunities(user=user).values("pk")
    rows = rows.filter(
        Q(provider_opportunity__isnull=True) | Q(provider_opportunity_id__in=visible)
    )
    return list(rows.order_by("-is_pinned", "-score", "pk"))


def count_matches(*, user: AnyUser, opportunity_ids: Sequence[int]) -> dict[int, int]:
    """How many matches each opportunity's matches page shows ``user`` unfiltered (current,
    broker-added or pinned, not hidden, the provider's opportunity visible); 0s are left out."""
    visible = visible_opportunities(user=user).values("pk")
    rows = (
        MatchSuggestion.objects.filter(opportunity_id__in=opportunity_ids, is_hidden=False)
        .filter(Q(is_current=True) | Q(source="broker") | Q(is_pinned=True))
        .filter(Q(provider_opportunity__isnull=True) | Q(provider_opportunity_id__in=visible))
        .values("opportunity_id")
        .annotate(count=Count("pk"))
    )
    return {row["opportunity_id"]: row["count"] for row in rows}


def list_match_countries(*, opportunity: Opportunity) -> list[tuple[str, str]]:
    """(ISO code, name) of the countries among an opportunity's current matches, by name.

    For a need: the providers' countries; for an offer: the countries of the needs it serves.
    """
    if opportunity.seeks_providers:
        codes = set(
            MatchSuggestion.objects.filter(opportunity=opportunity, is_current=True)
            .exclude(provider_country="")
            .values_list("provider_country", flat=True)
        )
    else:
        codes = set(
            MatchSuggestion.objects.filter(
                provider_opportunity=opportunity, is_current=True
            ).values_list("opportunity__owner__country_id", flat=True)
        )
    names = {  # in the reader's language (the picker and the list's rows)
        country.iso2: country.display_name
        for country in directory_queries.list_countries(codes=[code for code in codes if code])
    }
    return by_local_name((code, names.get(code, code)) for code in codes if code)


def list_served_needs(
    *, user: AnyUser, offer: Opportunity, filters: MatchFilters
) -> list[MatchSuggestion]:
    """Needs an offer could serve: published needs whose matches rank this offer."""
    rows = MatchSuggestion.objects.select_related("opportunity__owner__country").filter(
        provider_opportunity=offer,
        is_hidden=False,
        opportunity__status=OpportunityStatus.PUBLISHED,
        opportunity_id__in=visible_opportunities(user=user).values("pk"),
    )
    rows = rows.filter(Q(is_current=True) | Q(source="broker") | Q(is_pinned=True))
    if filters.country:
        rows = rows.filter(opportunity__owner__country_id=filters.country.upper())
    if filters.cross_border_only:
        rows = rows.filter(cross_border=True)
    if filters.min_score:
        rows = rows.filter(score__gte=filters.min_score)
    return list(rows.order_by("-score", "pk"))


def feedback_of(*, user: AnyUser, matches: list[MatchSuggestion]) -> dict[int, bool]:
    if not user.is_authenticated:
        return {}
    return dict(
        MatchFeedback.objects.filter(user_id=user.pk, match__in=matches).values_list(
            "match_id", "is_useful"
        )
    )


@dataclass(frozen=True)
class QualityReport:
    interests: int
    accepted: int
    declined: int
    pending: int
    marked: int
    marked_useful: int
    pinned: int
    hidden: int
    added_by_broker: int

    @property
    def acceptance_rate(self) -> float | None:
        """Accepted among answered expressions of interest (None when none was answered)."""
        answered = self.accepted + self.declined
        return self.accepted / answered if answered else None

    @property
    def precision(self) -> float | None:
        """Suggestions marked useful among suggestions marked (None when none was marked)."""
        return self.marked_useful / self.marked if self.marked else None


def get_quality_report(*, partnership_ids: list[int] | None) -> QualityReport:
    """Figures over the opportunities of ``partnership_ids`` (None: the whole marketplace)."""
    opportunities = Opportunity.objects.all()
    if partnership_ids is not None:
        opportunities = opportunities.filter(partnership_id__in=partnership_ids)
    interests = ExpressionOfInterest.objects.filter(opportunity__in=opportunities)
    counts = interests.aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(status=InterestStatus.ACCEPTED)),
        declined=Count("pk", filter=Q(status=InterestStatus.DECLINED)),
        pending=Count("pk", filter=Q(status=InterestStatus.PENDING)),
    )
    engine_matches = MatchSuggestion.objects.filter(opportunity__in=opportunities)
    feedback = MatchFeedback.objects.filter(match__in=engine_matches.filter(source="engine"))
    marks = feedback.aggregate(total=Count("pk"), useful=Count("pk", filter=Q(is_useful=True)))
    match_counts = engine_matches.aggregate(
        pinned=Count("pk", filter=Q(is_pinned=True)),
        hidden=Count("pk", filter=Q(is_hidden=True)),
        added=Count("pk", filter=Q(source="broker")),
    )
    return QualityReport(
        interests=counts["total"],
        accepted=counts["accepted"],
        declined=counts["declined"],
        pending=counts["pending"],
        marked=marks["total"],
        marked_useful=marks["useful"],
        pinned=match_counts["pinned"],
        hidden=match_counts["hidden"],
        added_by_broker=match_counts["added"],
    )


def list_brokered_partnership_ids(*, user: AnyUser) -> list[int] | None:
    """Partnerships whose marketplace the user brokers; None for administrators (all)."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return None
    return list(_brokered_partnership_ids(user))


# ---------------------------------------------------------------- interests, follows


def list_interests(*, opportunity: Opportunity) -> QuerySet[ExpressionOfInterest]:
    return (
        ExpressionOfInterest.objects.select_related("organisation", "author")
        .filter(opportunity=opportunity)
        .order_by("-created_at", "-pk")
    )


def get_interest(*, user: AnyUser, interest_id: int) -> ExpressionOfInterest:
    """An expression of interest its owner side or its author side may see;
    ``ExpressionOfInterest.DoesNotExist`` otherwise."""
    interest = (
        ExpressionOfInterest.objects.select_related("opportunity", "organisation")
        .filter(pk=interest_id)
        .first()
    )
    if interest is None or not user.is_authenticated:
        raise ExpressionOfInterest.DoesNotExist(_("No such expression of interest."))
    if user.is_superuser:
        return interest
    organisation_ids = list_organisation_ids(user=user)
    if interest.organisation_id in organisation_ids:
        return interest
    if can_edit_opportunity(user=user, opportunity=interest.opportunity):
        return interest
    raise ExpressionOfInterest.DoesNotExist(_("No such expression of interest."))


def is_following(
    *, user: AnyUser, opportunity_id: int | None = None, partnership_id: int | None = None
) -> bool:
    if not user.is_authenticated:
        return False
    subject: dict[str, int | None] = {
        "opportunity_id": opportunity_id,
        "partnership_id": partnership_id,
    }
    return Follow.objects.filter(user_id=user.pk, **subject).exists()


def can_see_opportunity(*, user: AnyUser, opportunity_id: int | None) -> bool:
    """May ``user`` see this opportunity (its page's rule)? Asked by the notifications centre."""
    if opportunity_id is None:
        return False
    return visible_opportunities(user=user).filter(pk=opportunity_id).exists()


def can_see_interest(*, user: AnyUser, interest_id: int | None) -> bool:
    """May ``user`` see this expression of interest (either side's people, the brokers)?"""
    if interest_id is None:
        return False
    try:
        get_interest(user=user, interest_id=interest_id)
    except ExpressionOfInterest.DoesNotExist:
        return False
    return True


# ---------------------------------------------------------------- suggested tags


@dataclass(frozen=True)
class SuggestedTag:
    tag: Tag
    score: float
    evidence: tuple[str, ...]


def suggest_tags(*, text: str, top: int = 5) -> list[SuggestedTag]:
    """Taxonomy tags the auto-tagger proposes for ``text``, best first, per facet.

    Embeds one text with the worker's embedder (the author asked for it explicitly).
    """
    from crosscluster.engines.matching import default_tag_model, tag_profiles
    from crosscluster.marketplace.adapters import make_embedder

    if len(text.split()) < 3:
        return []
    embedder = make_embedder()
    tag_model = default_tag_model(embedder)
    found: list[SuggestedTag] = []
    for facet in ("technologies", "sectors", "services"):
        if facet not in tag_model.facets:
            continue
        (suggestions,) = tag_profiles(
            [text], facet=facet, embedder=embedder, tag_model=tag_model, top=top
        )
        labels = {item.label: item for item in suggestions}
        for tag in directory_queries.list_tags(facet=facet).filter(label__in=list(labels)):
            item = labels[tag.label]
            found.append(SuggestedTag(tag=tag, score=round(item.score, 2), evidence=item.evidence))
    return sorted(found, key=lambda item: (-item.score, item.tag.label))


def list_own_organisations(
    *, user: AnyUser, excluding_id: int | None = None
) -> QuerySet[Organisation]:
    """The organisations the user may act for (administrators: every one), in name order, but
    ``excluding_id`` (an opportunity's owner, who does not answer itself)."""
    if user.is_authenticated and user.is_superuser:
        organisations = directory_queries.organisations_by_name(organisation_ids=None)
    else:
        organisations = directory_queries.organisations_by_name(
            organisation_ids=list_organisation_ids(user=user)
        )
    if excluding_id is not None:
        organisations = organisations.exclude(pk=excluding_id)
    return organisations


def list_opportunity_tags(*, opportunity: Opportunity, facet: str) -> QuerySet[Tag]:
    """The opportunity's tags of one facet (the edit form's initial choice)."""
    return opportunity.tags.filter(facet=facet)


def pending_opportunities() -> QuerySet[Opportunity]:
    """Published seekers (needs, cooperation requests) whose matches are missing or stale."""

    return (
        Opportunity.objects.select_related("owner")
        .prefetch_related("tags", "target_countries")
        .filter(status=OpportunityStatus.PUBLISHED)
        .exclude(kind__in=list(OFFER_KINDS))
        .filter(
            Q(matches_computed_at__isnull=True)
            | Q(matches_requested_at__gt=F("matches_computed_at"))
        )
    )


def find_match_to_act_on(*, user: AnyUser, match_id: int) -> MatchSuggestion | None:
    """A match of a need that ``user``'s organisation owns (its members act on its matches:
    invite the provider to talk); None for anybody else, or a match they may not see."""
    match = (
        MatchSuggestion.objects.select_related(
            "opportunity__owner", "provider_organisation", "provider_opportunity__owner"
        )
        .filter(pk=match_id)
        .first()
    )
    if match is None or not is_owner_member(user=user, opportunity=match.opportunity):
        return None
    if match.provider_opportunity_id is not None and not can_see_opportunity(
        user=user, opportunity_id=match.provider_opportunity_id
    ):
        return None
    return match


def provider_of(match: MatchSuggestion) -> Organisation | None:
    """The organisation a match suggests (directly, or the owner of the suggested offer)."""
    if match.provider_organisation is not None:
        return match.provider_organisation
    if match.provider_opportunity is not None:
        return match.provider_opportunity.owner
    return None


def personal_data(user_id: int) -> dict[str, object]:
    """What the marketplace holds about a person (their download; see core.personal_data)."""
    return {
        "opportunities_created": list(
            Opportunity.objects.filter(created_by_id=user_id).values(
                "id", "title", "kind", "status", "created_at"
            )
        ),
        "expressions_of_interest_written": list(
            ExpressionOfInterest.objects.filter(author_id=user_id).values(
                "id", "opportunity_id", "offer", "message", "status", "created_at"
            )
        ),
        "interests_decided": list(
            ExpressionOfInterest.objects.filter(decided_by_id=user_id).values(
                "id", "status", "answer", "decided_at"
            )
        ),
        "match_feedback": list(
            MatchFeedback.objects.filter(user_id=user_id).values(
                "match_id", "is_useful", "created_at"
            )
        ),
        "follows": list(
            Follow.objects.filter(user_id=user_id).values(
                "opportunity_id", "partnership_id", "created_at"
            )
        ),
    }


def opportunity_texts(opportunity: Opportunity) -> list[TranslatableText]:
    """What of a need or offer may be translated (the limits are the original's, services)."""
    return [
        TranslatableText(
            "title", _("Title"), opportunity.title, required=True, multiline=False, limit=200
        ),
        TranslatableText("description", _("Description"), opportunity.description),
    ]


def opportunities_for_readers(
    *, opportunities: Sequence[Opportunity], language: str
) -> list[tuple[Opportunity, ReaderTexts]]:
    """Each need or offer with its title and description in ``language`` where translated,
    else as written (the list and the page)."""
    return for_readers(
        opportunities,
        model=OpportunityTranslation,
        owner_field="opportunity",
        texts_of=opportunity_texts,
        language=language,
    )


def match_titles_for_reader(
    *, matches: Sequence[MatchSuggestion], seeks_providers: bool, language: str
) -> dict[int, ReaderTexts]:
    """Match pk -> the listed opportunity's texts in ``language`` (one query): a need's
    providers' offers, or the needs an offer serves."""
    listed = {
        match.pk: match.provider_opportunity if seeks_providers else match.opportunity
        for match in matches
    }
    shown = dict(
        opportunities_for_readers(
            opportunities=[item for item in listed.values() if item is not None],
            language=language,
        )
    )
    return {pk: shown[item] for pk, item in listed.items() if item is not None}


def opportunity_for_reader(*, opportunity: Opportunity, language: str) -> ReaderTexts:
    return opportunities_for_readers(opportunities=[opportunity], language=language)[0][1]


def list_opportunity_translations(*, opportunity: Opportunity) -> dict[str, OpportunityTranslation]:
    return list_held(model=OpportunityTranslation, owner={"opportunity": opportunity})
