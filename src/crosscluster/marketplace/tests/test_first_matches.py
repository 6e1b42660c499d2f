"""Fast first matches: shipped vectors by text hash, words-and-tags matches before the embedding
refinement, the list polling itself, the country picker and reasons worded from their parts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.directory import queries as directory_queries
from crosscluster.directory.models import Organisation
from crosscluster.engines.matching import HashingEmbedder
from crosscluster.engines.matching.embedder import FloatMatrix
from crosscluster.engines.matching.reasons import render
from crosscluster.marketplace import adapters, jobs, vector_search
from crosscluster.marketplace.models import MatchSuggestion, Opportunity, ProfileVector
from crosscluster.marketplace.tests.helpers import NOW, make_opportunity
from crosscluster.marketplace.wording import describe

pytestmark = pytest.mark.django_db

PROVIDER_NAMES = ("Nordic Vision AB.", "Lyon Vision Lab.", "Baltic Robotics.")


class RecordingEmbedder(HashingEmbedder):
    """The tests' embedder, noting what it embeds and what was stored when it did."""

    def __init__(self) -> None:
        super().__init__()
        self.passages: list[str] = []
        self.provisional_when_embedding_providers: list[bool] = []

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix:
        self.passages.extend(texts)
        if any(text.startswith(PROVIDER_NAMES) for text in texts):
            self.provisional_when_embedding_providers.append(
                Opportunity.objects.filter(
                    matches_provisional=True, matches_computed_at__isnull=False
                ).exists()
            )
        return super().embed_passages(texts)


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> RecordingEmbedder:
    embedder = RecordingEmbedder()
    monkeypatch.setattr(adapters, "make_embedder", lambda: embedder)
    monkeypatch.setattr(vector_search, "load_precomputed", lambda: vector_search.EMPTY)
    return embedder


def _need(cast, tags):  # type: ignore[no-untyped-def]
    return make_opportunity(
        user=cast.sme_member,
        owner=cast.sme,
        tags=[tags["vision"], tags["food"]],
        partnership=cast.partnership,
    )


def test_first_matches_are_stored_before_the_providers_are_embedded(  # type: ignore[no-untyped-def]
    cast, tags, providers, recording
):
    need = _need(cast, tags)
    assert jobs.run_pending(now=NOW) == 1
    # while the providers were embedded, the need already had its provisional matches ...
    assert recording.provisional_when_embedding_providers
    assert all(recording.provisional_when_embedding_providers)
    # ... and the pass ends with the refined ones
    need.refresh_from_db()
    assert need.matches_ready
    assert not need.matches_provisional
    best = MatchSuggestion.objects.filter(opportunity=need).order_by("-score").first()
    assert best is not None
    assert best.provider_name == "Nordic Vision AB"
    assert any(part["code"] == "semantic" for part in best.reason_parts)


def test_shipped_vectors_are_used_for_the_same_model_and_text_only(  # type: ignore[no-untyped-def]
    cast, tags, providers, recording, monkeypatch, tmp_path
):
    vision: Organisation = providers["vision"]
    (row,) = directory_queries.list_provider_rows(organisation_ids=[vision.pk])
    profile = adapters.organisation_profile(row)
    shipped_vector = HashingEmbedder().embed_passages(["something else entirely"])[0]
    path = tmp_path / "vectors.npz"
    vector_search.write_precomputed(
        path, model_name=recording.name, vectors={adapters.text_hash(profile): shipped_vector}
    )
    monkeypatch.setattr(
        vector_search, "load_precomputed", lambda: vector_search.read_precomputed(path)
    )
    _need(cast, tags)
    jobs.run_pending(now=NOW)
    assert profile.passage not in recording.passages  # taken from the file, not embedded
    stored = adapters.vector_from_bytes(ProfileVector.objects.get(organisation=vision).passage)
    assert np.allclose(stored, shipped_vector, atol=1e-3)  # float16 in the file

    # a changed profile no longer matches the file's hash: it is embedded again
    vision.description = "Camera inspection of glass bottles and cans, now with X-ray."
    vision.save()
    Opportunity.objects.update(matches_requested_at=NOW.replace(hour=23))
    jobs.run_pending(now=NOW.replace(hour=23, minute=30))
    assert any("X-ray" in text for text in recording.passages)


def test_another_model_ignores_the_shipped_vectors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "vectors.npz"
    vector_search.write_precomputed(path, model_name="model-a", vectors={"ab" * 32: np.ones(4)})
    shipped = vector_search.read_precomputed(path)
    assert shipped.get(model_name="model-a", text_hash="ab" * 32) is not None
    assert shipped.get(model_name="model-b", text_hash="ab" * 32) is None
    assert shipped.get(model_name="model-a", text_hash="cd" * 32) is None


