"""Writes for partnerships. Atomic, keyword-only; errors name the field and the fix."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

if TYPE_CHECKING:
    from crosscluster.directory.models import Country

from crosscluster.directory import queries as directory_queries
from crosscluster.partnerships.models import (
    FocusArea,
    Partnership,
    PartnershipKind,
)
from crosscluster.partnerships.queries import AnyUser, is_coordinator


@dataclass(frozen=True)
class PartnershipChanges:
    """Fields a coordinator may change; ``None`` leaves a field as it is."""

    name: str | None = None
    acronym: str | None = None
    kind: str | None = None
    origin: str | None = None
    phase: str | None = None
    coordinator_contact_name: str | None = None
    coordinator_contact_role: str | None = None
    start_date: date | None = None
    duration_months: int | None = None
    summary: str | None = None
    results_expected: str | None = None
    funding_acknowledgement: str | None = None
    disclaimer: str | None = None
    target_country_codes: list[str] | None = None
    focus_area_labels: list[str] | None = None
    is_public: bool | None = None


TEXT_LIMITS = {
    "name": 200,
    "acronym": 30,
    "origin": 200,
    "phase": 120,
    "coordinator_contact_name": 200,
    "coordinator_contact_role": 120,
}


def update_partnership(
    *, user: AnyUser, partnership: Partnership, changes: PartnershipChanges
) -> Partnership:
    """Apply a coordinator's changes; all or nothing."""
    if not is_coordinator(user=user, partnership=partnership):
        raise PermissionDenied("Only the partnership's coordinators may edit it.")
    errors: dict[str, list[str]] = {}
    for field, limit in TEXT_LIMITS.items():
        value = getattr(changes, field)
        if value is not None and len(value.strip()) > limit:
            errors[field] = [f"Use at most {limit} characters (now {len(value.strip())})."]
    if changes.name is not None and not changes.name.strip():
        errors["name"] = ["The name cannot be empty."]
    if changes.summary is not None and not changes.summary.strip():
        errors["summary"] = ["Write a summary of the partnership's objectives."]
    if changes.kind is not None and changes.kind not in PartnershipKind.values:
        errors["kind"] = [f"Choose one of: {', '.join(PartnershipKind.values)}."]
    if changes.duration_months is not None and not 1 <= changes.duration_months <= 240:
        errors["duration_months"] = ["Give the duration in months, from 1 to 240."]
    countries: list[Country] = []
    if changes.target_country_codes is not None:
        codes = [code.strip().upper() for code in changes.target_country_codes if code.strip()]
        countries = directory_queries.list_countries(codes=codes)
        unknown = sorted(set(codes) - {c.pk for c in countries})
        if unknown:
            errors["target_countries"] = [
                f"Unknown country code(s) {', '.join(unknown)}: use ISO 3166 two-letter codes (US, JP)."
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for field in (
            *TEXT_LIMITS,
            "kind",
            "start_date",
            "duration_months",
            "summary",
            "results_expected",
            "funding_acknowledgement",
            "disclaimer",
            "is_public",
        ):
            value = getattr(changes, field)
            if value is not None:
                setattr(partnership, field, value.strip() if isinstance(value, str) else value)
        partnership.full_clean(exclude=["coordinator"])
        partnership.save()
        if changes.target_country_codes is not None:
            partnership.target_countries.set(countries)
        if changes.focus_area_labels is not None:
            areas = [
                FocusArea.objects.get_or_create(label=label.strip())[0]
                for label in changes.focus_area_labels
                if label.strip()
            ]
            partnership.focus_areas.set(areas)
    return partnership
