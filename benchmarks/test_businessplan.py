"""The business plan at a large size: 40 actions x 7 years, 20 partners, about 5,600 lines.

Measures the pure checks (all figures and the six checks), the XLSX export with its formulas
(the Summary sheet then has 280 action-year rows of SUMIFS over ranges of ~2,000 rows) and the
PDF and DOCX (over ``LINE_TABLE_LIMIT`` lines: each action's lines summarised, the budget as a
matrix of actions x years, the checks' many findings grouped, every line and finding in the XLSX;
11 pages instead of 33, and 311 before that). Numbers for docs/businessplan.md and
docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from decimal import Decimal
from typing import Any

from docx import Document
from openpyxl import load_workbook

from crosscluster.businessplan import documents
from crosscluster.engines.financing import checks
from crosscluster.strategy.tests.helpers import pdf_page_count, pdf_text

YEARS = range(2026, 2033)
LEVELS = ("regional", "national", "eu", "own")
CATEGORIES = ("travel", "events", "subcontracting", "communication", "other")


def make_plan(seed: int = 5) -> checks.Plan:
    rng = random.Random(seed)
    actions = tuple(checks.Action(id=n, code=f"A{n}", title=f"Action {n}") for n in range(1, 41))
    efforts, costs, financing = [], [], []
    for action in actions:
        for year in YEARS:
            for partner in rng.sample(range(20), 6):
                rate = None if rng.random() < 0.05 else Decimal(rng.randrange(3000, 7000))
                efforts.append(
                    checks.Effort(action.id, year, f"Partner {partner}",
                                  Decimal(rng.randrange(1, 40)) / 4, rate)
                )  # fmt: skip
            for _ in range(6):
                costs.append(
                    checks.Cost(action.id, year, rng.choice(CATEGORIES), "Item",
                                Decimal(rng.randrange(100, 20000)))
                )  # fmt: skip
            for _ in range(8):
                level = rng.choice(LEVELS)
                financing.append(
                    checks.Financing(
                        action.id, year, level, f"Source {level}",
                        Decimal(rng.randrange(1000, 30000)),
                        rng.choice(("planned", "applied", "granted", "rejected")),
                        None if level == "own" else rng.randrange(1, 12),
                        Decimal(rng.choice((50, 70, 80))) if rng.random() < 0.3 else None,
                        "Call", dt.date(2026, rng.randrange(1, 13), 1),
                    )
                )  # fmt: skip
    return checks.Plan(2026, 2032, actions, tuple(efforts), tuple(costs), tuple(financing))


def snapshot_of(plan: checks.Plan) -> dict[str, Any]:
    figures, results = checks.run_checks(plan, today=dt.date(2026, 6, 1))
    return {
        "partnership": {"name": "Bench Alliance", "acronym": "BA", "slug": "bench",
                        "kind": "ESCP-4i", "coordinator": "Bench cluster",
                        "coordinator_country": "France", "coordinator_contact_name": "",
                        "funding_acknowledgement": "", "disclaimer": ""},
        "strategy_title": "JIS", "first_year": 2026, "last_year": 2032, "years": list(YEARS),
        "notes": "", "today": "2026-06-01",
        "actions": [{"code": a.code, "title": a.title, "owner": "Bench cluster",
                     "start_date": "2026-01-01", "end_date": "2032-12-31"}
                    for a in plan.actions],
        "efforts": [{"action": f"A{e.action_id}", "year": e.year, "partner": e.partner,
                     "person_months": e.person_months, "monthly_rate": e.monthly_rate,
                     "cost": e.cost, "note": ""} for e in plan.efforts],
        "costs": [{"action": f"A{c.action_id}", "year": c.year, "category": c.category,
                   "category_label": c.category.capitalize(), "description": c.description,
                   "amount": c.amount} for c in plan.costs],
        "financing": [{"action": f"A{f.action_id}", "year": f.year, "level": f.level,
                       "level_label": f.level.capitalize(), "source": f.source, "programme": "",
                       "call": f.call_title, "status": f.status, "amount": f.amount, "note": ""}
                      for f in plan.financing],
        "instruments": [], "calls": [],
        "cells": [{"action": c.action.code, "title": c.action.title, "year": c.year,
                   "staff": c.staff, "other_costs": c.other_costs, "cost": c.cost,
                   "financing": c.financing, "balance": c.balance} for c in figures.cells],
        "shares": [], "flows": [],
        "total_cost": figures.total_cost, "total_financing": figures.total_financing,
        "granted": figures.granted,
        "checks": [{"key": r.key, "title": r.title, "severity": r.severity,
                    "explanation": r.explanation, "findings": list(r.findings), "code": r.code,
                    "parameters": r.parameters, "finding_parts": list(r.finding_parts)}
                   for r in results],
        "categories": [(c, c.capitalize()) for c in ("staff", *CATEGORIES)],
        "levels": [(level, level.capitalize()) for level in LEVELS],
    }  # fmt: skip


def test_checks_of_a_large_plan(benchmark) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan()
    assert len(plan.efforts) + len(plan.costs) + len(plan.financing) == 280 * 20
    figures, results = benchmark(checks.run_checks, plan, today=dt.date(2026, 6, 1))
    assert len(figures.cells) == 280
    assert len(results) == 6


def test_xlsx_of_a_large_plan(benchmark) -> None:  # type: ignore[no-untyped-def]
    snapshot = snapshot_of(make_plan())
    content = benchmark.pedantic(documents.export_xlsx, args=(snapshot,), rounds=3, iterations=1)
    print(f"\nXLSX of 5,600 lines: {len(content) / 1024:.0f} KiB")
    workbook = load_workbook(io.BytesIO(content))
    assert workbook["Financing"].max_row == 1 + 280 * 8


#: the PDF listed every line before (311 pages: 185 s at load 4, 620 s at load 9); with the
#: lines summarised it was 33 pages (36 s at load 8); with the budget as a matrix and the
#: findings grouped, 11 pages (docs/benchmarks.md)
PDF_LIMIT_SECONDS = 60.0
DOCX_LIMIT_SECONDS = 30.0  # 117 s at load 9 with every line, 7 s at load 8 summarised


def test_pdf_of_a_large_plan(benchmark) -> None:  # type: ignore[no-untyped-def]
    snapshot = snapshot_of(make_plan())
    generated_at = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
    content = benchmark.pedantic(
        documents.export_pdf, args=(snapshot,), kwargs={"generated_at": generated_at}, rounds=1
    )
    pages = pdf_page_count(content)
    benchmark.extra_info["pages"] = pages
    print(f"\nPDF of 5,600 lines: {len(content) / 1024:.0f} KiB, {pages} pages")
    text = re.sub(r"\s+", " ", pdf_text(content))
    assert "This plan has 5,600 lines." in text
    assert "BA-business-plan-2026-2032.xlsx" in text  # the workbook, named as its download
    assert "A40 Action 40 " in text  # the summary's last action
    assert "Monthly rate" not in text  # no line table: headers of the staff and cost lines
    assert "Description" not in text
    assert "Action-years with a gap 277 " in text  # the findings grouped, one row a kind
    assert "A1: 2026\u20132032; A2: 2026\u20132032;" in text
    assert "A1 Action 1, 2026: costs" not in text  # not one line a finding
    assert pages < 16  # 311 with every line, 33 with the budget and findings row by row
    assert benchmark.stats.stats.min < PDF_LIMIT_SECONDS


def test_docx_of_a_large_plan(benchmark) -> None:  # type: ignore[no-untyped-def]
    snapshot = snapshot_of(make_plan())
    generated_at = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
    content = benchmark.pedantic(
        documents.export_docx, args=(snapshot,), kwargs={"generated_at": generated_at}, rounds=1
    )
    document = Document(io.BytesIO(content))
    rows = sum(len(table.rows) for table in document.tables)
    benchmark.extra_info["table_rows"] = rows
    print(f"\nDOCX of 5,600 lines: {len(content) / 1024:.0f} KiB, {rows} table rows")
    assert any("This plan has 5,600 lines." in p.text for p in document.paragraphs)
    # the budget as 41 rows of actions x years, 42 summary rows, the findings in 24 rows of
    # groups; it was 280 budget rows (and 5,600 more with every line)
    assert rows < 200
    assert benchmark.stats.stats.min < DOCX_LIMIT_SECONDS
