"""Comparing two snapshots section by section (pure functions)."""

from __future__ import annotations

import copy

from crosscluster.engines.versions.compare import SECTION_TITLES, compare_snapshots, text_diff


def snapshot(**sections: list[dict]) -> dict:
    empty = {key: [] for key, _ in SECTION_TITLES}
    return {"title": "JIS", "summary": "Go east.", "period": "", "sections": {**empty, **sections}}


def offering(number: int, title: str, description: str = "Sensors.") -> dict:
    return {
        "key": f"offering:{number}",
        "title": title,
        "kind_label": "Product",
        "description": description,
        "contributions_text": "",
    }


def test_added_removed_and_changed_items_are_found_by_key() -> None:
    old = snapshot(offerings=[offering(1, "Kit"), offering(2, "Platform")])
    new = snapshot(
        offerings=[offering(1, "Kit", "Sensors and edge analytics."), offering(3, "Academy")]
    )
    new["summary"] = "Go east and west."
    comparison = compare_snapshots(old, new)
    offerings = next(section for section in comparison.sections if section.key == "offerings")
    assert [item["title"] for item in offerings.added] == ["Academy"]
    assert [item["title"] for item in offerings.removed] == ["Platform"]
    [changed] = offerings.changed
    assert changed.title == "Kit"
    assert [field.label for field in changed.fields] == ["Description"]
    assert (
        changed.fields[0].diff_html == "<del>Sensors.</del><ins>Sensors and edge analytics.</ins>"
    )
    assert [field.label for field in comparison.header] == ["Vision and objectives"]
    # the changed vision counts as a change, as the comparison shows it
    assert comparison.counts == {"added": 1, "removed": 1, "changed": 2}
    assert not comparison.is_empty


def test_identical_snapshots_have_no_changes_and_a_first_version_is_all_added() -> None:
    current = snapshot(offerings=[offering(1, "Kit")])
    assert compare_snapshots(current, copy.deepcopy(current)).is_empty
    first = compare_snapshots(None, current)
    assert first.header == ()
    assert first.counts == {"added": 1, "removed": 0, "changed": 0}


def test_text_diff_escapes_html_and_keeps_unchanged_words() -> None:
    html = text_diff("Reach <b>Korea</b> first", "Reach <b>Japan</b> first")
    assert (
        html
        == "Reach <del>&lt;b&gt;Korea&lt;/b&gt; </del><ins>&lt;b&gt;Japan&lt;/b&gt; </ins>first"
    )
    assert "<script>" not in text_diff("", "<script>alert(1)</script>")
