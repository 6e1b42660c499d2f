"""The matching worker's auto-tagger and provider index on disk: a restart loads them instead of
rebuilding, a changed profile or a file this installation did not sign is rebuilt."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from crosscluster.directory.models import Organisation
from crosscluster.engines.matching.tagging import TagModel
from crosscluster.marketplace import index_store, jobs
from crosscluster.marketplace.models import MatchSuggestion, Opportunity
from crosscluster.marketplace.tests.helpers import NOW, make_opportunity

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MATCHING_INDEX_DIR = tmp_path / "matching"
    return tmp_path / "matching"


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    built: list[int] = []
    original = jobs.build_provider_index

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(jobs, "build_provider_index", counting)
    return built


def _restart() -> None:
    """What a new worker process starts without: nothing in memory."""
    jobs._INDEX_CACHE.clear()
    index_store._TAG_MODELS.clear()


@pytest.fixture(autouse=True)
def _fresh_worker():  # type: ignore[no-untyped-def]
    """Each test starts as a new worker process, whatever the tests before it left in memory."""
    _restart()
    yield
    _restart()


def _need(cast, tags, title: str):  # type: ignore[no-untyped-def]
    return make_opportunity(
        user=cast.sme_member,
        owner=cast.sme,
        title=title,
        tags=[tags["vision"], tags["food"]],
        partnership=cast.partnership,
    )


def _matches(need) -> list[tuple[int | None, float]]:  # type: ignore[no-untyped-def]
    return sorted(
        (row.provider_organisation_id, round(row.score, 6))
        for row in MatchSuggestion.objects.filter(opportunity=need, is_current=True)
    )


def test_a_restarted_worker_loads_the_index_and_tag_model_it_stored(  # type: ignore[no-untyped-def]
    cast, tags, providers, store, builds, monkeypatch
):
    first = _need(cast, tags, "First need")
    jobs.run_pending(now=NOW)  # embeds the providers, builds and stores the index
    assert builds == [1, 1]  # first matches by words and tags, then the refined pool
    assert {path.name for path in store.iterdir()} == {"provider-index.pickle", "tag-model.pickle"}
    before = _matches(first)
    assert before

    fitted: list[int] = []
    monkeypatch.setattr(index_store, "default_tag_model", lambda embedder: fitted.append(1))
    _restart()
    builds.clear()
    timings = jobs.warm_up(now=NOW)
    assert builds == []  # loaded, not built
    assert fitted == []  # nor the auto-tagger fitted
    assert set(timings) == {"model", "tag model", "providers", "index", "trial match", "total"}
    # the first need asked again: the loaded index scores exactly as the built one did
    Opportunity.objects.filter(pk=first.pk).update(matches_computed_at=None)
    assert jobs.run_pending(now=NOW) == 1
    assert builds == []
    assert _matches(first) == before
    second = _need(cast, tags, "Second need")
    assert jobs.run_pending(now=NOW) == 1
    assert builds == []
    assert MatchSuggestion.objects.filter(opportunity=second).exists()


def test_a_changed_profile_is_not_served_from_the_stored_index(  # type: ignore[no-untyped-def]
    cast, tags, providers, store, builds
):
    _need(cast, tags, "First need")
    jobs.run_pending(now=NOW)
    _restart()
    builds.clear()
    organisation = Organisation.objects.get(name="Baltic Robotics")
    organisation.description = "Welding robots and now also machine vision for food plants."
    organisation.save()
    need = _need(cast, tags, "Second need")
    jobs.run_pending(now=NOW)  # the changed profile is re-embedded, the index rebuilt
    assert builds
    assert MatchSuggestion.objects.filter(opportunity=need).exists()
    builds.clear()
    _restart()
    jobs.warm_up(now=NOW)
    assert builds == []  # the rebuilt index was stored in turn


def test_a_file_this_installation_did_not_sign_is_ignored(  # type: ignore[no-untyped-def]
    cast, tags, providers, store, builds
):
    _need(cast, tags, "First need")
    jobs.run_pending(now=NOW)
    path = store / "provider-index.pickle"
    data = path.read_bytes()
    magic = len(index_store._MAGIC)
    # same payload, another signature: as if written by someone without the secret key
    path.write_bytes(data[:magic] + bytes(32) + data[magic + 32 :])
    _restart()
    builds.clear()
    jobs.warm_up(now=NOW)
    assert builds == [1]
    # garbage is ignored too, and replaced by a good file
    path.write_bytes(b"not a pickle")
    _restart()
    builds.clear()
    jobs.warm_up(now=NOW)
    assert builds == [1]
    assert path.read_bytes().startswith(index_store._MAGIC)


def test_the_key_names_the_format_and_the_signature_covers_the_payload(  # type: ignore[no-untyped-def]
    store, settings
):
    assert index_store.save("thing", "key-1", {"a": 1})
    assert index_store.load("thing", "key-1") == {"a": 1}
    assert index_store.load("thing", "key-2") is None  # another key: stale
    settings.SECRET_KEY = "another installation's secret key, long enough to be accepted"
    assert index_store.load("thing", "key-1") is None
    payload = (store / "thing.pickle").read_bytes()
    assert pickle.dumps((index_store.FORMAT, "key-1", {"a": 1}), protocol=5) in payload


def test_the_store_is_off_without_a_directory(settings, cast, tags, providers, builds):  # type: ignore[no-untyped-def]
    settings.MATCHING_INDEX_DIR = None
    assert index_store.directory() is None
    assert not index_store.save("thing", "key", 1)
    assert index_store.load("thing", "key") is None
    _need(cast, tags, "First need")
    jobs.run_pending(now=NOW)
    _restart()
    builds.clear()
    jobs.warm_up(now=NOW)
    assert builds == [1]
    assert isinstance(index_store.tag_model(jobs.make_embedder()), TagModel)
