"""The committed OpenAPI snapshot matches the code (run `make openapi` after a deliberate change)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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


def test_every_operation_documents_its_error_answers() -> None:
    from crosscluster.config.api import api
    from crosscluster.core.api import ERROR_RESPONSES

    schema = api.get_openapi_schema()
    assert "ErrorOut" in schema["components"]["schemas"]
    operations = [op for methods in schema["paths"].values() for op in methods.values()]
    assert len(operations) > 100
    for operation in operations:
        # the schema as served (JSON: status codes are strings), built once per code version
        documented = set(operation["responses"])
        assert {str(code) for code in ERROR_RESPONSES} <= documented, operation["operationId"]


@pytest.mark.django_db
def test_an_address_no_operation_has_answers_json(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/events/3/programme/null,null")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "No API operation at /api/v1/events/3/programme/null,null" in response.json()["detail"]
    deleted = client.delete("/api/v1/events/3/programme/null,null")  # no CSRF page either
    assert (deleted.status_code, deleted["Content-Type"]) == (404, "application/json")


@pytest.mark.django_db
def test_a_multipart_body_without_boundary_is_a_clear_400(cast) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    from crosscluster.accounts.services import create_api_token

    token = create_api_token(user=cast.coordinator, name="upload").key
    response = Client().generic(
        "POST",
        "/api/v1/content/documents",
        data=b"x",
        content_type="multipart/form-data",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400
    assert "multipart/form-data" in response.json()["detail"]


@pytest.mark.django_db
def test_a_page_far_past_the_last_is_refused_not_a_server_error(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/marketplace/opportunities", {"page": 134919069684573474390016})
    assert response.status_code == 422
    assert "page" in response.json()["errors"]
    assert client.get("/api/v1/partnerships/", {"page": 1_000_000}).json()["items"] == []


def test_schema_names_are_unique_so_no_operation_documents_another_ones_shape() -> None:
    """The schema names a component after its class: two apps' ``TagOut`` would be one component
    in the document, and one of them would be described wrongly."""
    import importlib
    import pkgutil

    from ninja import Schema

    import crosscluster

    for module in pkgutil.walk_packages(crosscluster.__path__, "crosscluster."):
        if ".api" in module.name and ".tests" not in module.name:
            importlib.import_module(module.name)

    def ours(cls: type) -> list[type]:
        found = [cls] if cls.__module__.startswith("crosscluster.") else []
        return found + [sub for child in cls.__subclasses__() for sub in ours(child)]

    by_name: dict[str, set[str]] = {}
    for cls in ours(Schema):
        by_name.setdefault(cls.__name__, set()).add(cls.__module__)
    assert {name: mods for name, mods in by_name.items() if len(mods) > 1} == {}


@pytest.mark.django_db
def test_an_id_beyond_what_the_database_stores_is_not_found(cast) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    from crosscluster.accounts.services import create_api_token

    token = create_api_token(user=cast.sme_member, name="x").key
    response = Client().delete(
        "/api/v1/accounts/me/memberships/1520983542850563866624",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_text_with_a_nul_character_is_a_400_naming_the_field(cast) -> None:  # type: ignore[no-untyped-def]
    # PostgreSQL cannot compare or store text holding NUL: found by schemathesis as a server error.
    from django.test import Client

    from crosscluster.accounts.services import create_api_token
    from crosscluster.directory.models import Organisation

    client = Client()
    response = client.get("/api/v1/organisations/", {"q": "robot", "country": "D\x00E"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["country"]
    assert "NUL" in response.json()["detail"]

    page = client.get("/directory/", {"q": "ro\x00bot"})
    assert page.status_code == 400
    assert b"NUL" in page.content

    token = create_api_token(user=cast.cluster_manager, name="x").key
    before = Organisation.objects.count()
    response = client.post(
        "/api/v1/organisations/",
        data='{"name": "Robo\\u0000tics", "country": "DE", "tags": [{"label": "a\\u0000"}]}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"name", "tags.0.label"}
    assert Organisation.objects.count() == before

    # a multipart upload's fields (the API's form schemas are not Django forms), and a form's
    # choice looked up by its slug: 400 naming the field, never a server error on PostgreSQL
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = client.post(
        "/api/v1/imports/organisations",
        {
            "cluster": "pole\x00test",
            "file": SimpleUploadedFile("members.csv", b"Name;Country\nRobotics;FR\n"),
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert upload.status_code == 400
    assert list(upload.json()["errors"]) == ["cluster"]
    client.force_login(cast.coordinator)
    form = client.post(
        f"/events/{cast.partnership.slug}/new/", {"title": "Visit", "host": "pole\x00"}
    )
    assert form.status_code == 400
    assert b"NUL" in form.content
