"""The business plan as XLSX (formulas checked and evaluated), DOCX and PDF: open the files and
read them back.

Expected figures are those of ``helpers.build_plan``, computed by hand:
A1 2026 cost 12,000 (staff 2 x 5,000 + travel 2,000), financing 12,000 (EU 9,000 + own 3,000);
A1 2027 8,000 / 8,000; A2 2026 0 / 0; A2 2027 12,000 / 10,000 (the EU 5,000 is rejected).
Totals 32,000 / 30,000. Levels: regional 0, national 18,000 (60%), EU 9,000 (30%), own 3,000
(10%). Cash-flow: 2026 12,000 / 12,000 (cumulative 0); 2027 20,000 / 18,000 (cumulative -2,000).
"""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from crosscluster.businessplan import documents, queries
from crosscluster.businessplan.tests.formulas import Evaluator
from crosscluster.businessplan.tests.helpers import DISCLAIMER, FUNDING, NOW, TODAY, build_plan
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.exports.registry import ExportRequest, get_kind
from crosscluster.partnerships.queries import get_standing
from crosscluster.strategy.tests.helpers import pdf_text
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def snapshot_of(cast) -> dict:  # type: ignore[no-untyped-def]
    view = queries.view_plan(
        partnership=cast.partnership,
        standing=get_standing(user=cast.coordinator, partnership_id=cast.partnership.pk),
        today=TODAY,
    )
    return queries.build_snapshot(view)


def find_row(sheet, column: str, value: object, *, start: int = 1) -> int:  # type: ignore[no-untyped-def]
    for row in range(start, sheet.max_row + 1):
        if sheet[f"{column}{row}"].value == value:
            return row
    raise AssertionError(f"{value!r} not in column {column}")


def test_xlsx_input_sheets_hold_the_lines_with_frozen_headers_and_eur_formats(cast) -> None:
    build_plan(cast)
    workbook = load_workbook(io.BytesIO(documents.export_xlsx(snapshot_of(cast))))
    assert workbook.sheetnames == [
        "Summary", "Actions", "Staff", "Costs", "Financing", "Instruments", "Checks", "Calls",
    ]  # fmt: skip
    staff = workbook["Staff"]
    assert [cell.value for cell in staff[1]][:6] == [
        "Action", "Year", "Partner", "Person-months", "Monthly rate (EUR)", "Staff cost (EUR)",
    ]  # fmt: skip
    assert staff.freeze_panes == "A2"
    assert staff["F2"].value == "=D2*E2"
    assert "EUR" in staff["F2"].number_format
    assert staff.column_dimensions["C"].width == 36
    rows = {(row[0].value, row[1].value, row[2].value): row for row in staff.iter_rows(min_row=2)}
    assert rows["A1", 2026, "Pole Test Cluster"][3].value == 2
    assert rows["A1", 2026, "Baltic Test Cluster"][4].value is None  # no rate
    financing = workbook["Financing"]
    assert financing.freeze_panes == "A2"
    statuses = [financing[f"G{row}"].value for row in range(2, financing.max_row + 1)]
    assert sorted(statuses) == ["Applied for", "Granted", "Planned", "Planned", "Rejected"]
    for row in range(2, financing.max_row + 1):
        assert financing[f"I{row}"].value == f'=IF(G{row}="Rejected",0,H{row})'


def test_xlsx_summary_formulas_reference_the_input_ranges(cast) -> None:
    build_plan(cast)
    workbook = load_workbook(io.BytesIO(documents.export_xlsx(snapshot_of(cast))))
    summary = workbook["Summary"]
    row = find_row(summary, "A", "A2", start=7)
    while summary[f"C{row}"].value != 2027:
        row += 1
    # 2 staff lines -> Staff rows 2..3; 3 costs -> 2..4; 5 financing lines -> 2..6
    assert summary[f"D{row}"].value == (
        f"=SUMIFS(Staff!$F$2:$F$3,Staff!$A$2:$A$3,$A{row},Staff!$B$2:$B$3,$C{row})"
    )
    assert summary[f"E{row}"].value == (
        f"=SUMIFS(Costs!$E$2:$E$4,Costs!$A$2:$A$4,$A{row},Costs!$B$2:$B$4,$C{row})"
    )
    assert summary[f"G{row}"].value == (
        f"=SUMIFS(Financing!$I$2:$I$6,Financing!$A$2:$A$6,$A{row},Financing!$B$2:$B$6,$C{row})"
    )
    assert summary[f"H{row}"].value == f"=G{row}-F{row}"
    total = find_row(summary, "B", "Total")
    assert summary[f"F{total}"].value == f"=SUM(F7:F{total - 1})"
    assert summary.freeze_panes == "A7"


