"""The API sweep in German (issue 14): every GET operation of the OpenAPI schema, on the demo,
anonymously and with the demo coordinator's bearer token, asked with ``Accept-Language: de``;
no string of its JSON answers may be English the platform wrote (``tests/language_sweep.py``:
an English catalogue string with a different German translation, or a sentence made from one).
What people wrote stays as written (the demo's texts are English data).

The path parameters are filled from the answers already read: ``{news_id}`` from the ``id`` of
``/content/news``'s items, a ``{region_id}`` from the ``regions`` of the answer above it, a
``{participant_id}`` named in any answer, ``{slug}`` from the prefix's list (or the
partnerships'); ids the API lists nowhere (B2B sessions, runs) from the demo's rows. Every GET
operation must answer 200 to one of the two readers, except those ``NOT_READ`` names with the
reason (a demo that lost its data would otherwise pass with nothing read). Codes
(``CODES``, and ``CODE_VALUES`` where a field is a code only in some schemas), the engines'
``*_parts`` and the fields ``WRITTEN`` names are not read as English.
"""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Case, When
from django.test import Client
from django.utils import translation

from crosscluster.accounts import services as account_services
from crosscluster.accounts.models import User
from crosscluster.demo import accounts
from tests.language_sweep import EnglishCatalogue, english_catalogue

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"
PARAMETER = re.compile(r"\{([^}]+)\}")
#: the operations' required query parameters, with values the demo answers
QUERIES = {"/api/v1/organisations/similar": {"name": "Robotics", "country": "DE"}}
#: fields whose values are codes a script reads, the same in every language (the schema lists
#: them: "strong, related or none"); the answer words them beside, where people read them
CODES = {
    "category",
    "dimension",
    "direction",
    "facet",
    "key",
    "level",
    "method",
    "scope",
    "status",
    "weights",
    "weights_basis",
}
#: fields that hold a code in some schemas and a data set's own name in others ("source": a
#: partner region's "published", a match's "engine"; an indicator's "World Bank WDI"): only the
#: values the schema lists as codes are skipped
CODE_VALUES = {"source": {"directory", "coordinator", "published", "engine", "broker"}}
#: and anything inside ``*_parts``: an engine's sentence as a code and its values (data), worded
#: beside it (docs/languages.md, "Sentences the engines write")
PARTS = "_parts"
#: fields of an operation that hold what people wrote (the demo's are English)
WRITTEN = {
    ("/api/v1/partnerships/{slug}/work-plan", "title"): "the work plan's packages and items",
}
#: GET operations the sweep does not read, and why; every other one must answer 200
NOT_READ = {
    "/api/v1/accounts/me/data": "a file (the person's data as a JSON download)",
    "/api/v1/exports/{export_id}/file": "a file",
    "/api/v1/exports/{export_id}": "the demo requests no export",
    "/api/v1/imports/organisations/{import_id}": "the demo imports no file",
    "/api/v1/imports/organisations/{import_id}/problems": "the demo imports no file",
    "/api/v1/imports/organisations/{import_id}/changes": "the demo imports no file",
    "/api/v1/archives/imports/{import_id}": "the demo imports no archive",
    "/api/v1/content/documents/{document_id}": "the demo uploads no document",
    "/api/v1/conversations/{conversation_id}": "the demo coordinator is in no conversation",
    "/api/v1/conversations/{conversation_id}/slot-choices": "as above",
    "/api/v1/conversations/{conversation_id}/slots": "as above",
    "/api/v1/strategy/{slug}/versions/{number}": "the demo adopts no strategy version",
    "/api/v1/strategy/{slug}/versions/{number}/comparison": "as above",
    "/api/v1/monitoring/{slug}/network": "computed by a background job the demo does not run",
    "/api/v1/brokerage/participants/{participant_id}/free-slots": "asks for `with_id`, a second "
    "participant (required); its answer is slots, times and ids only (no text to translate)",
    "/api/v1/partnerships/approvals": "the platform's administrators only",
    "/api/v1/workers": "the platform's staff only (queue names and times: "
    "tests/test_background_workers.py)",
    "/api/v1/organisations/reviews": "the platform's administrators and staff only (the words "
    "of its criteria: directory/tests/test_review_api.py)",
}
#: ids tried per parameter: the first that answers is read
TRIES = 8


def get_operations() -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return sorted(path for path, methods in schema["paths"].items() if "get" in methods)


