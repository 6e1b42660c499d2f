"""Where each app says what personal data it holds, how to hand it over and how to erase it.

Each app that stores something about a person registers one :class:`PersonalDataPart` from its
``AppConfig.ready()``, built from its own ``queries`` and ``services``::

    # in crosscluster/marketplace/apps.py
    def ready(self) -> None:
        from crosscluster.core.personal_data import PersonalDataPart, register_part
        from crosscluster.marketplace import queries, services

        register_part(PersonalDataPart(
            app="marketplace",
            collect=queries.personal_data,      # user id -> JSON-ready dict
            erase=services.erase_personal_data, # user id, now -> None (anonymise, delete)
        ))

``accounts`` walks the parts: the download (``accounts.queries.collect_personal_data``) and the
erasure of an account (``accounts.services.erase_account``), so no app imports another for it.
``erase`` keeps the partnership's contributions (needs, comments, agreements...) and removes
what names the person; it runs inside the erasure's transaction.

Retention rules register the same way (:class:`RetentionRule`); ``crosscluster apply_retention``
applies them all (daily, see docs/security.md "Retention").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

#: what an erased person's name becomes wherever a contribution names its author
FORMER_MEMBER = "Former member"


@dataclass(frozen=True)
class PersonalDataPart:
    """``collect(user_id)``: the person's data, JSON-ready (dates allowed). ``erase(user_id,
    now)``: scrub what names the person in rows that stay. Then ``accounts`` empties every
    nullable reference to the person and deletes the rows that only make sense with them (a
    follow, a claim), except the models listed in ``kept`` ("app_label.Model"), which keep
    pointing at the erased, nameless account."""

    app: str
    collect: Callable[[int], dict[str, Any]]
    erase: Callable[[int, datetime], None] | None = None
    kept: tuple[str, ...] = ()


@dataclass(frozen=True)
class RetentionRule:
    name: str  # what is removed, for the command's report
    apply: Callable[[datetime], int]  # now -> how many removed


_parts: dict[str, PersonalDataPart] = {}
_rules: dict[str, RetentionRule] = {}


def register_part(part: PersonalDataPart) -> None:
    _parts[part.app] = part


def list_parts() -> list[PersonalDataPart]:
    """The registered parts, ``accounts`` last (its erasure anonymises the person's row)."""
    return sorted(_parts.values(), key=lambda part: (part.app == "accounts", part.app))


def register_rule(rule: RetentionRule) -> None:
    _rules[rule.name] = rule


def list_rules() -> list[RetentionRule]:
    return sorted(_rules.values(), key=lambda rule: rule.name)