def test_xlsx_formulas_evaluate_to_the_hand_computed_figures(cast) -> None:
    build_plan(cast)
    workbook = load_workbook(io.BytesIO(documents.export_xlsx(snapshot_of(cast))))
    summary = workbook["Summary"]
    evaluate = Evaluator(workbook)

    def value(reference: str) -> object:
        return evaluate.cell("Summary", reference)

    expected = {
        ("A1", 2026): (10000, 2000, 12000, 12000, 0, "OK"),
        ("A1", 2027): (0, 8000, 8000, 8000, 0, "OK"),
        ("A2", 2026): (0, 0, 0, 0, 0, "OK"),
        ("A2", 2027): (0, 12000, 12000, 10000, -2000, "Gap"),
    }
    total = find_row(summary, "B", "Total")
    for row in range(7, total):
        key = (summary[f"A{row}"].value, summary[f"C{row}"].value)
        assert tuple(value(f"{column}{row}") for column in "DEFGHI") == expected.pop(key)
    assert not expected
    assert [value(f"{column}{total}") for column in "DEFGHI"] == [
        10000, 22000, 32000, 30000, -2000, "Gaps",
    ]  # fmt: skip

    level_row = find_row(summary, "A", "Regional")
    levels = {
        summary[f"A{row}"].value: (value(f"D{row}"), value(f"E{row}"))
        for row in range(level_row, level_row + 5)
    }
    assert levels == {
        "Regional": (0, 0),
        "National": (18000, 0.6),
        "EU": (9000, 0.3),
        "Own contribution": (3000, 0.1),
        "Total": (30000, 1.0),
    }
    assert summary[f"E{level_row}"].number_format == "0.0%"

    flow_row = find_row(summary, "A", "Cash-flow per year") + 2
    assert [
        tuple(value(f"{column}{row}") for column in "ADEFG") for row in (flow_row, flow_row + 1)
    ] == [(2026, 12000, 12000, 0, 0), (2027, 20000, 18000, -2000, -2000)]
    assert summary[f"G{flow_row + 1}"].value == f"=G{flow_row}+F{flow_row + 1}"

    category_row = find_row(summary, "A", "Costs by category") + 2
    categories = {
        summary[f"A{row}"].value: value(f"D{row}") for row in range(category_row, category_row + 7)
    }
    assert categories == {
        "Staff": 10000, "Travel": 2000, "Events and study visits": 8000,
        "Subcontracting": 12000, "Communication": 0, "Other": 0, "Total": 32000,
    }  # fmt: skip

    checks_row = find_row(summary, "A", "Total financed - total cost")
    assert (value(f"D{checks_row}"), value(f"E{checks_row}")) == (-2000, "Gap")
    assert (value(f"D{checks_row + 1}"), value(f"E{checks_row + 1}")) == (-2000, "Gap")
    assert (value(f"D{checks_row + 2}"), value(f"E{checks_row + 2}")) == (0, "OK")


def test_xlsx_of_a_plan_without_lines_still_evaluates(cast) -> None:
    from crosscluster.businessplan import services
    from crosscluster.businessplan.tests.helpers import build_roadmap

    build_roadmap(cast)
    services.save_plan(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=services.PlanInput(2026, 2026),
        now=NOW,
    )
    workbook = load_workbook(io.BytesIO(documents.export_xlsx(snapshot_of(cast))))
    evaluate = Evaluator(workbook)
    summary = workbook["Summary"]
    total = find_row(summary, "B", "Total")
    assert evaluate.cell("Summary", f"F{total}") == 0
    assert evaluate.cell("Summary", f"I{total}") == "OK"


