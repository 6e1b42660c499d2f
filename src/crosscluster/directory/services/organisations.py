"""Writes for the directory. Atomic, keyword-only; errors name the field and the fix.

Organisations keep ``search_text`` (normalised name, city and description) current here; the
database keeps the search index and the tag rows' facet copies current from it (see
``search_index``). Cluster validation: ``submit_cluster_for_review`` -> ``review_cluster``
(validated for a year, or rejected) -> ``expire_cluster_validations`` once the year is over;
renewal is a new review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from crosscluster.accounts.queries import AnyUser
from crosscluster.core.regions import NUTS_COUNTRY
from crosscluster.core.text import normalise_for_search, unique_slug
from crosscluster.directory import queries, search_index
from crosscluster.directory.models import (
    ClusterMembership,
    ClusterReview,
    Country,
    DataSource,
    NutsRegion,
    Organisation,
    OrganisationKind,
    OrganisationSize,
    OrganisationTag,
    Tag,
    ValidationStatus,
)
from crosscluster.directory.services import mail
from crosscluster.engines.clusters.criteria import CriterionResult, unmet, valid_until

DIRECTORY_TABLES = (
    "directory_organisation",
    "directory_organisationtag",
    "directory_clustermembership",
    "directory_tag",
)
TEXT_LIMITS = {"name": 300, "city": 120, "website": 300, "description": 10_000}
REVIEW_DECISIONS = (ValidationStatus.VALIDATED, ValidationStatus.REJECTED)


@dataclass(frozen=True)
class TagChoice:
    """A tag of the EDIH taxonomy, by facet and slug, with a competence level from 1 to 5."""

    facet: str
    slug: str
    level: int


@dataclass(frozen=True)
class OrganisationChanges:
    """Fields members may change; ``None`` leaves a field as it is."""

    name: str | None = None
    kind: str | None = None
    country: str | None = None  # ISO 3166 alpha-2
    nuts_region: str | None = None  # NUTS code; "" removes it
    city: str | None = None
    website: str | None = None
    description: str | None = None
    size: str | None = None
    management_staff: int | None = None
    tags: Sequence[TagChoice] | None = None  # replaces all tags when given


def search_text_of(organisation: Organisation) -> str:
    """What ``Organisation.search_text`` must hold (bulk loaders compute the same)."""
    return normalise_for_search(organisation.name, organisation.city, organisation.description)


def _check_fields(
    values: dict[str, object], errors: dict[str, list[str]]
) -> tuple[Country | None, NutsRegion | None]:
    """Validate the given fields into ``errors``; return the country and region they name."""
    for field, limit in TEXT_LIMITS.items():
        value = values.get(field)
        if isinstance(value, str) and len(value) > limit:
            errors.setdefault(field, []).append(
                _("Use at most %(limit)s characters (now %(count)s).")
                % {"limit": limit, "count": len(value)}
            )
    if "name" in values and not str(values["name"]).strip():
        errors.setdefault("name", []).append(_("Give the organisation's name."))
    if "kind" in values and values["kind"] not in OrganisationKind.values:
        errors.setdefault("kind", []).append(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(OrganisationKind.values)}
        )
    if "size" in values and values["size"] not in OrganisationSize.values:
        errors.setdefault("size", []).append(
            _("Choose one of: %(choices)s (or leave empty).")
            % {"choices": ", ".join(v for v in OrganisationSize.values if v)}
        )
    website = str(values.get("website") or "")
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            errors.setdefault("website", []).append(
                _("Enter the full address starting with https://, e.g. https://www.example.eu.")
            )
    staff = values.get("management_staff")
    if staff is not None and (not isinstance(staff, int) or staff < 0 or staff > 10_000):
        errors.setdefault("management_staff", []).append(
            _("Give the number of management staff as a whole number from 0 to 10000.")
        )
    country = None
    if "country" in values:
        code = str(values["country"] or "").strip().upper()
        country = Country.objects.filter(pk=code).first() if code else None
        if country is None:
            errors.setdefault("country", []).append(
                _("Unknown country code %(code)r: use an ISO 3166 two-letter code such as DE.")
                % {"code": code}
            )
    region = None
    code = str(values.get("nuts_region") or "").strip().upper()
    if code:
        region = NutsRegion.objects.filter(pk=code).first()
        if region is None:
            errors.setdefault("nuts_region", []).append(
                _(
                    "Unknown NUTS region %(code)r: use a NUTS 2024 code such as DE21, or leave empty."
                )
                % {"code": code}
            )
    return country, region


def _check_region_in_country(
    region: NutsRegion | None, country_code: str, errors: dict[str, list[str]]
) -> None:
    if region is not None and region.country_code != NUTS_COUNTRY.get(country_code, country_code):
        errors.setdefault("nuts_region", []).append(
            _(
                "%(code)s is not in %(country_code)s: choose a region of the organisation's country, or leave it empty."
            )
            % {"code": region.code, "country_code": country_code}
        )


def _resolve_tags(tags: Sequence[TagChoice], errors: dict[str, list[str]]) -> list[tuple[Tag, int]]:
    by_key = {(tag.facet, tag.slug): tag for tag in Tag.objects.all()}
    resolved: list[tuple[Tag, int]] = []
    seen: set[tuple[str, str]] = set()
    for choice in tags:
        key = (choice.facet, choice.slug)
        tag = by_key.get(key)
        if tag is None:
            errors.setdefault("tags", []).append(
                _(
                    "Unknown %(facet)s tag %(slug)r: see /api/v1/organisations/taxonomy for the vocabulary."
                )
                % {"facet": choice.facet, "slug": choice.slug}
            )
            continue
        if not isinstance(choice.level, int) or not 1 <= choice.level <= 5:
            errors.setdefault("tags", []).append(
                _("Give %(label)r a level from 1 to 5 (got %(level)r).")
                % {"label": tag.label, "level": choice.level}
            )
            continue
        if key in seen:
            errors.setdefault("tags", []).append(
                _("%(label)r is given twice: keep one.") % {"label": tag.label}
            )
            continue
        seen.add(key)
        resolved.append((tag, choice.level))
    return resolved


def _replace_tags(organisation: Organisation, tags: list[tuple[Tag, int]]) -> None:
    OrganisationTag.objects.filter(organisation=organisation).delete()
    OrganisationTag.objects.bulk_create(
        OrganisationTag(organisation=organisation, tag=tag, level=level) for tag, level in tags
    )


def create_organisation(
    *,
    name: str,
    kind: str,
    country: str,
    nuts_region: str = "",
    city: str = "",
    website: str = "",
    description: str = "",
    size: str = "",
    management_staff: int | None = None,
    tags: Sequence[TagChoice] = (),
    source: str = DataSource.USER,
    source_reference: str = "",
    source_vintage: str = "",
) -> Organisation:
    """A new organisation (clusters start provisional); all or nothing."""
    values: dict[str, object] = {
        "name": name.strip(),
        "kind": kind,
        "country": country,
        "nuts_region": nuts_region,
        "city": city.strip(),
        "website": website.strip(),
        "description": description.strip(),
        "size": size,
        "management_staff": management_staff,
    }
    errors: dict[str, list[str]] = {}
    found_country, region = _check_fields(values, errors)
    if found_country is not None:
        _check_region_in_country(region, found_country.pk, errors)
    if source not in DataSource.values:
        errors["source"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(DataSource.values)}
        ]
    resolved_tags = _resolve_tags(tags, errors)
    if errors:
        raise ValidationError(errors)
    assert found_country is not None
    base = unique_slug(str(values["name"]), set(), max_length=100)
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    with transaction.atomic():
        organisation = Organisation(
            slug=unique_slug(str(values["name"]), taken, max_length=100),
            name=str(values["name"]),
            kind=kind,
            country=found_country,
            nuts_region=region,
            city=str(values["city"]),
            website=str(values["website"]),
            description=str(values["description"]),
            size=size,
            management_staff=management_staff,
            source=source,
            source_reference=source_reference.strip(),
            source_vintage=source_vintage.strip(),
            validation_status=(
                ValidationStatus.PROVISIONAL if kind == OrganisationKind.CLUSTER else ""
            ),
        )
        organisation.search_text = search_text_of(organisation)
        organisation.save()
        _replace_tags(organisation, resolved_tags)
    return organisation


def update_organisation(
    *, user: AnyUser, organisation: Organisation, changes: OrganisationChanges
) -> Organisation:
    """Apply a member's changes (fields and, if given, all tags); all or nothing."""
    if not queries.can_edit(user=user, organisation=organisation):
        raise PermissionDenied(
            _("Only members of this organisation (or administrators) may edit it.")
        )
    values = {
        field: getattr(changes, field)
        for field in (
            "name",
            "kind",
            "country",
            "nuts_region",
            "city",
            "website",
            "description",
            "size",
            "management_staff",
        )
        if getattr(changes, field) is not None
    }
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    errors: dict[str, list[str]] = {}
    found_country, region = _check_fields(values, errors)
    country_code = found_country.pk if found_country is not None else organisation.country_id
    if "nuts_region" not in values and "country" in values and organisation.nuts_region_id:
        region = organisation.nuts_region  # a new country must still contain the region
    _check_region_in_country(region, country_code, errors)
    kind = str(values.get("kind", organisation.kind))
    if (kind == OrganisationKind.CLUSTER) != organisation.is_cluster and not (
        queries.is_platform_administrator(user)
    ):
        errors.setdefault("kind", []).append(
            _(
                "Only platform administrators can turn an organisation into a cluster or back: ask an administrator."
            )
        )
    resolved_tags = _resolve_tags(changes.tags, errors) if changes.tags is not None else None
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for field in ("name", "city", "website", "description", "size", "management_staff"):
            if field in values:
                setattr(organisation, field, values[field])
        if found_country is not None:
            organisation.country = found_country
        if "nuts_region" in values:
            organisation.nuts_region = region
        if kind != organisation.kind:
            organisation.kind = kind
            if kind == OrganisationKind.CLUSTER:
                organisation.validation_status = ValidationStatus.PROVISIONAL
            else:
                organisation.validation_status = ""
                organisation.validated_until_date = None
                organisation.review_requested_at = None
        organisation.search_text = search_text_of(organisation)
        organisation.save()
        if resolved_tags is not None:
            _replace_tags(organisation, resolved_tags)
    return organisation