def strings(value: Any, where: str = "$") -> Iterator[tuple[str, str]]:
    """Every string of a JSON answer with its JSON path."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{where}[{index}]")


def values_of(answer: Any, key: str) -> Iterator[Any]:
    """The values of ``key`` anywhere in an answer."""
    if isinstance(answer, dict):
        for name, item in answer.items():
            if name == key and isinstance(item, (int, str)) and not isinstance(item, bool):
                yield item
            yield from values_of(item, key)
    elif isinstance(answer, list):
        for item in answer:
            yield from values_of(item, key)


def items_of(answer: Any) -> list[Any]:
    if isinstance(answer, dict) and isinstance(answer.get("items"), list):
        return list(answer["items"])
    return answer if isinstance(answer, list) else [answer] if isinstance(answer, dict) else []


def candidates(name: str, prefix: str, answers: dict[str, Any]) -> list[Any]:
    """Values to try for the parameter ``name`` of an operation whose path before it is
    ``prefix``: the ids (slugs, numbers) of the prefix's list, else the values of a key so named
    in any answer, else (a slug) the partnerships'."""
    own_key = {"slug": "slug", "number": "number"}.get(name, "id")
    found = [
        item[own_key]
        for item in items_of(answers.get(prefix))
        if isinstance(item, dict) and own_key in item
    ]
    parent, _, key = prefix.rpartition("/")
    if not found:  # /regions/{slug}/regions/{region_id}: the ids of the parent's "regions"
        answer = answers.get(parent)
        rows = answer.get(key) if isinstance(answer, dict) else None
        found = [row[own_key] for row in rows or [] if isinstance(row, dict) and own_key in row]
    if not found and name != "slug":  # a slug of the prefix's kind, not the news'
        found = [value for answer in answers.values() for value in values_of(answer, name)]
    if name == "slug" and not found:
        found = [item["slug"] for item in items_of(answers.get("/api/v1/partnerships"))]
    if not found:
        found = demo_ids(name, prefix)
    return list(dict.fromkeys(found))[:TRIES]


def demo_ids(name: str, prefix: str) -> list[Any]:
    """Ids no list answer gives (the API lists no B2B sessions, runs or conversations): the
    demo's own, from the database, the coordinator's first."""
    from crosscluster.archives.models import ArchiveImport
    from crosscluster.brokerage.models import B2BSession, Participant, ScheduleRun
    from crosscluster.conversations.models import Conversation
    from crosscluster.exports.models import Export
    from crosscluster.imports.models import OrganisationImport

    models = {
        "session_id": B2BSession,
        "run_id": ScheduleRun,
        "conversation_id": Conversation,
        "export_id": Export,
        "import_id": ArchiveImport if "/archives/" in prefix else OrganisationImport,
    }
    if name == "participant_id":
        rows = Participant.objects.order_by(
            Case(When(user__email=accounts.COORDINATOR.email, then=0), default=1), "pk"
        )
    elif name in models:
        rows = models[name].objects.order_by("-pk")
    else:
        return []
    return list(rows.values_list("pk", flat=True)[:TRIES])


def fill(operation: str, answers: dict[str, Any]) -> list[str]:
    """The operation's paths with its parameters filled (none while one is unknown)."""
    paths = [operation]
    for match in PARAMETER.finditer(operation):
        filled = []
        for path in paths:
            prefix = path[: path.index(match.group(0))].rstrip("/")
            for value in candidates(match.group(1), prefix, answers):
                filled.append(path.replace(match.group(0), str(value), 1))
        paths = filled[:TRIES]
    return paths


def sweep(
    client: Client, headers: dict[str, str], english: EnglishCatalogue
) -> tuple[set[str], list[str]]:
    """Reads every operation it can fill (the first of its paths that answers); returns those
    read and the English found."""
    answers: dict[str, Any] = {}
    read: set[str] = set()
    found: list[str] = []
    waiting = [op for op in get_operations() if not op.endswith(("/file", "/me/data"))]
    progress = True
    while waiting and progress:
        progress = False
        for operation in list(waiting):
            paths = fill(operation, answers)
            if not paths:
                continue
            waiting.remove(operation)
            progress = True
            for path in paths:
                response = client.get(path, QUERIES.get(operation, {}), headers=headers)
                if response.status_code == 200 and "json" in response["Content-Type"]:
                    break
            else:
                continue  # not this reader's (401, 404): its errors are read by their own tests
            read.add(operation)
            answers[path.rstrip("/")] = answer = response.json()
            for where, text in strings(answer):
                field = re.sub(r"\[\d+\]$", "", where).rsplit(".", 1)[-1]
                if field in CODES or (operation, field) in WRITTEN or PARTS in where:
                    continue
                if text in CODE_VALUES.get(field, ()):
                    continue
                if english.find(text):
                    found.append(f"GET {path} {where}: {text!r}")
    return read, found


@pytest.fixture
def demo(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True  # the demo users' documented password
    call_command("seed_demo", "--with-demo-users", stdout=io.StringIO())


def test_the_sweep_finds_english_strings_and_sentences() -> None:
    english = english_catalogue()
    assert english.find("Marketplace")
    assert english.find("Unrelated SME is interested in Vision systems")
    assert not english.find("Marktplatz")
    assert not english.find("We make robots in Turin.")  # what people wrote


def test_no_api_answer_in_german_holds_english_the_platform_wrote(demo: None) -> None:
    english = english_catalogue()
    coordinator = User.objects.get(email=accounts.COORDINATOR.email)
    key = account_services.create_api_token(user=coordinator, name="sweep", scope="read").key
    started = time.monotonic()
    found: list[str] = []
    read_by_anyone: set[str] = set()
    for headers in (
        {"Accept-Language": "de"},
        {"Accept-Language": "de", "Authorization": f"Bearer {key}"},
    ):
        with translation.override("en"):
            read, leaks = sweep(Client(), headers, english)
        read_by_anyone |= read
        found += leaks
    print(f"\n{len(read_by_anyone)} operations read in {time.monotonic() - started:.1f} s")
    assert not found, f"{len(set(found))} English texts:\n" + "\n".join(sorted(set(found)))
    assert set(get_operations()) - read_by_anyone == set(NOT_READ)
