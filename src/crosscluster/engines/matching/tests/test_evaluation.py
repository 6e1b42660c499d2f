"""The evaluation's own pieces: metrics (hand-computed), relevance, the needs file, the splits."""

from __future__ import annotations

import math

import pytest

from crosscluster.engines.matching.evaluation.metrics import (
    dcg,
    hit_at_k,
    micro_f1,
    ndcg_at_k,
    reciprocal_rank,
)
from crosscluster.engines.matching.evaluation.relevance import gain
from crosscluster.engines.matching.evaluation.run import LANGUAGES, load_needs, split_needs
from crosscluster.engines.matching.types import Profile, Tag
from crosscluster.engines.matching.vocabulary import Vocabulary


def test_ndcg_by_hand() -> None:
    gains = {"a": 3.0, "b": 1.0}
    # ranking b, x, a: DCG = (2^1-1)/log2(2) + 0 + (2^3-1)/log2(4) = 1 + 3.5 = 4.5
    # ideal a, b: 7/1 + 1/log2(3)
    assert dcg([1.0, 0.0, 3.0]) == pytest.approx(4.5)
    assert ndcg_at_k(["b", "x", "a"], gains) == pytest.approx(4.5 / (7 + 1 / math.log2(3)))
    assert ndcg_at_k(["a", "b"], gains) == pytest.approx(1.0)
    assert ndcg_at_k(["x"], {}) == 0.0


