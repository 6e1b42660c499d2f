"""What the business plan's documents share: the snapshot they are rendered from (plain dicts
from ``queries.build_snapshot``), their file names, title and identity line, and labels."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy, ngettext

from crosscluster.businessplan import permissions, queries, wording
from crosscluster.businessplan.models import FinancingStatus
from crosscluster.core.documents.names import document_file_name
from crosscluster.partnerships.queries import AnyUser

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

#: read in the active language (lazy): the export worker renders in the requester's language
STATUS_LABELS: dict[str, _StrOrPromise] = dict(FinancingStatus.choices)
SEVERITY_LABELS: dict[str, _StrOrPromise] = {
    "ok": gettext_lazy("OK"),
    "warning": gettext_lazy("Warning"),
    "error": gettext_lazy("Error"),
}


def build_export_snapshot(*, user: AnyUser, slug: str, today: date) -> dict[str, Any]:
    """The plan as the user may see it (raises Http404/PermissionDenied like the pages)."""
    access = permissions.access_plan(user=user, slug=slug)
    view = queries.view_plan(partnership=access.partnership, standing=access.standing, today=today)
    if view.plan is None:
        raise Http404(gettext("The partnership has no business plan yet."))
    return queries.build_snapshot(view)


def worded_checks(snapshot: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The snapshot's checks with their texts in the active language (the requester's)."""
    return [wording.check(result) for result in snapshot["checks"]]


def file_name(snapshot: Mapping[str, Any], extension: str) -> str:
    """``TDA-business-plan-2026-2027.xlsx``, its words in the active language
    (``TDA-geschäftsplan-2026-2027.xlsx``)."""
    partnership = snapshot["partnership"]
    return document_file_name(
        gettext("Business plan"),
        f"{snapshot['first_year']}-{snapshot['last_year']}",
        subject=partnership["acronym"] or partnership["slug"],
        extension=extension,
    )


def title_of(snapshot: Mapping[str, Any]) -> str:
    return gettext("Business plan %(first)s-%(last)s") % {
        "first": snapshot["first_year"],
        "last": snapshot["last_year"],
    }


def identity_line(snapshot: Mapping[str, Any]) -> str:
    identity = snapshot["partnership"]
    name = identity["name"] + (f" ({identity['acronym']})" if identity["acronym"] else "")
    return gettext("%(name)s. %(kind)s, coordinated by %(coordinator)s (%(country)s).") % {
        "name": name,
        "kind": identity["kind"],
        "coordinator": identity["coordinator"],
        "country": identity["coordinator_country"],
    }


#: the DOCX and PDF list every line of a plan of up to this many lines in all (person-months,
#: costs and financing); a larger plan gets a summary of each action's lines instead, and its
#: lines are read in the XLSX workbook (a PDF page holds about 20 lines: 300 lines are about 15
#: pages, the planned largest plan's 5,600 lines were 311 pages and 3 minutes of rendering)
LINE_TABLE_LIMIT = 300


def line_count(snapshot: Mapping[str, Any]) -> int:
    return len(snapshot["efforts"]) + len(snapshot["costs"]) + len(snapshot["financing"])


def lists_every_line(snapshot: Mapping[str, Any]) -> bool:
    """Whether the report lists the plan's lines one by one (else it summarises them)."""
    return line_count(snapshot) <= LINE_TABLE_LIMIT


def workbook_pointer(snapshot: Mapping[str, Any]) -> str:
    """The sentence that sends the reader of a summarised report to the workbook, naming the
    file as its download is named (in the reader's language)."""
    count = line_count(snapshot)
    return ngettext(
        "This plan has %(count)s line. To keep this report readable it is summarised per "
        "action below; every line is in the workbook %(file)s (the plan's XLSX download).",
        "This plan has %(count)s lines. To keep this report readable they are summarised per "
        "action below; every line is in the workbook %(file)s (the plan's XLSX download).",
        count,
    ) % {
        "count": number_format(count, force_grouping=True),
        "file": file_name(snapshot, "xlsx"),
    }


def line_summary(snapshot: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per action of the plan (and a last row with the totals, ``action`` ""): how many
    person-month, cost and financing lines it has and what they add up to. Staff lines without
    a rate count no cost; rejected financing is not counted in the amount (as everywhere in the
    report), only in the number of lines."""
    zero = Decimal(0)
    rows = {
        action["code"]: {**_empty_row(action["code"]), "title": action["title"]}
        for action in snapshot["actions"]
    }

    def row_of(code: str) -> dict[str, Any]:
        # a line of an action the snapshot does not list (none today) still counts
        return rows.setdefault(code, _empty_row(code))

    for effort in snapshot["efforts"]:
        row = row_of(effort["action"])
        row["efforts"] += 1
        row["person_months"] += effort["person_months"]
        row["staff"] += effort["cost"] or zero
    for cost in snapshot["costs"]:
        row = row_of(cost["action"])
        row["costs"] += 1
        row["other_costs"] += cost["amount"]
    for line in snapshot["financing"]:
        row = row_of(line["action"])
        row["financing_lines"] += 1
        if line["status"] != "rejected":
            row["financing"] += line["amount"]
    summary = list(rows.values())
    total = _empty_row("")
    for row in summary:
        for field in SUMMARY_FIGURES:
            total[field] += row[field]
    return [*summary, total]


#: the figures of a row of ``line_summary``, in the order of its table
SUMMARY_FIGURES = (
    "efforts", "person_months", "staff", "costs", "other_costs", "financing_lines", "financing",
)  # fmt: skip


def _empty_row(code: str) -> dict[str, Any]:
    zero = Decimal(0)
    return {"action": code, "title": ""} | {
        field: 0 if field in ("efforts", "costs", "financing_lines") else zero
        for field in SUMMARY_FIGURES
    }