def test_docx_has_identity_headings_tables_checks_and_disclaimer(cast) -> None:
    build_plan(cast)
    document = Document(io.BytesIO(documents.export_docx(snapshot_of(cast), generated_at=NOW)))
    headings = [
        paragraph.text
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith("Heading") or paragraph.style.name == "Title"
    ]
    assert headings[0] == "Business plan 2026-2027"
    for heading in (
        "Summary", "Checks", "Budget per action and year", "Financing by level",
        "Cash-flow per year", "Lines of the plan", "Funding calls", "Instruments and sources",
        "Funding and disclaimer",
    ):  # fmt: skip
        assert heading in headings, heading
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Test Digital Alliance (TDA)" in text
    assert FUNDING in text
    assert DISCLAIMER in text
    assert "A2 Matchmaking, 2027: costs €12,000.00, financing €10,000.00" in text
    tables = {table.rows[0].cells[0].text: table for table in document.tables}
    budget = tables["Action"]  # the first table headed "Action" is the budget
    assert budget is not None
    summary = tables["Total cost"]
    assert [cell.text for cell in summary.rows[1].cells] == [
        "32,000.00", "30,000.00", "9,000.00", "-2,000.00",
    ]  # fmt: skip
    levels = tables["Level"]
    assert [[cell.text for cell in row.cells] for row in levels.rows[1:]] == [
        ["Regional", "0.00", "0%"],
        ["National", "18,000.00", "60%"],
        ["EU", "9,000.00", "30%"],
        ["Own contribution", "3,000.00", "10%"],  # the level as the plan names it
    ]
    # the two charts, drawn as PNG pictures above their tables
    pictures = [
        shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        for shape in document.inline_shapes
    ]
    assert len(pictures) == 2
    for relation in pictures:
        image = document.part.related_parts[relation]
        assert image.content_type == "image/png"
        assert image.blob.startswith(b"\x89PNG")


def test_pdf_has_the_charts_the_figures_and_the_disclaimer(cast) -> None:
    build_plan(cast)
    snapshot = snapshot_of(cast)
    html = documents.render_pdf_html(snapshot, generated_at=NOW)
    assert html.count("<svg") == 2
    assert 'aria-labelledby="shares-chart-title' in html
    assert "National €18,000.00 (60%)" in html  # money; the share as the table has it
    content = documents.export_pdf(snapshot, generated_at=NOW)
    assert content.startswith(b"%PDF")
    text = re.sub(r"\s+", " ", pdf_text(content))
    for expected in ("Business plan 2026-2027", "Cash-flow per year", "Every cost is financed"):
        assert expected in text, expected
    assert "European Commission" in text  # the disclaimer


def test_the_export_kind_renders_for_members_and_refuses_others(cast) -> None:
    build_plan(cast)
    kind = get_kind("businessplan.plan")
    assert kind.formats == ("pdf", "docx", "xlsx")
    slug = cast.partnership.slug
    assert kind.can_request(cast.sme_member, slug)
    assert not kind.can_request(cast.outsider, slug)
    rendered = kind.render(ExportRequest(subject=slug, file_format="xlsx", user=cast.sme_member))
    assert rendered.filename == "TDA-business-plan-2026-2027.xlsx"
    assert load_workbook(io.BytesIO(rendered.content))["Summary"]["A1"].value.startswith(
        "Business plan 2026-2027"
    )


@pytest.mark.parametrize("extension", ["xlsx", "docx"])
def test_members_get_the_files_through_the_background_worker(cast, extension: str) -> None:
    build_plan(cast)
    client = Client()

    def ask():  # type: ignore[no-untyped-def]
        return client.post(
            reverse("exports:request"),
            {"kind": "businessplan.plan", "subject": cast.partnership.slug, "format": extension},
        )

    assert ask().status_code == 404
    client.login(email=cast.outsider.email, password=PASSWORD)
    assert ask().status_code == 404
    client.login(email=cast.sme_member.email, password=PASSWORD)
    asked = ask()
    assert asked.status_code == 302
    run_queued_tasks()
    response = client.get(asked["Location"] + "file/")
    assert response.status_code == 200
    assert (
        response["Content-Type"]
        == {"xlsx": documents.XLSX_CONTENT_TYPE, "docx": documents.DOCX_CONTENT_TYPE}[extension]
    )
    assert re.search(
        rf'filename="TDA-business-plan-\d{{4}}-\d{{4}}\.{extension}"',
        response["Content-Disposition"],
    )
    assert response["Cache-Control"] == "private, no-store"


