"""The work plan, kept by the coordinators: work packages; tasks, milestones and deliverables
with owners and due dates inside the partnership's period; completion with evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from crosscluster.core.validation import FieldErrors
from crosscluster.partnerships import queries
from crosscluster.partnerships.models import (
    Partnership,
    WorkItem,
    WorkItemKind,
    WorkPackage,
)
from crosscluster.partnerships.queries import AnyUser

KEEP: Literal["keep"] = "keep"
MAX_PACKAGES = 99
MAX_WEIGHT = 100


def _require_coordinator(user: AnyUser, partnership: Partnership) -> None:
    queries.require_coordinator(
        user=user,
        partnership_id=partnership.pk,
        message=_("Only the partnership's coordinators may change its work plan."),
    )


def _period_text(start: dt.date, end: dt.date) -> str:
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}"


def _check_leader(
    partnership: Partnership, leader_id: int | None, errors: FieldErrors, field: str = "leader"
) -> None:
    if leader_id is not None and leader_id not in queries.list_partner_ids(partnership=partnership):
        errors.add(
            field,
            _("The organisation with id %(leader_id)s is not a partner: choose a partner.")
            % {"leader_id": leader_id},
        )


@transaction.atomic
def add_work_package(
    *,
    user: AnyUser,
    partnership: Partnership,
    title: str,
    number: int | None = None,
    leader_id: int | None = None,
) -> WorkPackage:
    """Add a work package (numbered after the last one unless ``number`` is given)."""
    _require_coordinator(user, partnership)
    errors = FieldErrors()
    cleaned = errors.text("title", title, limit=200, required=_("Give the work package a title."))
    numbers = set(partnership.work_packages.values_list("number", flat=True))
    if number is None:
        number = max(numbers, default=0) + 1
    if not 1 <= number <= MAX_PACKAGES:
        errors.add(
            "number",
            _("Number the work package from 1 to %(max_packages)s.")
            % {"max_packages": MAX_PACKAGES},
        )
    elif number in numbers:
        errors.add(
            "number", _("WP%(number)s exists already: choose another number.") % {"number": number}
        )
    _check_leader(partnership, leader_id, errors)
    errors.raise_if_any()
    return WorkPackage.objects.create(
        partnership=partnership, number=number, title=cleaned, leader_id=leader_id
    )


@transaction.atomic
def update_work_package(
    *,
    user: AnyUser,
    package: WorkPackage,
    title: str | None = None,
    leader_id: int | Literal["keep"] | None = KEEP,
) -> WorkPackage:
    """Change a package's title or leader (``leader_id=None`` removes the leader)."""
    partnership = package.partnership
    _require_coordinator(user, partnership)
    errors = FieldErrors()
    if title is not None:
        title = errors.text("title", title, limit=200, required=_("Give the work package a title."))
    if leader_id != KEEP:
        _check_leader(partnership, leader_id, errors)
    errors.raise_if_any()
    if title is not None:
        package.title = title
    if leader_id != KEEP:
        package.leader_id = leader_id
    package.save()
    return package


@dataclass(frozen=True)
class WorkItemFields:
    """Everything a coordinator says about a task, milestone or deliverable."""

    kind: str
    code: str
    title: str
    due_date: dt.date | None
    weight: int = 1
    start_date: dt.date | None = None
    owner_organisation_id: int | None = None
    owner_person_id: int | None = None

    @classmethod
    def of(cls, item: WorkItem) -> WorkItemFields:
        return cls(
            kind=item.kind,
            code=item.code,
            title=item.title,
            due_date=item.due_date,
            weight=item.weight,
            start_date=item.start_date,
            owner_organisation_id=item.owner_organisation_id,
            owner_person_id=item.owner_person_id,
        )


