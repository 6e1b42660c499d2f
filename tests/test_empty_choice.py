"""Every select built from a queryset (``ModelChoiceField``) names the site's empty choice,
``core.forms.EMPTY_CHOICE`` ("—"), so no page shows Django's "---------" (a phone tour found it
on the marketplace's and the B2B session's forms). Reads the source, so a new field is checked
the day it is written; a page test in marketplace/tests/test_pages.py shows the result."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "crosscluster"


def fields_without_empty_label(tree: ast.AST) -> list[int]:
    """Lines of the ``ModelChoiceField(...)`` calls in ``tree`` that give no ``empty_label``."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute | ast.Name)
        and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
        == "ModelChoiceField"
        and not any(keyword.arg == "empty_label" for keyword in node.keywords)
    ]


def test_the_check_finds_a_field_without_the_empty_choice() -> None:
    tree = ast.parse(
        "a = forms.ModelChoiceField(queryset=None)\n"
        "b = forms.ModelChoiceField(queryset=None, empty_label=EMPTY_CHOICE)\n"
        "c = ModelChoiceField(queryset=None, required=False)\n"
        "d = forms.ModelMultipleChoiceField(queryset=None)\n"
    )
    assert fields_without_empty_label(tree) == [1, 3]


def test_every_model_choice_field_gives_the_site_s_empty_choice() -> None:
    missing = [
        f"{path.relative_to(SOURCE)}:{line}"
        for path in sorted(SOURCE.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
        for line in fields_without_empty_label(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert missing == []
