"""Export kinds are named in the reader's language: the status page, the kinds API and the
messages a failed export keeps (the row stores the kind's key, never a translated label)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.exports import registry
from crosscluster.exports.models import Export, ExportStatus

pytestmark = pytest.mark.django_db


def _render(request: registry.ExportRequest) -> registry.RenderedFile:
    if request.subject == "broken":
        raise RuntimeError("the template is missing")
    return registry.RenderedFile(filename=f"{request.subject}.pdf", content=b"%PDF-")


@pytest.fixture(autouse=True)
def plan_kind(monkeypatch):  # type: ignore[no-untyped-def]
    kind = registry.ExportKind(
        key="tests.plan",
        label=gettext_lazy("Business plan"),
        formats=("pdf",),
        can_request=lambda user, subject: True,
        render=_render,
        page=lambda subject: f"/plans/{subject}/",
    )
    monkeypatch.setitem(registry._KINDS, kind.key, kind)
    return kind


def ask_in(client: Client, language: str, subject: str) -> str:
    with translation.override(language):
        url = reverse("exports:request")
    asked = client.post(url, {"kind": "tests.plan", "subject": subject, "format": "pdf"})
    assert asked.status_code == 302
    return str(asked["Location"])


def test_the_status_page_names_the_kind_in_the_readers_language(client: Client) -> None:
    status_url = ask_in(client, "de", "dia")
    assert status_url.startswith("/de/exports/")
    german = client.get(status_url).content.decode()
    assert "<h1>Geschäftsplan (PDF)</h1>" in german
    assert "Business plan" not in german
    export = Export.objects.get()
    assert export.kind == "tests.plan"  # the key, worded when read
    english = client.get(status_url.removeprefix("/de")).content.decode()
    assert "<h1>Business plan (PDF)</h1>" in english


def test_the_kinds_api_names_the_registered_kinds_in_the_requests_language(
    client: Client,
) -> None:
    german = client.get("/api/v1/exports/kinds", headers={"Accept-Language": "de"}).json()
    labels = {kind["key"]: kind["label"] for kind in german}
    assert labels["businessplan.plan"] == "Geschäftsplan"
    assert labels["strategy.jis"] == "Gemeinsame Internationalisierungsstrategie"
    assert labels["regions.guidelines"] == "S3-Leitlinien"
    english = client.get("/api/v1/exports/kinds", headers={"Accept-Language": "en"}).json()
    assert {kind["key"]: kind["label"] for kind in english}["businessplan.plan"] == (
        "Business plan"
    )
    # every kind's label is a catalogue string: none is the same object in every language
    assert all(isinstance(kind.label, type(gettext_lazy(""))) for kind in registry.list_kinds())


def test_a_failed_export_keeps_its_message_and_says_it_in_the_readers_language(
    client: Client,
) -> None:
    """Depends on the catalogues: the German message is filled in by the lead."""
    status_url = ask_in(client, "de", "broken")
    run_queued_tasks()
    export = Export.objects.get()
    assert export.status == ExportStatus.FAILED
    assert "give the administrators the reference" in export.error  # the msgid, kept
    german = client.get(status_url).content.decode()
    assert "Versuchen Sie es später erneut" in german
    assert "Try again later" not in german
    english = client.get(status_url.removeprefix("/de")).content.decode()
    assert "Try again later; if it keeps failing" in english
    assert '"stored_message"' not in english