def test_rank_metrics_by_hand() -> None:
    assert reciprocal_rank(["x", "y", "a"], {"a"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"], {"a"}) == 0.0
    assert hit_at_k(["x"] * 10 + ["a"], {"a"}, 10) == 0.0
    assert hit_at_k(["x", "a"], {"a"}, 10) == 1.0


def test_micro_f1_by_hand() -> None:
    precision, recall, f1 = micro_f1([{"a", "b"}, {"c"}], [{"a"}, {"c", "d", "e"}])
    assert (precision, recall) == (pytest.approx(2 / 3), pytest.approx(2 / 4))
    assert f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_gain_follows_its_definition() -> None:
    hub = Profile(
        id="h",
        text="",
        technologies=(Tag("Robotics", 5), Tag("Digital twins", 2)),
        sectors=(Tag("Automotive", 4),),
    )
    # tech = (5 + 2) / 10 = 0.7, sector = 4/5 = 0.8 -> 3 * (1.4 + 0.8) / 3 = 2.2
    assert gain(hub, ["Robotics", "Digital twins"], ["Automotive"]) == pytest.approx(2.2)
    # no sector asked: 3 * (2 * 1.0) / 2 = 3
    assert gain(hub, ["Robotics"], []) == pytest.approx(3.0)
    # the sector alone is worth nothing
    assert gain(hub, ["Cybersecurity"], ["Automotive"]) == 0.0


def test_needs_file_has_36_needs_in_six_languages(vocabulary: Vocabulary) -> None:
    needs = load_needs()
    assert len({need.id for need in needs}) == 36
    assert len(needs) == 36 * len(LANGUAGES)
    for need in needs:
        assert need.text.strip()
        assert 1 <= len(need.technologies) <= 3
        assert len(need.sectors) <= 2
        assert set(need.technologies) <= set(vocabulary.facet("technologies"))
        assert set(need.sectors) <= set(vocabulary.facet("sectors"))


def test_need_split_is_seeded_and_disjoint() -> None:
    needs = load_needs()
    development, test = split_needs(needs)
    assert (development, test) == split_needs(needs)
    assert not development & test
    assert len(development) == len(test) == 18


def test_hand_grades_cover_every_own_need_and_pooled_hub(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The hand-graded set: 60 needs, each pooled hub graded 0-3, hub ids of judged dev hubs,
    a note for every hub; a grade outside 0-3 is refused."""
    import json

    from crosscluster.engines.matching.edih import load_hubs
    from crosscluster.engines.matching.evaluation.graded import HERE, load_grades
    from crosscluster.engines.matching.evaluation.second import load_own_needs

    grades = load_grades()
    pools = json.loads((HERE / "pools.json").read_text(encoding="utf-8"))["pools"]
    needs = {need.id for need in load_own_needs()}
    assert set(grades) == needs == set(pools)
    assert len(needs) == 60
    judged = {hub.id for hub in load_hubs() if hub.text and hub.technologies}
    notes = {
        line.split("|")[0].strip()
        for line in (HERE / "hub_notes.txt").read_text(encoding="utf-8").splitlines()
    }
    assert notes == judged
    for need_id, graded in grades.items():
        assert set(pools[need_id]) <= set(graded)
        assert set(graded) <= judged
        assert any(grade > 0 for grade in graded.values())
    bad = tmp_path / "grades.json"
    bad.write_text(json.dumps({"grades": {"en01": {"1": 4}}}), encoding="utf-8")
    with pytest.raises(ValueError, match="0-3"):
        load_grades(bad)


def test_extra_italian_needs_are_new_graded_and_read_with_their_own_files(
    vocabulary: Vocabulary,
    tmp_path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Round 9c's 20 Italian needs: new unique ids, an English rendering, labels from the
    vocabulary; ``graded --extra italian`` reads them with their own pools and grades, beside
    the 60-need set's Italian needs and grades; an id already in the 60 is refused."""
    import json

    from crosscluster.engines.matching.evaluation import graded
    from crosscluster.engines.matching.evaluation.second import load_own_needs

    needs_path, pools_path, grades_path = graded.extra_files("italian")
    raw = json.loads(needs_path.read_text(encoding="utf-8"))
    ids = [item["id"] for item in raw]
    assert ids == [f"it{number}" for number in range(11, 31)]
    old = {need.id for need in load_own_needs()}
    for need in load_own_needs(needs_path):
        assert need.language == "it"
        assert need.text.strip()
        assert need.english.strip()
        assert need.english != need.text
        assert 1 <= len(need.technologies) <= 3
        assert len(need.sectors) <= 2
        assert set(need.technologies) <= set(vocabulary.facet("technologies"))
        assert set(need.sectors) <= set(vocabulary.facet("sectors"))
        assert need.id not in old
    needs, grades, groups = graded.extra_set("italian")
    assert [need.id for need in needs] == [f"it{n:02d}" for n in range(1, 31)]
    assert sorted(len(group) for group in groups.values()) == [10, 20, 30]
    pools = json.loads(pools_path.read_text(encoding="utf-8"))["pools"]
    assert set(pools) == set(ids)
    assert set(grades) == {need.id for need in needs}
    assert grades["it01"] == graded.load_grades()["it01"]
    for need_id in ids:
        assert set(pools[need_id]) <= set(grades[need_id])
        assert set(grades[need_id]) == set(graded.load_grades(grades_path)[need_id])
    monkeypatch.setattr(graded, "HERE", tmp_path)
    (tmp_path / "clash_needs.json").write_text(json.dumps([*raw[:1], raw[0] | {"id": "it01"}]))
    with pytest.raises(ValueError, match="new and unique"):
        graded.extra_set("clash")


def test_group_figures_by_hand() -> None:
    from crosscluster.engines.matching.evaluation.graded import group_figures

    native = {"a": 0.2, "b": 0.6, "c": 0.5}
    english = {"a": 0.4, "b": 0.4}
    judged = [("a", 1.0), ("a", 0.5), ("b", 0.0), ("c", 0.3)]
    figures = group_figures(native, english, judged, {"ab": {"a", "b"}, "c": {"c"}})
    assert figures["ab"] == {
        "needs": 2,
        "ndcg@10": 0.4,
        "ndcg@10 in English": 0.4,
        "as written / English (paired)": 1.0,
        "as written / English, 90% bootstrap interval over needs": [0.5, 1.5],
        "judged@10": 0.5,
    }
    assert figures["c"]["ndcg@10"] == 0.5
    assert figures["c"]["as written / English (paired)"] is None
    assert figures["c"]["judged@10"] == 0.3
