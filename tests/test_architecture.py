"""The rules of docs/architecture.md that import-linter cannot state, checked on the source."""

from __future__ import annotations

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "crosscluster"
NOT_APPS = {"engines", "demo", "config", "core", "data", "locale"}
MAX_LINES = 600


def app_modules(*layers: str) -> list[Path]:
    """The modules of every app in these layers (a module or a package of that name)."""
    found = []
    for app in sorted(p for p in SOURCE.iterdir() if p.is_dir() and p.name not in NOT_APPS):
        for layer in layers:
            found += [app / f"{layer}.py"] if (app / f"{layer}.py").exists() else []
            found += sorted((app / layer).glob("*.py")) if (app / layer).is_dir() else []
    return found


def test_pages_api_and_forms_make_no_orm_calls() -> None:
    modules = app_modules("views", "api", "forms")
    assert len(modules) > 30
    offenders = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in modules
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\.objects\b|\.filter\(|\.exclude\(|\.annotate\(", line)
    ]
    assert offenders == [], "ask the app's queries instead"


def test_the_read_layer_does_not_speak_http() -> None:
    modules = app_modules("queries")
    assert len(modules) > 10
    offenders = [
        str(path.relative_to(SOURCE))
        for path in modules
        if re.search(
            r"\bHttp404\b|django\.http|django\.shortcuts", path.read_text(encoding="utf-8")
        )
    ]
    assert offenders == [], "raise DoesNotExist; permissions.py turns it into 404"


def test_no_module_of_an_app_outgrows_600_lines() -> None:
    too_long = {
        str(path.relative_to(SOURCE)): lines
        for path in SOURCE.rglob("*.py")
        if path.relative_to(SOURCE).parts[0] not in NOT_APPS
        and not {"tests", "migrations"} & set(path.parts)
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}, "split it into a package by sub-domain, re-exported from __init__"