def test_xlsx_writes_people_s_text_as_text_never_as_a_formula(cast) -> None:
    """An organisation name or a note starting with =, +, - or @ stays text (issue 11: formula
    injection); the workbook's own formulas stay formulas."""
    for organisation in (cast.cluster, cast.other_cluster, cast.sme, cast.other_sme):
        organisation.name = f'=HYPERLINK("http://evil.example","{organisation.name}")'
        organisation.save(update_fields=["name"])
    build_plan(cast)
    snapshot = snapshot_of(cast)
    snapshot["costs"][0]["description"] = "+cmd|' /C calc'!A0"
    snapshot["financing"][0]["note"] = "@SUM(1+1)"
    snapshot["efforts"][0]["note"] = "-2+3"
    workbook = load_workbook(io.BytesIO(documents.export_xlsx(snapshot)))
    injected = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
        and (
            "evil.example" in cell.value
            or cell.value in ("+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3")
        )
    ]
    assert {cell.value for cell in injected} >= {"+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"}
    assert any(cell.value.startswith("=HYPERLINK") for cell in injected)
    assert [cell.coordinate for cell in injected if cell.data_type != "s"] == []
    assert all(cell.quotePrefix for cell in injected if cell.value[0] in "=+-@")
    assert workbook["Staff"]["F2"].data_type == "f"
    assert workbook["Staff"]["F2"].value == "=D2*E2"


def test_asking_again_for_an_unchanged_plan_reuses_the_file(cast) -> None:
    """The same member asking twice for the same plan in the same format gets the finished
    export again, not a new file; once a line changes, the plan is made afresh (issue 11)."""
    from crosscluster.businessplan.models import BusinessPlan
    from crosscluster.exports.models import Export

    build_plan(cast)
    client = Client()
    client.login(email=cast.sme_member.email, password=PASSWORD)

    def ask():  # type: ignore[no-untyped-def]
        return client.post(
            reverse("exports:request"),
            {"kind": "businessplan.plan", "subject": cast.partnership.slug, "format": "xlsx"},
        )

    first = ask()
    run_queued_tasks()
    second = ask()
    assert second["Location"] == first["Location"]
    assert Export.objects.count() == 1
    BusinessPlan.objects.update(notes="Rates: 2026 payroll.")
    third = ask()
    assert third["Location"] != first["Location"]
    run_queued_tasks()
    assert Export.objects.filter(status="done").count() == 2


def test_xlsx_in_german_names_its_sheets_and_headings_and_still_evaluates(cast) -> None:  # type: ignore[no-untyped-def]
    """Rendered in the requester's language (the worker renders in it): sheet names, headings
    and the formulas' words are German, and the formulas name the German sheets."""
    from django.utils import translation

    build_plan(cast)
    with translation.override("de"):
        workbook = load_workbook(io.BytesIO(documents.export_xlsx(snapshot_of(cast))))
    assert workbook.sheetnames == [
        "Übersicht", "Maßnahmen", "Personal", "Kosten", "Finanzierung", "Instrumente",
        "Prüfungen", "Aufforderungen",
    ]  # fmt: skip
    assert [cell.value for cell in workbook["Personal"][1]][:4] == [
        "Maßnahme", "Jahr", "Partner", "Personenmonate",
    ]  # fmt: skip
    financing = workbook["Finanzierung"]
    assert financing["I2"].value == '=IF(G2="Abgelehnt",0,H2)'
    summary = workbook["Übersicht"]
    assert summary.title == "Übersicht"
    assert str(summary["A1"].value).startswith("Geschäftsplan 2026-2027")
    evaluate = Evaluator(workbook)
    total = find_row(summary, "B", "Summe")
    assert [evaluate.cell("Übersicht", f"{column}{total}") for column in "DEFGHI"] == [
        10000, 22000, 32000, 30000, -2000, "Lücken",
    ]  # fmt: skip
    assert "'Personal'" not in str(summary[f"D{total - 1}"].value)  # plain letters: unquoted
    assert "'Übersicht'" not in str(summary[f"D{total - 1}"].value)


def test_docx_in_italian_has_its_headings_and_tables_in_italian(cast) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    build_plan(cast)
    with translation.override("it"):
        document = Document(io.BytesIO(documents.export_docx(snapshot_of(cast), generated_at=NOW)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Piano aziendale 2026-2027" in [p.text for p in document.paragraphs]
    assert "Budget per action and year" not in headings
    assert document.core_properties.subject == (
        "Piano aziendale della strategia congiunta di internazionalizzazione"
    )
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header == [
        "Costo totale",
        "Finanziamento totale",
        "di cui concesso",
        "Finanziamento - costo",
    ]
