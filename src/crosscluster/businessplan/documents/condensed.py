"""What the DOCX and PDF condense when a plan is large: the budget per action and year as a
matrix (actions x years) instead of one row per pair (past ``common.LINE_TABLE_LIMIT`` lines,
when the lines are summarised too), and a check's many findings grouped (one row per kind and
subject: the gaps, the surpluses, a call, a partner, an instrument) instead of one line each. Every finding stays in the workbook's Checks sheet, one a row; every figure of the budget in
its Summary sheet. Small plans keep their full tables.

The groups are made from the findings' parts (``finding_parts``, the engine's codes and values),
worded in the reader's language: amounts as money ("€2,000.00", "2.000,00 €"), deadlines in the
language's date format; what people wrote (calls, partners, instruments) as they wrote it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from crosscluster.businessplan.documents.common import file_name, worded_checks
from crosscluster.core.templatetags.crosscluster import money

#: a check with more findings than this lists them grouped in the DOCX and PDF (one row per kind
#: and subject); up to it, one line each. 280 "financed" findings took 8 of the large plan's pages
FINDING_LIST_LIMIT = 20


def report_checks(snapshot: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The checks in the reader's language, each with whether the report shows its findings
    (``shows_findings``: not for a check that is OK) and, for one with many findings, the
    ``groups`` to show instead of them and the ``pointer`` to the workbook (else ``groups`` is
    empty)."""
    results = []
    for result in worded_checks(snapshot):
        shows = bool(result["findings"]) and result["severity"] != "ok"
        grouped = shows and not lists_every_finding(result)
        results.append(
            result
            | {
                "shows_findings": shows,
                "groups": group_findings(result) if grouped else [],
                "pointer": findings_pointer(snapshot, result) if grouped else "",
            }
        )
    return results


def lists_every_finding(result: Mapping[str, Any]) -> bool:
    """Whether the report lists the check's findings one by one (else it groups them). Checks
    whose findings are information (the shares, the cash-flow per year) are never grouped."""
    findings = result["findings"]
    parts = result.get("finding_parts") or ()
    return (
        len(findings) <= FINDING_LIST_LIMIT
        or len(parts) != len(findings)
        or any(part.get("code") not in _GROUPS for part in parts)
    )


def findings_pointer(snapshot: Mapping[str, Any], result: Mapping[str, Any]) -> str:
    """The sentence above a check's grouped findings, naming the workbook and its sheet as the
    reader's download names them."""
    count = len(result["findings"])
    return ngettext(
        "%(count)s finding, grouped below; each one is listed in the workbook %(file)s "
        "(sheet “%(sheet)s”).",
        "%(count)s findings, grouped below; each one is listed in the workbook %(file)s "
        "(sheet “%(sheet)s”).",
        count,
    ) % {
        "count": number_format(count, force_grouping=True),
        "file": file_name(snapshot, "xlsx"),
        "sheet": pgettext("workbook sheet", "Checks"),
    }


