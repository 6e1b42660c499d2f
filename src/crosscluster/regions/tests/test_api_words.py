"""The regions API in the request's language, as the region page words it (apiwords): the
S3 candidates' descriptions, and an adopted priority's description, which keeps its candidate
as counts and EDIH tags (``S3Priority.wording``) and follows the reader until someone edits it.
In English every worded text is the engine's own (``engines.s3.derivation``)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crosscluster.engines.s3.derivation import DERIVED_LABEL
from crosscluster.regions import queries
from crosscluster.regions.models import S3Priority
from crosscluster.regions.tests.helpers import build_guidelines

pytestmark = pytest.mark.django_db

#: words of the candidates' German sentence (the catalogue's)
GERMAN = "verschlagworteten digitalen Innovationszentren"


def call(client: Client, method: str, address: str, token: str, language: str, body=None):  # type: ignore[no-untyped-def]
    return getattr(client, method)(
        address,
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        HTTP_AUTHORIZATION=token,
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.parametrize(("language", "words"), [("de", GERMAN), ("fr", "pôles")])
def test_the_candidates_are_worded_in_the_requests_language(
    cast, token_for, language: str, words: str
) -> None:
    setup = build_guidelines(cast)
    address = f"/api/v1/regions/{cast.partnership.slug}/regions/{setup.basque.pk}"
    token = token_for(cast.coordinator)
    client = Client()
    english = call(client, "get", address, token, "en").json()["candidates"]
    engine = {c.key: c for c in queries.list_candidates(region=setup.basque.region)}
    # in English: the engine's own sentence, character for character
    assert [c["description"] for c in english] == [engine[c["key"]].description for c in english]
    assert "(2 hubs)" in english[0]["description"]
    assert "(1 hub)" in english[0]["description"]  # robotics: one hub, singular as worded
    worded = call(client, "get", address, token, language).json()["candidates"]
    assert [c["key"] for c in worded] == [c["key"] for c in english]
    for candidate in worded:
        assert words in candidate["description"], candidate["description"]
        assert "tagged digital innovation hubs" not in candidate["description"]
        assert candidate["label"] != DERIVED_LABEL
    # the page says the same
    client.force_login(cast.coordinator)
    with translation.override(language):
        page = client.get(
            reverse("regions:region", args=[cast.partnership.slug, setup.basque.pk])
        ).content.decode()
    assert words in page


def adopt(cast, token_for, key: str, language: str):  # type: ignore[no-untyped-def]
    """The guidelines built, the candidate ``key`` of the Basque Country adopted through the
    API asked in ``language``: (setup, base address, token, client, answer)."""
    setup = build_guidelines(cast)
    base = f"/api/v1/regions/{cast.partnership.slug}"
    token = token_for(cast.coordinator)
    client = Client()
    address = f"{base}/regions/{setup.basque.pk}/priorities/adopt"
    adopted = call(client, "post", address, token, language, {"keys": [key]})
    assert adopted.status_code == 201, adopted.content
    return setup, base, token, client, adopted


def test_an_adopted_priority_follows_the_reader_until_it_is_edited(cast, token_for) -> None:
    setup, base, token, client, adopted = adopt(cast, token_for, "sectors:manufacturing", "de")
    [shown] = adopted.json()
    assert GERMAN in shown["description"]
    assert shown["description_parts"]["tags"][0]["key"] == "sectors:manufacturing"
    priority = S3Priority.objects.get(pk=shown["id"])
    candidate = next(
        c
        for c in queries.list_candidates(region=setup.basque.region)
        if c.key == "sectors:manufacturing"
    )
    assert priority.description == candidate.description  # stored: the engine's English
    assert priority.wording["hubs"] == 2

    def description(language: str) -> str:
        guidelines = call(client, "get", base, token, language).json()
        region = next(r for r in guidelines["regions"] if r["id"] == setup.basque.pk)
        return next(p for p in region["priorities"] if p["id"] == priority.pk)["description"]

    assert description("en") == candidate.description
    assert GERMAN in description("de")
    assert "pôles" in description("fr")
    # a change of the title only keeps the description the reader was shown, now as written
    patched = call(
        client, "patch", f"{base}/priorities/{priority.pk}", token, "de", {"title": "Industrie"}
    )
    assert patched.status_code == 200, patched.content
    priority.refresh_from_db()
    assert priority.is_edited
    assert GERMAN in priority.description
    assert description("fr") == description("en") == priority.description


def test_a_priority_adopted_before_the_parts_were_kept_is_worded_from_its_english(
    cast, token_for
) -> None:
    """Stored the old way (no parts; "1 hubs" as the engine wrote it then): its parts are read
    back from the English description, so German and French readers read it in their
    language."""
    setup, base, token, client, adopted = adopt(cast, token_for, "sectors:manufacturing", "en")
    priority = S3Priority.objects.get(pk=adopted.json()[0]["id"])
    old = priority.description.replace("(1 hub)", "(1 hubs)")
    assert "(1 hubs)" in old
    S3Priority.objects.filter(pk=priority.pk).update(wording={}, description=old)

    def shown(language: str) -> dict:  # type: ignore[type-arg]
        guidelines = call(client, "get", base, token, language).json()
        region = next(r for r in guidelines["regions"] if r["id"] == setup.basque.pk)
        [item] = region["priorities"]
        return dict(item)

    german = shown("de")
    assert GERMAN in german["description"]
    assert "tagged digital innovation hubs" not in german["description"]
    assert german["description_parts"] == {}  # as stored
    # the derived source is named in the reader's language all the same
    assert german["source_label"] != DERIVED_LABEL
    assert german["source_label"].startswith("Aus dem EDIH-Katalog")
    assert "pôles" in shown("fr")["description"]
    # in English the engine's sentence as it writes it now ("1 hub")
    assert shown("en")["description"] == old.replace("(1 hubs)", "(1 hub)")
    # the region page says the same
    client.force_login(cast.coordinator)
    with translation.override("de"):
        page = client.get(
            reverse("regions:region", args=[cast.partnership.slug, setup.basque.pk])
        ).content.decode()
    assert "tagged digital innovation hubs" not in page


def test_a_description_that_is_not_the_engines_stays_as_written() -> None:
    from crosscluster.regions import wording

    with translation.override("de"):
        written = "3 of the 9 tagged digital innovation hubs in Bilbao love the sector “X”."
        assert wording.shown_description(description=written, wording={}, is_edited=False) == (
            written
        )


def test_every_description_the_engine_writes_reads_back_into_its_parts(cast) -> None:
    """The oracle: for each candidate of the demo regions, the parts read back from the
    engine's English sentence are the candidate's own (``adapters.candidate_parts``)."""
    from crosscluster.engines.s3.derivation import description_parts
    from crosscluster.regions import adapters

    setup = build_guidelines(cast)
    candidates = [
        *queries.list_candidates(region=setup.basque.region),
        *queries.list_candidates(region=setup.german.region),
    ]
    assert candidates
    for candidate in candidates:
        parts = adapters.candidate_parts(candidate)
        read = description_parts(candidate.description)
        assert read is not None, candidate.description
        assert {key: read[key] for key in ("hubs", "hub_count", "scope", "scope_label")} == {
            key: parts[key] for key in ("hubs", "hub_count", "scope", "scope_label")
        }
        read_tags, tags = list(read["tags"]), list(parts["tags"])  # type: ignore[call-overload]
        assert [tag["label"] for tag in read_tags] == [tag["label"] for tag in tags]
        assert [tag["hubs"] for tag in read_tags[1:]] == [tag["hubs"] for tag in tags[1:]]
        assert [tag["key"].split(":")[0] for tag in tags] == [tag["facet"] for tag in read_tags]
