"""The committed OpenAPI snapshot matches the code (run `make openapi` after a deliberate change)."""

from __future__ import annotations

import json
from pathlib import Path

from crosscluster.core.management.commands.export_openapi import openapi_text

SNAPSHOT = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"


def test_openapi_snapshot_is_current() -> None:
    current = json.loads(openapi_text())
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert current == committed, "The API changed: run `make openapi` and commit docs/openapi.json."


def test_every_write_needs_a_token() -> None:
    schema = json.loads(openapi_text())
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in {"post", "put", "patch", "delete"}:
                assert operation.get("security"), f"{method.upper()} {path} has no authentication"
