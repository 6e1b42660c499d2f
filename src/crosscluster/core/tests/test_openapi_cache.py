"""The API's schema is built once per code version: later requests, other processes and
restarts of the same code read it; other code builds its own (core.openapi_cache)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from crosscluster.core import openapi_cache


@pytest.fixture(autouse=True)
def fresh() -> None:  # type: ignore[misc]
    openapi_cache.forget()
    cache.clear()
    yield
    openapi_cache.forget()
    cache.clear()


def test_the_schema_is_built_once_then_read() -> None:
    builds: list[int] = []

    def build() -> dict[str, object]:
        builds.append(1)
        return {"openapi": "3.1.0", "paths": {"/api/v1/x": {}}}

    first = openapi_cache.cached_schema("/api/v1/", build)
    assert openapi_cache.cached_schema("/api/v1/", build) == first
    assert len(builds) == 1

    openapi_cache.forget()  # another process, or a restart, of the same code

    def must_not_build() -> dict[str, object]:
        raise AssertionError("the shared cache held this code's schema")

    assert openapi_cache.cached_schema("/api/v1/", must_not_build) == first


def test_other_code_does_not_read_this_codes_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    openapi_cache.cached_schema("/api/v1/", lambda: {"version": "old"})
    openapi_cache.forget()
    monkeypatch.setattr(openapi_cache, "code_fingerprint", lambda: "another-deployment")
    assert openapi_cache.cached_schema("/api/v1/", lambda: {"version": "new"}) == {"version": "new"}


def test_the_fingerprint_changes_with_the_source(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = openapi_cache.code_fingerprint()
    assert len(before) == 64
    assert openapi_cache.code_fingerprint() == before  # computed once per process
    package = tmp_path / "crosscluster"
    (package / "core").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    monkeypatch.setattr(openapi_cache, "__file__", str(package / "core" / "openapi_cache.py"))
    openapi_cache.code_fingerprint.cache_clear()
    try:
        one = openapi_cache.code_fingerprint()
        openapi_cache.code_fingerprint.cache_clear()
        (package / "a.py").write_text("x = 2\n")
        assert openapi_cache.code_fingerprint() != one
    finally:
        openapi_cache.code_fingerprint.cache_clear()


@pytest.mark.django_db
def test_the_served_schema_is_the_one_built_from_the_code(client) -> None:  # type: ignore[no-untyped-def]
    import json

    from crosscluster.core.management.commands.export_openapi import openapi_text

    served = client.get("/api/v1/openapi.json")  # built, stored
    assert served.status_code == 200
    openapi_cache.forget()
    again = client.get("/api/v1/openapi.json")  # read from the shared cache
    assert served.json() == again.json() == json.loads(openapi_text())
