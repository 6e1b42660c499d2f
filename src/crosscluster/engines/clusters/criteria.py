"""The published criteria a cluster profile must meet to be validated, as a pure function.

No Django, no database, no clock: ``crosscluster.directory.adapters.cluster_facts`` turns rows into ``ClusterFacts``;
``evaluate_cluster`` says, criterion by criterion, what was observed, whether it is met and what
to do if it is not. The public criteria page and the reviewers' page render the same ``CRITERIA``.

A validation lasts one year from the decision (``valid_until``); renewal is a new review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


def gettext_noop(message: str) -> str:
    """Marks a text for translation (``makemessages`` collects it); templates translate it."""
    return message


MIN_MANAGEMENT_STAFF = 1
MIN_MEMBERS = 10
MIN_DESCRIPTION_CHARACTERS = 100
COMPANY_KINDS = frozenset({"sme", "large_company"})
RESEARCH_KINDS = frozenset({"research"})
PUBLIC_KINDS = frozenset({"public_authority"})
VALIDITY_YEARS = 1


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    requirement: str


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "management",
        gettext_noop("Dedicated management"),
        gettext_noop("At least one person is employed to manage the cluster."),
    ),
    Criterion(
        "members",
        gettext_noop("Committed members"),
        gettext_noop("At least 10 member organisations are listed in the directory."),
    ),
    Criterion(
        "mix",
        gettext_noop("A mix of members"),
        gettext_noop(
            "Members include companies (SMEs or large companies), research and technology "
            "organisations or universities, and public authorities."
        ),
    ),
    Criterion(
        "website",
        gettext_noop("An active website"),
        gettext_noop("The profile gives the cluster's website; the reviewer checks it is live."),
    ),
    Criterion(
        "description",
        gettext_noop("A description"),
        gettext_noop("The profile describes the cluster's activities in at least 100 characters."),
    ),
)


@dataclass(frozen=True)
class ClusterFacts:
    management_staff: int | None
    members_by_kind: Mapping[str, int]
    website: str
    description: str

    @property
    def member_count(self) -> int:
        return sum(self.members_by_kind.values())

    def count_of(self, kinds: frozenset[str]) -> int:
        return sum(count for kind, count in self.members_by_kind.items() if kind in kinds)


@dataclass(frozen=True)
class CriterionResult:
    code: str
    label: str
    met: bool
    observed: str
    fix: str  # what to do when not met; empty when met
    #: the numbers behind ``observed`` and ``fix`` (staff, members, companies, research, public,
    #: characters, needed), so the pages word them in the reader's language
    values: Mapping[str, int] = field(default_factory=dict)
    #: the "mix" criterion's missing kinds of member ("companies", "research organisations",
    #: "public authorities")
    missing: tuple[str, ...] = ()

    def as_record(self) -> dict[str, object]:
        """The result as stored with a review (JSON): with its numbers, so a page or an e-mail
        words it later in its reader's language."""
        return {
            "code": self.code,
            "label": self.label,
            "met": self.met,
            "observed": self.observed,
            "fix": self.fix,
            "values": dict(self.values),
            "missing": list(self.missing),
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> CriterionResult:
        """A stored result back (a record stored before the numbers were kept has none)."""
        return cls(
            code=str(record["code"]),
            label=str(record["label"]),
            met=bool(record["met"]),
            observed=str(record.get("observed", "")),
            fix=str(record.get("fix", "")),
            values={str(key): int(value) for key, value in record.get("values", {}).items()},
            missing=tuple(str(kind) for kind in record.get("missing", ())),
        )


def _result(
    code: str,
    met: bool,
    observed: str,
    fix: str,
    values: Mapping[str, int],
    missing: tuple[str, ...] = (),
) -> CriterionResult:
    label = next(criterion.label for criterion in CRITERIA if criterion.code == code)
    return CriterionResult(
        code=code,
        label=label,
        met=met,
        observed=observed,
        fix="" if met else fix,
        values=values,
        missing=missing,
    )


def evaluate_cluster(facts: ClusterFacts) -> tuple[CriterionResult, ...]:
    """Every published criterion, in the published order, with what was observed."""
    staff = facts.management_staff or 0
    members = facts.member_count
    companies = facts.count_of(COMPANY_KINDS)
    research = facts.count_of(RESEARCH_KINDS)
    public = facts.count_of(PUBLIC_KINDS)
    missing = [
        name
        for name, count in (
            ("companies", companies),
            ("research organisations", research),
            ("public authorities", public),
        )
        if count == 0
    ]
    description = len(facts.description.strip())
    return (
        _result(
            "management",
            staff >= MIN_MANAGEMENT_STAFF,
            f"{staff} management staff",
            "Give the number of people who manage the cluster "
            f"(at least {MIN_MANAGEMENT_STAFF} {'person' if MIN_MANAGEMENT_STAFF == 1 else 'people'}).",
            {"staff": staff},
        ),
        _result(
            "members",
            members >= MIN_MEMBERS,
            f"{members} member organisations",
            f"Add {MIN_MEMBERS - members} more member organisations to the cluster's profile.",
            {"members": members, "needed": max(MIN_MEMBERS - members, 0)},
        ),
        _result(
            "mix",
            not missing,
            f"{companies} companies, {research} research organisations, {public} public authorities",
            f"Add members that are {', '.join(missing)}.",
            {"companies": companies, "research": research, "public": public},
            tuple(missing),
        ),
        _result(
            "website",
            bool(facts.website.strip()),
            facts.website.strip() or "no website given",
            "Give the cluster's website address, e.g. https://cluster.example.eu.",
            {},
        ),
        _result(
            "description",
            description >= MIN_DESCRIPTION_CHARACTERS,
            f"{description} characters of description",
            f"Describe the cluster's activities in at least {MIN_DESCRIPTION_CHARACTERS} characters.",
            {"characters": description, "needed": MIN_DESCRIPTION_CHARACTERS},
        ),
    )


def unmet(results: Sequence[CriterionResult]) -> list[CriterionResult]:
    return [result for result in results if not result.met]


def valid_until(decision_date: dt.date) -> dt.date:
    """One year after the decision (28 February when the decision was on 29 February)."""
    try:
        return decision_date.replace(year=decision_date.year + VALIDITY_YEARS)
    except ValueError:
        return decision_date.replace(year=decision_date.year + VALIDITY_YEARS, day=28)