# ------------------------------------------------------------------------ cluster members
def _check_can_manage_members(user: AnyUser, cluster: Organisation) -> None:
    if not queries.can_manage(user=user, organisation=cluster):
        raise PermissionDenied(_("Only the cluster's managers (or administrators) manage members."))
    if not cluster.is_cluster:
        raise ValidationError(
            {
                "cluster": [
                    _("%(name)s is not a cluster: choose a cluster.") % {"name": cluster.name}
                ]
            }
        )


def add_cluster_member(
    *,
    user: AnyUser,
    cluster: Organisation,
    member: Organisation,
    joined_date: dt.date | None = None,
) -> ClusterMembership:
    _check_can_manage_members(user, cluster)
    if member.pk == cluster.pk:
        raise ValidationError({"member": [_("A cluster cannot be a member of itself.")]})
    membership, _created = ClusterMembership.objects.get_or_create(
        cluster=cluster, member=member, defaults={"joined_date": joined_date}
    )
    return membership


def remove_cluster_member(*, user: AnyUser, cluster: Organisation, member: Organisation) -> bool:
    """True when the member was removed; False when it was not a member."""
    _check_can_manage_members(user, cluster)
    deleted, _per_model = ClusterMembership.objects.filter(cluster=cluster, member=member).delete()
    return bool(deleted)


