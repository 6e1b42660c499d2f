"""A tiny evaluator for the formulas the XLSX export writes (test-only).

It knows exactly the forms the export emits: numbers, "strings", cell references (A1, $A$1,
Sheet!$A$2:$A$9), ranges, + - * /, comparisons (< > = <= >= <>), and the functions SUM, SUMIFS
(equality criteria), IF and MIN. Anything else raises, so a new formula form fails the tests until
the evaluator (and the docs) know it. Empty cells are 0 in arithmetic and "" in comparisons with
text, as in spreadsheet programs.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.utils import column_index_from_string

TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<string>\"[^\"]*\")"
    r"|(?P<ref>(?:(?:[A-Za-z]+|'(?:[^']|'')+')!)?\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?)"
    r"|(?P<name>[A-Z]+)(?=\()|(?P<op><=|>=|<>|[-+*/(),<>=]))"
)


class Evaluator:
    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.cache: dict[tuple[str, str], Any] = {}

    def cell(self, sheet: str, reference: str) -> Any:
        key = (sheet, reference)
        if key not in self.cache:
            value = self.workbook[sheet][reference].value
            if isinstance(value, str) and value.startswith("="):
                value = self.formula(value[1:], sheet)
            self.cache[key] = value
        return self.cache[key]

    def range(self, sheet: str, start: str, end: str) -> list[Any]:
        first_column, first_row = _split(start)
        last_column, last_row = _split(end)
        return [
            self.cell(sheet, f"{_letters(column)}{row}")
            for row in range(first_row, last_row + 1)
            for column in range(first_column, last_column + 1)
        ]

    def formula(self, text: str, sheet: str) -> Any:
        tokens = [
            (match.lastgroup, match.group(match.lastgroup))
            for match in TOKEN.finditer(text)
            if match.lastgroup
        ]
        joined = "".join(value for _, value in tokens)
        if joined != text.replace(" ", ""):
            raise ValueError(f"unknown formula form: {text!r}")
        parser = _Parser(tokens, self, sheet)
        value = parser.comparison()
        if parser.position != len(tokens):
            raise ValueError(f"trailing tokens in {text!r}")
        return value


def _split(reference: str) -> tuple[int, int]:
    match = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", reference)
    assert match, reference
    return column_index_from_string(match.group(1)), int(match.group(2))


def _letters(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _number(value: Any) -> float:
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    raise TypeError(f"not a number: {value!r}")


class _Parser:
    def __init__(self, tokens: list[tuple[str | None, str]], evaluator: Evaluator, sheet: str):
        self.tokens, self.evaluator, self.sheet, self.position = tokens, evaluator, sheet, 0

    def peek(self) -> str | None:
        return self.tokens[self.position][1] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str | None, str]:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def expect(self, value: str) -> None:
        _kind, text = self.take()
        assert text == value, (text, value)

    def comparison(self) -> Any:
        left = self.additive()
        if self.peek() in {"<", ">", "=", "<=", ">=", "<>"}:
            _, op = self.take()
            right = self.additive()
            if isinstance(left, str) or isinstance(right, str):
                left, right = "" if left is None else left, "" if right is None else right
            else:
                left, right = _number(left), _number(right)
            return {
                "<": left < right, ">": left > right, "=": left == right,
                "<=": left <= right, ">=": left >= right, "<>": left != right,
            }[op]  # fmt: skip
        return left

    def additive(self) -> Any:
        value = self.term()
        while self.peek() in {"+", "-"}:
            _, op = self.take()
            right = self.term()
            value = (
                _number(value) + _number(right) if op == "+" else _number(value) - _number(right)
            )
        return value

    def term(self) -> Any:
        value = self.unary()
        while self.peek() in {"*", "/"}:
            _, op = self.take()
            right = self.unary()
            value = (
                _number(value) * _number(right) if op == "*" else _number(value) / _number(right)
            )
        return value

    def unary(self) -> Any:
        if self.peek() == "-":
            self.take()
            return -_number(self.unary())
        return self.atom()

    def atom(self) -> Any:
        kind, text = self.take()
        if kind == "number":
            return float(text)
        if kind == "string":
            return text[1:-1]
        if text == "(":
            value = self.comparison()
            self.expect(")")
            return value
        if kind == "ref":
            sheet, _, reference = text.rpartition("!")
            if sheet.startswith("'"):  # a quoted sheet name (not plain letters)
                sheet = sheet[1:-1].replace("''", "'")
            sheet = sheet or self.sheet
            if ":" in reference:
                return self.evaluator.range(sheet, *reference.split(":"))
            return self.evaluator.cell(sheet, reference.replace("$", ""))
        if kind == "name":
            self.expect("(")
            arguments = [self.comparison()]
            while self.peek() == ",":
                self.take()
                arguments.append(self.comparison())
            self.expect(")")
            return self.call(text, arguments)
        raise ValueError(f"unexpected token {text!r}")

    def call(self, name: str, arguments: list[Any]) -> Any:
        if name == "SUM":
            return sum(
                _number(value)
                for argument in arguments
                for value in (argument if isinstance(argument, list) else [argument])
            )
        if name == "MIN":
            values = [_number(v) for argument in arguments for v in argument]
            return min(values) if values else 0.0
        if name == "IF":
            condition, yes, no = arguments
            return yes if condition else no
        if name == "SUMIFS":
            total, pairs = arguments[0], arguments[1:]
            assert len(pairs) % 2 == 0
            result = 0.0
            for index, value in enumerate(total):
                if all(
                    pairs[i][index] == pairs[i + 1]
                    or (
                        isinstance(pairs[i + 1], float)
                        and isinstance(pairs[i][index], int | float)
                        and float(pairs[i][index]) == pairs[i + 1]
                    )
                    for i in range(0, len(pairs), 2)
                ):
                    result += _number(value)
            return result
        raise ValueError(f"unknown function {name}")
