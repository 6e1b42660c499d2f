"""What checking an import's rows finds, and what importing them did (``imports`` checks and
writes; the ``imports`` app stores these records and shows them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from crosscluster.directory.services.import_updates import FieldChange


@dataclass(frozen=True)
class ImportRow:
    """One row of a file: ``number`` as a spreadsheet shows it, ``values`` by field name."""

    number: int
    values: Mapping[str, str]


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str  # the file's column (or the field's name when the file has none)
    #: kept as message and values (``core.stored_text``), worded where it is read
    message: str

    def as_record(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class RowPlan:
    """What importing a row does: create an organisation (``organisation_id`` None) or add an
    existing one (``reason`` says why it is taken to be the same) as a member."""

    row: int
    name: str
    country: str
    organisation_id: int | None
    reason: str  # same_reference, same_name (and country) or same_website (domain, country)
    already_member: bool
    values: Mapping[str, object]
    #: what the import changes on the matched organisation (when it updates matched ones)
    changes: tuple[FieldChange, ...] = ()
    #: matched, to be updated, but its own people are on the platform: its profile is theirs
    kept: bool = False

    def as_record(self) -> dict[str, object]:
        return {
            "row": self.row,
            "name": self.name,
            "country": self.country,
            "action": "match" if self.organisation_id else "new",
            "organisation_id": self.organisation_id,
            "reason": self.reason,
            "already_member": self.already_member,
            "changes": [change.as_record() for change in self.changes],
            "kept": self.kept,
        }


class RowsChangedError(ValidationError):
    """Rows that passed the check have problems now (the directory changed since): nothing is
    written. The messages are worded in the active language; ``problems`` keeps every problem
    as a record (row, column, message stored with ``core.stored_text``) for a reader who reads
    it later in their own language."""

    def __init__(
        self, message: dict[str, Any] | list[Any], *, problems: list[dict[str, object]]
    ) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass
class ImportCheck:
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    plans: list[RowPlan] = field(default_factory=list)

    @property
    def error_rows(self) -> int:
        return len({problem.row for problem in self.problems})

    @property
    def new(self) -> int:
        return sum(1 for plan in self.plans if plan.organisation_id is None)

    @property
    def matched(self) -> int:
        return sum(1 for plan in self.plans if plan.organisation_id is not None)

    @property
    def already_members(self) -> int:
        return sum(1 for plan in self.plans if plan.already_member)

    @property
    def updated(self) -> int:
        """Matched organisations the import changes (when it updates them)."""
        return sum(1 for plan in self.plans if plan.changes)

    @property
    def kept(self) -> int:
        """Matched organisations the update leaves alone: their own people keep the profile."""
        return sum(1 for plan in self.plans if plan.kept)


@dataclass(frozen=True)
class ImportResult:
    created: int
    matched: int
    members_added: int
    updated: int = 0
