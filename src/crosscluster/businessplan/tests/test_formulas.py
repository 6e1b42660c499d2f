"""The test-only formula evaluator is itself checked on a workbook built by hand."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from crosscluster.businessplan.tests.formulas import Evaluator


def test_the_evaluator_on_known_values() -> None:
    workbook = Workbook()
    data = workbook.active
    data.title = "Data"
    for row in (["A1", 2026, 10], ["A1", 2027, 5], ["A2", 2026, 7], ["A1", 2026, 1]):
        data.append(row)
    sheet = workbook.create_sheet("S")
    sheet["A1"] = "A1"
    sheet["B1"] = 2026
    sheet["C1"] = "=SUMIFS(Data!$C$1:$C$4,Data!$A$1:$A$4,$A1,Data!$B$1:$B$4,$B1)"
    sheet["D1"] = "=SUM(Data!C1:C4)-C1*2"
    sheet["E1"] = '=IF(D1<0,"Gap",IF(D1>0,"Surplus","OK"))'
    sheet["F1"] = "=MIN(Data!C1:C4)"
    sheet["G1"] = '=IF(Data!A1="A1",1,0)/4'
    evaluator = Evaluator(workbook)
    assert evaluator.cell("S", "C1") == 11  # 10 + 1
    assert evaluator.cell("S", "D1") == 23 - 22
    assert evaluator.cell("S", "E1") == "Surplus"
    assert evaluator.cell("S", "F1") == 1
    assert evaluator.cell("S", "G1") == 0.25
    sheet["H1"] = "=VLOOKUP(A1,Data!A1:C4,3)"
    with pytest.raises(ValueError, match="unknown"):
        evaluator.cell("S", "H1")
