"""Writes for the S3 guidelines. Atomic, keyword-only; errors name the field and the fix and are
all checked before anything is written. Only the partnership's coordinators (and platform
administrators) write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.core.validation import FieldErrors
from crosscluster.directory import queries as directory_queries
from crosscluster.engines.s3 import derivation
from crosscluster.partnerships import queries as partnerships_queries
from crosscluster.partnerships.queries import AnyUser, require_coordinator
from crosscluster.regions import adapters, queries
from crosscluster.regions.models import (
    PartnerRegion,
    PriorityOrigin,
    Recommendation,
    RegionProfile,
    RegionSource,
    S3Priority,
)

if TYPE_CHECKING:
    from crosscluster.directory.models import Tag
    from crosscluster.partnerships.models import Partnership

NOT_A_COORDINATOR = gettext_lazy(
    "Only the partnership's coordinators may change its S3 guidelines."
)
TEXT_LIMIT = 10_000
MAX_TAGS = 20


@dataclass(frozen=True)
class PriorityInput:
    title: str
    description: str = ""
    tags: Sequence[str] = ()  # "<facet>:<slug>" (or a slug that is unique across facets)
    source_label: str = ""
    source_url: str = ""
    source_vintage: str = ""


# ---------------------------------------------------------------- partner regions


def _profile(*, partnership: Partnership, region_code: str, now: datetime) -> RegionProfile:
    region = queries.get_nuts2_region(region_code)
    assert region is not None
    profile, _created = RegionProfile.objects.get_or_create(
        partnership=partnership, region=region, defaults={"created_at": now}
    )
    return profile


def _drop_if_unused(profile_id: int) -> None:
    """Remove a region nobody is in any more, unless it holds priorities or edited
    recommendations (a coordinator's work is not thrown away)."""
    profile = RegionProfile.objects.filter(pk=profile_id).first()
    if profile is None or profile.partner_regions.exists():
        return
    if profile.priorities.exists() or profile.recommendations.filter(is_edited=True).exists():
        return
    profile.delete()


def set_partner_region(
    *,
    user: AnyUser,
    partnership: Partnership,
    organisation_id: int,
    region_code: str,
    now: datetime,
    source: str = RegionSource.COORDINATOR,
    source_note: str = "",
) -> PartnerRegion:
    """Put a partner in a NUTS-2 region (creating the region's profile when needed)."""
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    if source == RegionSource.COORDINATOR and not (source_note or "").strip():
        source_note = f"Set by {getattr(user, 'email', '') or 'a coordinator'}"
    return place_partner_in_region(
        partnership=partnership,
        organisation_id=organisation_id,
        region_code=region_code,
        now=now,
        source=source,
        source_note=source_note,
    )


def place_partner_in_region(
    *,
    partnership: Partnership,
    organisation_id: int,
    region_code: str,
    now: datetime,
    source: str,
    source_note: str = "",
) -> PartnerRegion:
    """``set_partner_region`` without the permission check: for the demo loader and other
    system callers that act for nobody."""
    errors = FieldErrors()
    code = (region_code or "").strip().upper()
    if not partnerships_queries.is_partner(
        partnership_id=partnership.pk, organisation_id=organisation_id
    ):
        errors.add(
            "organisation",
            _(
                "Organisation %(organisation_id)s is not a partner of this partnership: choose one of its partners."
            )
            % {"organisation_id": organisation_id},
        )
    if queries.get_nuts2_region(code) is None:
        errors.add(
            "region",
            _(
                "%(region_code)r is not a NUTS 2024 level-2 region: give its 4-character code, e.g. ES21 (País Vasco) or DE80 (Mecklenburg-Vorpommern)."
            )
            % {"region_code": region_code},
        )
    if source not in RegionSource.values:
        errors.add(
            "source", _("Choose one of: %(choices)s.") % {"choices": ", ".join(RegionSource.values)}
        )
    note = errors.text("source_note", source_note, limit=300)
    if source == RegionSource.PUBLISHED and not note:
        errors.add("source_note", _("Give the page the region comes from (its address and date)."))
    errors.raise_if_any()
    with transaction.atomic():
        profile = _profile(partnership=partnership, region_code=code, now=now)
        existing = PartnerRegion.objects.filter(
            partnership=partnership, organisation_id=organisation_id
        ).first()
        previous = existing.profile_id if existing else None
        assignment, _created = PartnerRegion.objects.update_or_create(
            partnership=partnership,
            organisation_id=organisation_id,
            defaults={
                "profile": profile,
                "source": source,
                "source_note": note,
                "updated_at": now,
            },
        )
        if previous and previous != profile.pk:
            _drop_if_unused(previous)
    return assignment


def clear_partner_region(*, user: AnyUser, partnership: Partnership, organisation_id: int) -> None:
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    with transaction.atomic():
        assignment = PartnerRegion.objects.filter(
            partnership=partnership, organisation_id=organisation_id
        ).first()
        if assignment is None:
            raise ValidationError({"organisation": [_("This partner has no region to clear.")]})
        profile_id = assignment.profile_id
        assignment.delete()
        _drop_if_unused(profile_id)


def take_regions_from_directory(
    *, user: AnyUser, partnership: Partnership, now: datetime
) -> list[PartnerRegion]:
    """Give every partner without a region the NUTS-2 region of its directory record (partners
    already placed, e.g. by a coordinator, are left as they are)."""
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    created = []
    with transaction.atomic():
        for row in queries.list_partner_regions(partnership=partnership):
            code = row["directory_code"]
            if row["assignment"] is not None or not code or not queries.get_nuts2_region(code):
                continue
            profile = _profile(partnership=partnership, region_code=code, now=now)
            created.append(
                PartnerRegion.objects.create(
                    partnership=partnership,
                    organisation=row["organisation"],
                    profile=profile,
                    source=RegionSource.DIRECTORY,
                    source_note=f"Directory record of {row['organisation'].name}",
                    updated_at=now,
                )
            )
    return created


# ---------------------------------------------------------------- priorities


def _resolve_tags(errors: FieldErrors, values: Sequence[str]) -> list[Tag]:
    wanted = [value.strip() for value in values if value and value.strip()]
    if len(wanted) > MAX_TAGS:
        errors.add("tags", _("Relate at most %(max_tags)s EDIH tags.") % {"max_tags": MAX_TAGS})
        return []
    found: list[Tag] = []
    unknown: list[str] = []
    for value in wanted:
        facet, _colon, slug = value.rpartition(":")
        tags = directory_queries.list_tags_with_slug(slug=slug, facet=facet)
        if len(tags) != 1:
            unknown.append(value)
        elif tags[0] not in found:
            found.append(tags[0])
    if unknown:
        example = directory_queries.tags_in_taxonomy_order().first()
        errors.add(
            "tags",
            (
                _("Unknown EDIH tags: %(unknown)s. Give each as <facet>:<slug>, e.g. %(example)s.")
                if example
                else _("Unknown EDIH tags: %(unknown)s. Give each as <facet>:<slug>.")
            )
            % {
                "unknown": ", ".join(unknown),
                "example": f"{example.facet}:{example.slug}" if example else "",
            },
        )
    return found


def _url(errors: FieldErrors, value: str) -> str:
    cleaned = (value or "").strip()
    if cleaned:
        parsed = urlparse(cleaned)
        if parsed.scheme not in {"http", "https"} or not parsed.netloc or len(cleaned) > 500:
            errors.add(
                "source_url",
                _("Give the address of the source as http(s)://..., at most 500 characters."),
            )
    return cleaned


def _next_position(profile: RegionProfile) -> int:
    top = S3Priority.objects.filter(profile=profile).aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def save_priority(
    *,
    user: AnyUser,
    profile: RegionProfile,
    data: PriorityInput,
    now: datetime,
    priority: S3Priority | None = None,
) -> S3Priority:
    """Add a priority to the region (``priority`` None) or change one. A priority names its
    source (an address or a label, with its vintage); a derived priority keeps its EDIH label
    and is marked edited."""
    require_coordinator(user=user, partnership_id=profile.partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    title = errors.text("title", data.title, limit=200, required=_("Name the priority area."))
    description = errors.text("description", data.description, limit=TEXT_LIMIT)
    label = errors.text("source_label", data.source_label, limit=300)
    url = _url(errors, data.source_url)
    vintage = errors.text("source_vintage", data.source_vintage, limit=60)
    derived = priority is not None and priority.is_derived
    if not derived:
        if not (label or url):
            errors.add(
                "source_url",
                _(
                    "Say where the priority comes from: the address of the region's S3 document (or its title in source_label)."
                ),
            )
        if not vintage:
            errors.add(
                "source_vintage",
                _("Give the vintage of the source, e.g. “S3 2021-2027” or “published 2022-05”."),
            )
    elif not label:
        label = priority.source_label if priority else derivation.DERIVED_LABEL
    tags = _resolve_tags(errors, data.tags)
    duplicate = S3Priority.objects.filter(profile=profile, title=title)
    if priority is not None:
        duplicate = duplicate.exclude(pk=priority.pk)
    if title and duplicate.exists():
        errors.add(
            "title",
            _("“%(title)s” is already a priority of this region: edit that one instead.")
            % {"title": title},
        )
    errors.raise_if_any()
    with transaction.atomic():
        if priority is None:
            priority = S3Priority(
                profile=profile,
                position=_next_position(profile),
                created_at=now,
                origin=PriorityOrigin.ENTERED,
            )
        else:
            priority.is_edited = priority.is_derived or priority.is_edited
        priority.title = title
        priority.description = description
        priority.source_label = label
        priority.source_url = url
        priority.source_vintage = vintage
        priority.updated_at = now
        priority.save()
        priority.tags.set(tags)
    return priority


def adopt_candidates(
    *, user: AnyUser, profile: RegionProfile, keys: Sequence[str], now: datetime
) -> list[S3Priority]:
    """Adopt candidate priorities (derived from the EDIH catalogue) as the region's priorities;
    they stay labelled as derived. Candidates already adopted (same title) are skipped."""
    require_coordinator(user=user, partnership_id=profile.partnership.pk, message=NOT_A_COORDINATOR)
    return adopt_candidate_priorities(profile=profile, keys=keys, now=now)


def adopt_candidate_priorities(
    *, profile: RegionProfile, keys: Sequence[str], now: datetime
) -> list[S3Priority]:
    """``adopt_candidates`` without the permission check (demo loader, system callers)."""
    candidates = {
        candidate.key: candidate for candidate in queries.list_candidates(region=profile.region)
    }
    wanted = [key for key in dict.fromkeys(keys) if key]
    unknown = [key for key in wanted if key not in candidates]
    if not wanted:
        raise ValidationError({"keys": [_("Choose at least one candidate priority to adopt.")]})
    if unknown:
        raise ValidationError(
            {
                "keys": [
                    _("Not a candidate of this region: %(unknown)s. Choose among: %(candidates)s.")
                    % {
                        "unknown": ", ".join(unknown),
                        "candidates": ", ".join(candidates)
                        or _("none (no hub in the region or its country)"),
                    }
                ]
            }
        )
    vintage = queries.hub_vintage()
    created = []
    with transaction.atomic():
        taken = set(S3Priority.objects.filter(profile=profile).values_list("title", flat=True))
        for key in wanted:
            candidate = candidates[key]
            if candidate.title in taken:
                continue
            priority = S3Priority.objects.create(
                profile=profile,
                title=candidate.title,
                description=candidate.description,
                wording=adapters.candidate_parts(candidate),
                origin=PriorityOrigin.DERIVED,
                source_label=derivation.DERIVED_LABEL,
                source_vintage=vintage[:60],
                position=_next_position(profile),
                created_at=now,
                updated_at=now,
            )
            facet_slugs = [tag_key.split(":", 1) for tag_key in candidate.tag_keys]
            priority.tags.set(
                [
                    tag
                    for facet, slug in facet_slugs
                    if (tag := directory_queries.find_tag(facet=facet, slug=slug)) is not None
                ]
            )
            taken.add(candidate.title)
            created.append(priority)
    return created


def delete_priority(*, user: AnyUser, priority: S3Priority) -> None:
    require_coordinator(
        user=user, partnership_id=priority.profile.partnership.pk, message=NOT_A_COORDINATOR
    )
    priority.delete()


# ---------------------------------------------------------------- recommendations


def generate_recommendations(
    *, user: AnyUser, partnership: Partnership, now: datetime
) -> dict[str, int]:
    """Regenerate every region's recommendations: unedited ones are replaced by the rules'
    current output, edited ones are kept as the coordinator wrote them. Returns counts."""
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    return regenerate_recommendations(partnership=partnership, now=now)


def regenerate_recommendations(*, partnership: Partnership, now: datetime) -> dict[str, int]:
    """``generate_recommendations`` without the permission check (demo loader, system
    callers)."""
    drafts = queries.generate_drafts(partnership=partnership)
    counts = {"created": 0, "updated": 0, "kept_edited": 0, "removed": 0}
    with transaction.atomic():
        for profile_id, profile_drafts in drafts.items():
            existing = {r.rule: r for r in Recommendation.objects.filter(profile_id=profile_id)}
            fired = {draft.rule for draft in profile_drafts}
            for rule, recommendation in existing.items():
                if recommendation.is_edited:
                    counts["kept_edited"] += 1
                elif rule not in fired:
                    recommendation.delete()
                    counts["removed"] += 1
            for position, draft in enumerate(profile_drafts):
                current = existing.get(draft.rule)
                if current is not None and current.is_edited:
                    continue
                if current is None:
                    Recommendation.objects.create(
                        profile_id=profile_id,
                        rule=draft.rule,
                        title=draft.title[:200],
                        body=draft.body,
                        facts=draft.facts,
                        wording=draft.parts,
                        position=position,
                        generated_at=now,
                    )
                    counts["created"] += 1
                else:
                    current.title = draft.title[:200]
                    current.body = draft.body
                    current.facts = draft.facts
                    current.wording = draft.parts
                    current.position = position
                    current.generated_at = now
                    current.save()
                    counts["updated"] += 1
            RegionProfile.objects.filter(pk=profile_id).update(recommendations_generated_at=now)
    return counts


def update_recommendation(
    *, user: AnyUser, recommendation: Recommendation, title: str, body: str, now: datetime
) -> Recommendation:
    require_coordinator(
        user=user, partnership_id=recommendation.profile.partnership.pk, message=NOT_A_COORDINATOR
    )
    errors = FieldErrors()
    cleaned_title = errors.text(
        "title", title, limit=200, required=_("Give the recommendation a title.")
    )
    cleaned_body = errors.text(
        "body", body, limit=TEXT_LIMIT, required=_("Write the recommendation's text.")
    )
    errors.raise_if_any()
    with transaction.atomic():
        recommendation.title = cleaned_title
        recommendation.body = cleaned_body
        recommendation.is_edited = True
        recommendation.edited_at = now
        recommendation.save()
    return recommendation


def delete_recommendation(*, user: AnyUser, recommendation: Recommendation) -> None:
    require_coordinator(
        user=user, partnership_id=recommendation.profile.partnership.pk, message=NOT_A_COORDINATOR
    )
    recommendation.delete()