# --------------------------------------------------------------------- cluster validation
def submit_cluster_for_review(
    *, user: AnyUser, cluster: Organisation, now: dt.datetime
) -> Organisation:
    """The cluster's managers ask for a review (first validation or yearly renewal)."""
    if not queries.can_manage(user=user, organisation=cluster):
        raise PermissionDenied(_("Only the cluster's managers may ask for a review."))
    if not cluster.is_cluster:
        raise ValidationError(
            {
                "cluster": [
                    _("%(name)s is not a cluster: only clusters are reviewed.")
                    % {"name": cluster.name}
                ]
            }
        )
    Organisation.objects.filter(pk=cluster.pk).update(review_requested_at=now)
    cluster.review_requested_at = now
    return cluster


class UnmetCriteriaError(ValidationError):
    """A validation refused because criteria are not met. ``results`` are the engine's unmet
    criteria (codes and numbers) for the pages to word in their reader's language
    (``directory.wording.refusal``); the message names the criteria in the active language."""

    def __init__(self, results: Sequence[CriterionResult]) -> None:
        self.results = tuple(results)
        names = "; ".join(_(result.label) for result in self.results)
        super().__init__({"decision": [_("Cannot validate: %(missing)s") % {"missing": names}]})


def _decision_date(now: dt.datetime) -> dt.date:
    return now.astimezone(dt.UTC).date() if now.tzinfo else now.date()


