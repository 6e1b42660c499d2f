"""The partnership's page fields, changed by its coordinators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from crosscluster.directory.models import Country

from crosscluster.core.i18n import content_language, language_in_sentence, supported_language
from crosscluster.directory import queries as directory_queries
from crosscluster.engines.workplan import period_end
from crosscluster.partnerships.models import (
    FocusArea,
    Partnership,
    PartnershipKind,
    PartnershipTranslation,
    WorkItem,
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
        raise PermissionDenied(_("Only the partnership's coordinators may edit it."))
    errors: dict[str, list[str]] = {}
    countries = check_profile(changes, errors)
    _check_work_plan_fits(partnership, changes, errors)
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
        if changes.summary is not None:
            partnership.language = content_language(partnership.summary, author=user)
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


def check_profile(changes: PartnershipChanges, errors: dict[str, list[str]]) -> list[Country]:
    """Add a problem per bad field to ``errors``; the target countries named by the changes."""
    for field, limit in TEXT_LIMITS.items():
        value = getattr(changes, field)
        if value is not None and len(value.strip()) > limit:
            errors[field] = [
                _("Use at most %(limit)s characters (now %(count)s).")
                % {"limit": limit, "count": len(value.strip())}
            ]
    if changes.name is not None and not changes.name.strip():
        errors["name"] = [_("The name cannot be empty.")]
    if changes.summary is not None and not changes.summary.strip():
        errors["summary"] = [_("Write a summary of the partnership's objectives.")]
    if changes.kind is not None and changes.kind not in PartnershipKind.values:
        errors["kind"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(PartnershipKind.values)}
        ]
    if changes.duration_months is not None and not 1 <= changes.duration_months <= 240:
        errors["duration_months"] = [_("Give the duration in months, from 1 to 240.")]
    countries: list[Country] = []
    if changes.target_country_codes is not None:
        codes = [code.strip().upper() for code in changes.target_country_codes if code.strip()]
        countries = directory_queries.list_countries(codes=codes)
        unknown = sorted(set(codes) - {c.pk for c in countries})
        if unknown:
            errors["target_countries"] = [
                _("Unknown country code(s) %(choices)s: use ISO 3166 two-letter codes (US, JP).")
                % {"choices": ", ".join(unknown)}
            ]
    return countries


def _check_work_plan_fits(
    partnership: Partnership, changes: PartnershipChanges, errors: dict[str, list[str]]
) -> None:
    """A new start or duration must keep every work-plan date inside the partnership's period."""
    if changes.start_date is None and changes.duration_months is None:
        return
    if "duration_months" in errors:
        return
    start = changes.start_date or partnership.start_date
    end = period_end(start, changes.duration_months or partnership.duration_months)
    outside = sorted(
        code
        for code, due, begins in WorkItem.objects.filter(
            work_package__partnership=partnership
        ).values_list("code", "due_date", "start_date")
        if not start <= due <= end or (begins is not None and begins < start)
    )
    if outside:
        field = "start_date" if changes.start_date is not None else "duration_months"
        errors.setdefault(field, []).append(
            _(
                "The work-plan items %(choices)s would fall outside the new period (%(start)s to %(end)s): move their dates first."
            )
            % {
                "choices": ", ".join(outside[:10]),
                "start": format(start, "%d %B %Y"),
                "end": format(end, "%d %B %Y"),
            }
        )


def translate_partnership(
    *, user: AnyUser, partnership: Partnership, language: str, summary: str, results_expected: str
) -> PartnershipTranslation | None:
    """Hold the partnership's texts in ``language`` too (a coordinator's translation); an empty
    summary removes that language's translation, so the original shows again."""
    if not is_coordinator(user=user, partnership=partnership):
        raise PermissionDenied(gettext("Only the partnership's coordinators may translate it."))
    errors: dict[str, list[str]] = {}
    code = supported_language(language)
    if code is None or code != language:
        errors["language"] = [
            gettext("“%(language)s” is not offered: use en, pt, es, fr, it, de or sv.")
            % {"language": language}
        ]
    elif code == (partnership.language or settings.LANGUAGE_CODE):
        errors["language"] = [
            gettext("The texts are written in %(language)s: edit them on the partnership.")
            % {"language": language_in_sentence(code)}
        ]
    for field, value in (("summary", summary), ("results_expected", results_expected)):
        if len(value.strip()) > TEXT_LIMITS.get(field, 20_000):
            errors[field] = [
                gettext("Use at most %(limit)s characters.")
                % {"limit": TEXT_LIMITS.get(field, 20_000)}
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if not summary.strip():
            PartnershipTranslation.objects.filter(
                partnership=partnership, language=language
            ).delete()
            return None
        translation, _created = PartnershipTranslation.objects.update_or_create(
            partnership=partnership,
            language=language,
            defaults={"summary": summary.strip(), "results_expected": results_expected.strip()},
        )
    return translation