def test_the_list_polls_until_refined_and_offers_the_countries_of_the_matches(  # type: ignore[no-untyped-def]
    cast, tags, providers, recording
):
    need = _need(cast, tags)
    client = Client()
    client.force_login(cast.sme_member)
    url = reverse("marketplace:matches", args=[need.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page  # nothing yet: the list asks again by itself
    jobs.run_pending(now=NOW)
    Opportunity.objects.filter(pk=need.pk).update(matches_provisional=True)
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.strip().startswith('<div id="match-list"')
    assert "First matches" in partial
    assert 'hx-trigger="every 2s"' in partial
    Opportunity.objects.filter(pk=need.pk).update(matches_provisional=False)
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' not in page
    assert '<option value="SE">Sweden</option>' in page
    assert '<option value="DE">Germany</option>' in page
    # the list names the providers' countries, and its actions are the site's buttons
    assert "· Sweden ·" in page
    assert '<button class="button small secondary" type="submit" name="useful" value="1">' in page
    assert '<button class="button small" type="submit">' in page
    filtered = client.get(url, {"country": "se"}).content.decode()
    assert "Nordic Vision AB" in filtered
    assert "Baltic Robotics" not in filtered
    bad = client.get(url, {"country": "ZZ"}).content.decode()
    assert "Select a valid choice" in bad
    # Issue 13: the country picker and the rows name countries in the page's language.
    from django.utils import translation

    with translation.override("fr"):  # (restores English after the French request)
        french = client.get(reverse("marketplace:matches", args=[need.pk])).content.decode()
    assert '<option value="DE">Allemagne</option>' in french
    assert "· Suède ·" in french


def test_reasons_worded_from_their_parts_say_what_the_engine_says(  # type: ignore[no-untyped-def]
    cast, tags, providers, recording
):
    need = _need(cast, tags)
    jobs.run_pending(now=NOW)
    rows = MatchSuggestion.objects.filter(opportunity=need)
    assert rows
    from crosscluster.engines.matching.reasons import Reason

    for row in rows:
        assert len(row.reason_parts) == len(row.reasons)
        for parts, text in zip(row.reason_parts, row.reasons, strict=True):
            assert render(Reason.from_dict(parts)) == text
            # the page says "rank 3 of 40", not "3rd of 40", and names countries, not codes
            if parts["code"] not in ("semantic", "geography"):
                assert describe(parts) == text


def test_a_warmed_up_worker_matches_a_new_need_without_building_the_index(  # type: ignore[no-untyped-def]
    cast, tags, providers, recording, monkeypatch
):
    """A restarted worker that warmed up (model, tag model, provider index) builds nothing when
    the first need arrives; one that did not builds the index then."""
    _need(cast, tags)
    jobs.run_pending(now=NOW)  # the providers are embedded and stored
    built: list[int] = []
    original = jobs.build_provider_index

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(jobs, "build_provider_index", counting)
    for warm in (False, True):
        jobs._INDEX_CACHE.clear()  # a worker restart
        built.clear()
        if warm:
            timings = jobs.warm_up(now=NOW)
            assert set(timings) == {
                "model",
                "tag model",
                "providers",
                "index",
                "trial match",
                "total",
            }
            assert built == [1]
            built.clear()
        need = make_opportunity(
            user=cast.sme_member,
            owner=cast.sme,
            title=f"Second need {warm}",
            tags=[tags["vision"]],
            partnership=cast.partnership,
        )
        assert jobs.run_pending(now=NOW) == 1
        assert MatchSuggestion.objects.filter(opportunity=need).exists()
        assert built == ([] if warm else [1])


def test_the_matching_worker_command_warms_up_and_reports(  # type: ignore[no-untyped-def]
    cast, tags, providers, recording
):
    from io import StringIO

    from django.core.management import call_command

    jobs._INDEX_CACHE.clear()
    out = StringIO()
    call_command("matching_worker", "--warm-up-only", stdout=out)
    assert out.getvalue().startswith("matching worker ready: model ")
    assert "index" in out.getvalue()
    assert "exact" in jobs._INDEX_CACHE


def test_a_need_waiting_at_the_warm_up_is_matched_by_it_with_one_provider_read(  # type: ignore[no-untyped-def]
    cast, tags, providers, recording, monkeypatch
):
    """A need published while the worker restarts is matched by the warm-up itself (no wait for
    the task worker's first poll), from the providers the warm-up read: the pool is read once,
    and the matches are those a pass of its own gives."""
    _need(cast, tags)
    jobs.run_pending(now=NOW)  # the providers are embedded and stored
    need = make_opportunity(
        user=cast.sme_member,
        owner=cast.sme,
        title="Published at the restart",
        tags=[tags["vision"]],
        partnership=cast.partnership,
    )
    reads: list[int] = []
    original = jobs._read_providers

    def counting() -> list[jobs.Subject]:
        reads.append(1)
        return original()

    monkeypatch.setattr(jobs, "_read_providers", counting)
    jobs._INDEX_CACHE.clear()  # a worker restart
    later = NOW + dt.timedelta(seconds=5)
    timings = jobs.warm_up(now=NOW, clock=lambda: later)
    assert set(timings) == {"model", "tag model", "providers", "index", "pending pass", "total"}
    assert reads == [1]
    need.refresh_from_db()
    assert need.matches_computed_at == later
    assert not need.matches_provisional
    warmed = sorted(
        (row.provider_organisation_id, round(row.score, 6))
        for row in MatchSuggestion.objects.filter(opportunity=need, is_current=True)
    )
    assert warmed
    assert jobs.run_pending(now=later) == 0  # nothing left for the queued task
    # the same need matched by a pass of its own (reading the providers itself) agrees
    Opportunity.objects.filter(pk=need.pk).update(matches_computed_at=None)
    assert jobs.run_pending(now=later) == 1
    assert reads == [1, 1]
    assert warmed == sorted(
        (row.provider_organisation_id, round(row.score, 6))
        for row in MatchSuggestion.objects.filter(opportunity=need, is_current=True)
    )