def review_cluster(
    *, reviewer: AnyUser, cluster: Organisation, decision: str, comment: str, now: dt.datetime
) -> ClusterReview:
    """An administrator's decision, recorded with the criteria as evaluated now.

    Validated: every published criterion must be met (else ``UnmetCriteriaError``, carrying the
    engine's results); valid for one year from the decision date. Rejected: the comment must say
    what to change. The cluster's managers are told by e-mail, each in their own language.
    """
    if not queries.can_review_clusters(reviewer):
        raise PermissionDenied(_("Only platform administrators and staff review clusters."))
    if not cluster.is_cluster:
        raise ValidationError(
            {
                "cluster": [
                    _("%(name)s is not a cluster: only clusters are reviewed.")
                    % {"name": cluster.name}
                ]
            }
        )
    errors: dict[str, list[str]] = {}
    if decision not in REVIEW_DECISIONS:
        errors["decision"] = [_("Choose %(choices)s.") % {"choices": " or ".join(REVIEW_DECISIONS)}]
    comment = comment.strip()
    results = queries.evaluate_cluster_criteria(cluster=cluster)
    missing = unmet(results)
    if decision == ValidationStatus.VALIDATED and missing:
        raise UnmetCriteriaError(missing)
    if decision == ValidationStatus.REJECTED and not comment:
        errors["comment"] = [_("Say what the cluster must change to be validated.")]
    if errors:
        raise ValidationError(errors)
    decided = _decision_date(now)
    until = valid_until(decided) if decision == ValidationStatus.VALIDATED else None
    with transaction.atomic():
        review = ClusterReview.objects.create(
            cluster=cluster,
            reviewer=None if isinstance(reviewer, AnonymousUser) else reviewer,
            decision=decision,
            criteria=[result.as_record() for result in results],
            comment=comment,
            decided_at=now,
            valid_until_date=until,
        )
        cluster.validation_status = decision
        cluster.validated_until_date = until
        cluster.review_requested_at = None
        Organisation.objects.filter(pk=cluster.pk).update(
            validation_status=decision, validated_until_date=until, review_requested_at=None
        )
        mail.cluster_reviewed(review)
    return review


def expire_cluster_validations(*, now: dt.datetime) -> int:
    """Move validations whose year is over to expired (recorded as a review); returns how many."""
    today = _decision_date(now)
    with transaction.atomic():
        overdue = list(
            Organisation.objects.select_for_update()
            .filter(
                kind=OrganisationKind.CLUSTER,
                validation_status=ValidationStatus.VALIDATED,
            )
            .filter(Q(validated_until_date__lt=today) | Q(validated_until_date__isnull=True))
            .only("pk", "validated_until_date")
        )
        ClusterReview.objects.bulk_create(
            ClusterReview(
                cluster=cluster,
                reviewer=None,
                decision=ValidationStatus.EXPIRED,
                criteria=[],
                comment=(
                    f"The validation ended on {cluster.validated_until_date}: ask for a "
                    "review to renew it."
                    if cluster.validated_until_date
                    else "The validation had no end date: ask for a review to renew it."
                ),
                decided_at=now,
            )
            for cluster in overdue
        )
        Organisation.objects.filter(pk__in=[cluster.pk for cluster in overdue]).update(
            validation_status=ValidationStatus.EXPIRED
        )
    return len(overdue)


# -------------------------------------------------------------------------- search index
def refresh_search_index() -> None:
    """After a bulk load: restore the search index if missing and refresh planner statistics.

    Rows written with ``bulk_create`` are indexed by the database triggers already; this re-reads
    every organisation only when the index (or a trigger) was missing.
    """
    if not search_index.is_installed(connection):
        search_index.rebuild(connection)
    with connection.cursor() as cursor:
        for table in DIRECTORY_TABLES:
            cursor.execute(f"ANALYZE {table}")