def _clean_item(
    package: WorkPackage, fields: WorkItemFields, *, item_id: int | None
) -> dict[str, object]:
    partnership = package.partnership
    errors = FieldErrors()
    if fields.kind not in WorkItemKind.values:
        errors.add(
            "kind", _("Choose one of: %(choices)s.") % {"choices": ", ".join(WorkItemKind.values)}
        )
    code = errors.text(
        "code", fields.code, limit=20, required=_("Give the item a code (T1.1, D2.1).")
    )
    title = errors.text("title", fields.title, limit=200, required=_("Give the item a title."))
    if code and (
        WorkItem.objects.filter(work_package=package, code=code).exclude(pk=item_id or 0).exists()
    ):
        errors.add(
            "code",
            _("WP%(number)s has an item %(code)s already: choose another code.")
            % {"number": package.number, "code": code},
        )
    if not 1 <= fields.weight <= MAX_WEIGHT:
        errors.add(
            "weight",
            _("Give a weight (relative effort) from 1 to %(max_weight)s.")
            % {"max_weight": MAX_WEIGHT},
        )
    start = partnership.start_date
    end = queries.get_period_end(partnership=partnership)
    period = _period_text(start, end)
    if fields.due_date is None:
        errors.add(
            "due_date",
            _("Give a due date within the partnership's period (%(period)s).") % {"period": period},
        )
    elif not start <= fields.due_date <= end:
        errors.add(
            "due_date",
            _(
                "The due date %(due_date)s is outside the partnership's period (%(period)s): choose a date within it."
            )
            % {"due_date": format(fields.due_date, "%-d %B %Y"), "period": period},
        )
    if fields.start_date is not None:
        if not start <= fields.start_date <= end:
            errors.add(
                "start_date",
                _("The start %(start_date)s is outside the partnership's period (%(period)s).")
                % {"start_date": format(fields.start_date, "%-d %B %Y"), "period": period},
            )
        elif fields.due_date is not None and fields.start_date > fields.due_date:
            errors.add("start_date", _("The start must come on or before the due date."))
    _check_leader(partnership, fields.owner_organisation_id, errors, field="owner_organisation")
    if fields.owner_person_id is not None and fields.owner_person_id not in {
        person.pk for person in queries.list_partner_people(partnership=partnership)
    }:
        errors.add(
            "owner_person",
            _(
                "The person with id %(owner_person_id)s does not work for a partner: choose a partner's person."
            )
            % {"owner_person_id": fields.owner_person_id},
        )
    errors.raise_if_any()
    return {
        "kind": fields.kind,
        "code": code,
        "title": title,
        "weight": fields.weight,
        "start_date": fields.start_date,
        "due_date": fields.due_date,
        "owner_organisation_id": fields.owner_organisation_id,
        "owner_person_id": fields.owner_person_id,
    }


@transaction.atomic
def add_work_item(*, user: AnyUser, package: WorkPackage, fields: WorkItemFields) -> WorkItem:
    """Add a task, milestone or deliverable to a work package."""
    _require_coordinator(user, package.partnership)
    cleaned = _clean_item(package, fields, item_id=None)
    return WorkItem.objects.create(work_package=package, **cleaned)


@transaction.atomic
def update_work_item(*, user: AnyUser, item: WorkItem, fields: WorkItemFields) -> WorkItem:
    _require_coordinator(user, item.work_package.partnership)
    cleaned = _clean_item(item.work_package, fields, item_id=item.pk)
    for name, value in cleaned.items():
        setattr(item, name, value)
    item.save()
    return item


@dataclass(frozen=True)
class EvidenceDocument:
    """A document chosen as evidence, as the page or API found it in the content library:
    ``partnership_id`` is ``None`` when the viewer may see no document with that id."""

    document_id: int
    partnership_id: int | None
    url: str


def _document_link(
    *, partnership: Partnership, document: EvidenceDocument, errors: FieldErrors
) -> str:
    if document.partnership_id != partnership.pk:
        errors.add(
            "evidence_document_id",
            _("Choose a document of %(name)s's library (no document %(document_id)s there).")
            % {"name": partnership.name, "document_id": document.document_id},
        )
        return ""
    return document.url


def _check_evidence(url: str, errors: FieldErrors) -> str:
    cleaned = errors.text(
        "evidence_url",
        url,
        limit=500,
        required=_(
            "Give a link to the evidence that the item is done (a report, page or document), or choose a document of the partnership's library."
        ),
    )
    if cleaned:
        try:
            URLValidator(schemes=["http", "https"])(cleaned)
        except ValidationError:
            errors.add("evidence_url", _("Give an http:// or https:// address for the evidence."))
    return cleaned


@transaction.atomic
def complete_work_item(
    *,
    user: AnyUser,
    item: WorkItem,
    evidence_url: str = "",
    evidence_document: EvidenceDocument | None = None,
    today: dt.date,
    done_date: dt.date | None = None,
) -> WorkItem:
    """Mark an item done on ``done_date`` (today by default) with the evidence: a link, or a
    document of the partnership's library (one of the two)."""
    partnership = item.work_package.partnership
    _require_coordinator(user, partnership)
    errors = FieldErrors()
    if evidence_document is not None:
        if evidence_url.strip():
            errors.add(
                "evidence_url",
                _("Give a link or choose a document, not both: clear one of the two."),
            )
        url = _document_link(partnership=partnership, document=evidence_document, errors=errors)
    else:
        url = _check_evidence(evidence_url, errors)
    done = done_date or today
    if done > today:
        errors.add("done_date", _("The done date cannot be in the future."))
    elif done < partnership.start_date:
        errors.add(
            "done_date",
            _("The done date comes before the partnership's start (%(start_date)s).")
            % {"start_date": format(partnership.start_date, "%-d %B %Y")},
        )
    errors.raise_if_any()
    item.done_date = done
    item.evidence_url = url
    item.completed_by = user  # type: ignore[assignment]
    item.save(update_fields=["done_date", "evidence_url", "completed_by"])
    return item


@transaction.atomic
def reopen_work_item(*, user: AnyUser, item: WorkItem) -> WorkItem:
    """Undo a completion: the item counts as not done again."""
    _require_coordinator(user, item.work_package.partnership)
    item.done_date = None
    item.evidence_url = ""
    item.completed_by = None
    item.save(update_fields=["done_date", "evidence_url", "completed_by"])
    return item
