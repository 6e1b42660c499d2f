"""Reading user files: a decision matrix (``--matrix M.csv``) and weights (``--weights W.json``).

Every error is an ``InputError`` whose one-line message names the file, the line or key, and the
field, e.g. ``M.csv line 5, column gdp: not a number ('n/a')``.

M.csv (alternatives x criteria)::

    iso3,gdp,distance           <- header: "iso3", then one name per criterion
    type,benefit,cost           <- "type", then benefit or cost per criterion
    USA,27.4,7400               <- one row per alternative: a unique code, then numbers
    JPN,4.2,9700

W.json, one of::

    {"gdp": 2, "distance": 1}                         direct weights (any positive scale;
    {"weights": {"gdp": 2, "distance": 1}}            0 leaves a criterion out)

    {"ahp": {"criteria": ["gdp", "growth", "distance"],
             "partners": {"FR": [[1, 3, 5], ["1/3", 1, 2], ["1/5", "1/2", 1]],
                          "DE": [[1, 2, 4], ["1/2", 1, 2], ["1/4", "1/2", 1]]}}}

``matrix[i][j]`` says how much more important criterion i is than criterion j on Saaty's scale
(1 equal, 3 moderate, 5 strong, 7 very strong, 9 extreme; 1/3 ... the reverse); each matrix must be
reciprocal with 1 on the diagonal; numbers or fractions written as strings ("1/3").
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

from crosscluster.engines.ranking.model import (
    Alternative,
    Cell,
    Criterion,
    DecisionMatrix,
    InputError,
    PartnerJudgement,
    Weights,
)
from crosscluster.engines.ranking.weights import ahp_weights, direct_weights

DIRECTIONS = {"benefit": "benefit", "cost": "cost"}


def _read_text(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{shown}: is a directory, expected a file") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{shown}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise InputError(f"{shown}: cannot be read ({error.strerror})") from None


def read_matrix(
    path: Path, shown: str | None = None, names: Mapping[str, str] | None = None
) -> DecisionMatrix:
    """Parse an alternatives x criteria CSV with a "type" row (see the module docstring)."""
    shown = shown or str(path)
    names = names or {}
    reader = csv.reader(_read_text(path, shown).splitlines())
    header: list[str] | None = None
    directions: list[str] | None = None
    alternatives: list[Alternative] = []
    first_line: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            cells = [cell.strip() for cell in row]
            if header is None:
                header = _parse_header(cells, shown, line)
                continue
            if directions is None:
                directions = _parse_types(cells, header, shown, line)
                continue
            if len(cells) != len(header):
                raise InputError(
                    f"{shown} line {line}: {len(cells)} cells, expected {len(header)} "
                    f"(iso3 and {len(header) - 1} criteria)"
                )
            code = cells[0]
            if not code:
                raise InputError(f"{shown} line {line}, column iso3: empty")
            if code in first_line:
                raise InputError(
                    f"{shown} line {line}, column iso3: duplicate {code} "
                    f"(first on line {first_line[code]})"
                )
            first_line[code] = line
            values = [
                _number(text, f"{shown} line {line}, column {name}")
                for name, text in zip(header[1:], cells[1:], strict=True)
            ]
            alternatives.append(
                Alternative(
                    iso3=code,
                    name=names.get(code, code),
                    cells=tuple(Cell(raw=value, year=None, value=value) for value in values),
                )
            )
    except csv.Error as error:
        raise InputError(f"{shown} line {reader.line_num}: malformed CSV ({error})") from None
    if header is None:
        raise InputError(f"{shown}: empty; expected a header row starting with iso3")
    if directions is None:
        raise InputError(
            f"{shown}: missing the second row (type, then benefit or cost per criterion)"
        )
    if not alternatives:
        raise InputError(f"{shown}: no alternatives after the type row")
    return DecisionMatrix(
        criteria=tuple(
            Criterion(code=name, label=name, direction="benefit" if kind == "benefit" else "cost")
            for name, kind in zip(header[1:], directions, strict=True)
        ),
        alternatives=tuple(alternatives),
        missing_rule="no missing values (every cell of --matrix must be a number)",
        source=f"{shown} (user-supplied matrix)",
        vintage="as supplied",
    )


def _parse_header(cells: list[str], shown: str, line: int) -> list[str]:
    if cells[0].lower() != "iso3":
        raise InputError(
            f"{shown} line {line}, column 1: the header must start with iso3, found {cells[0]!r}"
        )
    if len(cells) < 2:
        raise InputError(f"{shown} line {line}: no criteria after iso3")
    seen: set[str] = set()
    for position, name in enumerate(cells[1:], start=2):
        if not name:
            raise InputError(f"{shown} line {line}, column {position}: empty criterion name")
        if name in seen:
            raise InputError(f"{shown} line {line}, column {name}: duplicate criterion name")
        seen.add(name)
    return ["iso3", *cells[1:]]


def _parse_types(cells: list[str], header: list[str], shown: str, line: int) -> list[str]:
    if cells[0].lower() != "type":
        raise InputError(
            f"{shown} line {line}, column iso3: the second row must start with type "
            f"(then benefit or cost per criterion), found {cells[0]!r}"
        )
    if len(cells) != len(header):
        raise InputError(f"{shown} line {line}: {len(cells)} cells, expected {len(header)}")
    kinds = []
    for name, text in zip(header[1:], cells[1:], strict=True):
        kind = DIRECTIONS.get(text.lower())
        if kind is None:
            raise InputError(
                f"{shown} line {line}, column {name}: type must be benefit or cost, found {text!r}"
            )
        kinds.append(kind)
    return kinds


def _number(text: str, where: str) -> float:
    if not text:
        raise InputError(f"{where}: missing value (--matrix needs a number in every cell)")
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{where}: not a number ({text!r})") from None
    if not math.isfinite(value):
        raise InputError(f"{where}: not a finite number ({text!r})")
    return value


def read_weights(path: Path, shown: str | None = None) -> Weights:
    """Parse W.json: direct weights or AHP pairwise comparisons per partner."""
    shown = shown or str(path)
    text = _read_text(path, shown)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{shown} line {error.lineno}, column {error.colno}: invalid JSON ({error.msg})"
        ) from None
    return parse_weights(document, shown)


def parse_weights(document: Any, shown: str) -> Weights:
    if not isinstance(document, dict) or not document:
        raise InputError(
            f'{shown}: expected an object: {{"indicator": weight, ...}}, {{"weights": {{...}}}} '
            'or {"ahp": {"criteria": [...], "partners": {...}}}'
        )
    if "ahp" in document:
        extra = set(document) - {"ahp", "comment"}
        if extra:
            raise InputError(f"{shown} key {sorted(extra)[0]}: not allowed next to ahp")
        return _parse_ahp(document["ahp"], f"{shown} ahp")
    if "weights" in document:
        extra = set(document) - {"weights", "comment"}
        if extra:
            raise InputError(f"{shown} key {sorted(extra)[0]}: not allowed next to weights")
        weights = document["weights"]
        if not isinstance(weights, dict):
            raise InputError(f'{shown} weights: expected an object {{"indicator": weight}}')
        return direct_weights(weights, f"{shown} weights.")
    document = {key: value for key, value in document.items() if key != "comment"}
    return direct_weights(document, f"{shown} key ")


def _parse_ahp(section: Any, where: str) -> Weights:
    if not isinstance(section, dict):
        raise InputError(f'{where}: expected an object {{"criteria": [...], "partners": {{...}}}}')
    criteria = section.get("criteria")
    if (
        not isinstance(criteria, list)
        or not criteria
        or not all(isinstance(code, str) and code for code in criteria)
    ):
        raise InputError(f"{where}.criteria: expected a list of criterion names")
    partners = section.get("partners")
    if not isinstance(partners, dict) or not partners:
        raise InputError(f'{where}.partners: expected an object {{"partner": [[...], ...]}}')
    extra = set(section) - {"criteria", "partners"}
    if extra:
        raise InputError(f"{where}.{sorted(extra)[0]}: unknown key (criteria, partners)")
    judgements = []
    for partner, matrix in partners.items():
        place = f"{where}.partners.{partner}"
        if not isinstance(matrix, list) or not all(isinstance(row, list) for row in matrix):
            raise InputError(f"{place}: expected a list of rows (a square matrix)")
        rows = tuple(
            tuple(
                _judgement(value, f"{place} row {row_index}, column {column_index}")
                for column_index, value in enumerate(row, start=1)
            )
            for row_index, row in enumerate(matrix, start=1)
        )
        judgements.append(PartnerJudgement(partner=partner, criteria=tuple(criteria), matrix=rows))
    # Validation of each matrix names the partner, row and column (in ahp.check_pairwise).
    try:
        return ahp_weights(judgements)
    except InputError as error:
        message = str(error).replace("ahp.partners", f"{where}.partners", 1)
        raise InputError(message) from None


def _judgement(value: Any, where: str) -> float:
    if isinstance(value, bool):
        raise InputError(f'{where}: expected a number or a fraction like "1/3", got {value!r}')
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(Fraction(value.strip()))
        except (ValueError, ZeroDivisionError):
            pass
    raise InputError(f'{where}: expected a number or a fraction like "1/3", got {value!r}')