def group_findings(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The check's findings as groups, in the order each group first appears: ``label`` (the
    kind or the subject), ``count`` (findings), ``amount`` (worded: money, or person-months)
    and ``concerns`` (the actions and years, "A1: 2026, 2027; A2: 2030")."""
    groups: dict[tuple[Any, ...], list[Mapping[str, Any]]] = {}
    for part in result.get("finding_parts") or ():
        kind = _GROUPS[part["code"]]
        groups.setdefault((part["code"], *kind.subject(part)), []).append(part)
    rows = []
    for (code, *_subject), parts in sorted(groups.items(), key=_order(list(groups))):
        kind = _GROUPS[code]
        rows.append(
            {
                "label": kind.label(parts[0]),
                "count": number_format(len(parts), force_grouping=True),
                "amount": kind.amount(parts),
                "concerns": _concerns(parts),
            }
        )
    return rows


def _concerns(parts: Sequence[Mapping[str, Any]]) -> str:
    """The actions (in the order they come) with their years, runs of years as ranges:
    "A1: 2026-2029, 2031; A2: 2030" (with an en dash)."""
    years: dict[str, set[int]] = {}
    for part in parts:
        listed = years.setdefault(str(part["action"]), set())
        if part.get("year") is not None:
            listed.add(int(part["year"]))
    return "; ".join(
        f"{action}: {_year_ranges(sorted(listed))}" if listed else action
        for action, listed in years.items()
    )


def _year_ranges(years: Sequence[int]) -> str:
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(
        f"{run[0]}\u2013{run[-1]}" if len(run) > 2 else ", ".join(str(year) for year in run)
        for run in runs
    )


def _order(keys: list[tuple[Any, ...]]) -> Callable[[tuple[tuple[Any, ...], Any]], Any]:
    """Groups of one kind by their subject (calls by deadline, partners and instruments by
    name), the kinds in the order they first come (gaps before surpluses)."""
    kinds = list(dict.fromkeys(key[0] for key in keys))
    return lambda item: (kinds.index(item[0][0]), [str(value) for value in item[0][1:]])


def _sum(parts: Sequence[Mapping[str, Any]], key: str) -> Decimal:
    return sum((Decimal(str(part[key])) for part in parts), Decimal(0))


class _Kind:
    """How the findings of one code are grouped (``subject``) and worded."""

    def __init__(
        self,
        *,
        subject: Callable[[Mapping[str, Any]], tuple[Any, ...]],
        label: Callable[[Mapping[str, Any]], str],
        amount: Callable[[Sequence[Mapping[str, Any]]], str],
    ) -> None:
        self.subject, self.label, self.amount = subject, label, amount


def _deadline(part: Mapping[str, Any]) -> str:
    deadline = part.get("deadline")
    return date_format(deadline, "SHORT_DATE_FORMAT") if deadline else "—"


_GROUPS: dict[str, _Kind] = {
    "gap": _Kind(
        subject=lambda part: (),
        label=lambda part: _("Action-years with a gap"),
        amount=lambda parts: money(_sum(parts, "amount")),
    ),
    "surplus": _Kind(
        subject=lambda part: (),
        label=lambda part: _("Action-years with a surplus"),
        amount=lambda parts: money(_sum(parts, "amount")),
    ),
    "above_cap": _Kind(
        subject=lambda part: (part["instrument"], part["cap"]),
        label=lambda part: (
            _("%(instrument)s, above its cap of %(cap)s%%")
            % {"instrument": part["instrument"], "cap": number_format(part["cap"], use_l10n=True)}
        ),
        amount=lambda parts: money(_sum(parts, "amount") - _sum(parts, "most")),
    ),
    "late_call": _Kind(
        subject=lambda part: (part.get("deadline") or "", part["call"]),
        label=lambda part: (
            _("“%(call)s”, deadline %(deadline)s")
            % {"call": part["call"], "deadline": _deadline(part)}
        ),
        amount=lambda parts: money(_sum(parts, "amount")),
    ),
    "no_rate": _Kind(
        subject=lambda part: (part["partner"],),
        label=lambda part: str(part["partner"]),
        amount=lambda parts: (
            _("%(months)s PM")
            % {"months": number_format(_sum(parts, "months").normalize(), use_l10n=True)}
        ),
    ),
}


# ---------------------------------------------------------------- the budget as a matrix


#: years in one table of the matrix: a plan of more years (up to 15) gets them in tables of this
#: many, the last one with the total column, so each amount keeps a readable size on an A4
#: landscape page
MATRIX_YEARS = 7


def budget_note(snapshot: Mapping[str, Any]) -> str:
    return _(
        "Each cell: costs, financing, and financing − costs below them (a negative figure is a "  # noqa: RUF001
        "gap). Amounts in EUR; rejected financing is not counted. Staff and other costs of each "
        "action and year are in the workbook %(file)s."
    ) % {"file": file_name(snapshot, "xlsx")}


def budget_matrix(snapshot: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The budget as tables of actions x years, each of at most ``MATRIX_YEARS`` years: per
    table its ``years`` (``None`` for the last table's total column) and ``rows``, one per
    action and a last one of totals (``action`` ""), each with its ``cells`` (``cost``,
    ``financing``, ``balance``) in those years."""
    years = list(snapshot["years"])
    zero = Decimal(0)

    def empty() -> dict[str, Decimal]:
        return {"cost": zero, "financing": zero, "balance": zero}

    def add(into: dict[str, Decimal], cell: Mapping[str, Any]) -> None:
        for figure in ("cost", "financing", "balance"):
            into[figure] += cell[figure]

    actions: dict[str, dict[str, Any]] = {}
    for cell in snapshot["cells"]:
        row = actions.setdefault(
            cell["action"], {"action": cell["action"], "title": cell["title"], "by_year": {}}
        )
        row["by_year"][cell["year"]] = cell
    rows = [*actions.values(), {"action": "", "title": "", "by_year": {}}]
    for row in rows[:-1]:
        row["by_year"][None] = empty()
        for year, cell in list(row["by_year"].items()):
            if year is not None:
                add(row["by_year"][None], cell)
                add(rows[-1]["by_year"].setdefault(year, empty()), cell)
        add(rows[-1]["by_year"].setdefault(None, empty()), row["by_year"][None])
    blocks: list[list[int | None]] = [
        list(years[start : start + MATRIX_YEARS]) for start in range(0, len(years), MATRIX_YEARS)
    ] or [[]]
    blocks[-1].append(None)  # the total column ends the last table
    return [
        {
            "years": block,
            "rows": [
                {
                    "action": row["action"],
                    "title": row["title"],
                    "cells": [row["by_year"].get(year) or empty() for year in block],
                }
                for row in rows
            ],
        }
        for block in blocks
    ]
