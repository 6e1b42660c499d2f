"""The EDIH taxonomy's labels in the seven languages (issue 14): every label of the vocabulary
has a translation in each language, shown by the ``taxonomy`` filter; the key stays English."""

from __future__ import annotations

import csv
from importlib import resources

import pytest
from django.template import Context, Template
from django.utils import translation

from crosscluster.core.taxonomy import LANGUAGES, label_translations, translate_label

EDIH = resources.files("crosscluster").joinpath("data", "edih")


def test_every_label_of_the_vocabulary_is_translated_into_every_language() -> None:
    vocabulary = {
        (row["facet"], row["label"])
        for row in csv.DictReader(EDIH.joinpath("label_vocabulary.csv").open(encoding="utf-8"))
    }
    translations = label_translations()
    assert set(translations) == vocabulary
    for key, names in translations.items():
        assert sorted(names) == sorted(LANGUAGES)
        assert all(name.strip() for name in names.values()), key


def test_the_source_note_says_the_translations_are_ours() -> None:
    note = EDIH.joinpath("SOURCE.md").read_text(encoding="utf-8")
    assert "label_translations.csv" in note
    assert "These\ntranslations are ours" in note or "translations are ours" in note


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Artificial Intelligence & Decision support"),
        ("de", "Künstliche Intelligenz und Entscheidungsunterstützung"),
        ("sv", "Artificiell intelligens och beslutsstöd"),
        ("pt", "Inteligência artificial e apoio à decisão"),
    ],
)
def test_a_label_is_shown_in_the_readers_language(language: str, shown: str) -> None:
    with translation.override(language):
        assert translate_label("Artificial Intelligence & Decision support") == shown


def test_the_filter_takes_a_tag_or_a_label_and_leaves_other_words_alone() -> None:
    class Tag:
        facet = "services"
        label = "Finance"

    template = Template(
        "{% load crosscluster %}{{ tag|taxonomy }}|{{ word|taxonomy }}|{{ other|taxonomy }}"
    )
    with translation.override("fr"):
        rendered = template.render(Context({"tag": Tag(), "word": "Robotics", "other": "Cluster"}))
    assert rendered == "Financement|Robotique|Cluster"


def test_the_filter_takes_a_snapshots_tag_dict() -> None:
    """The S3 guidelines PDF passes its snapshot's tags (dicts): its tags column showed
    "{'key': 'technologies:robotics', ...}" instead of the labels."""
    template = Template("{% load crosscluster %}{{ tag|taxonomy }}")
    tag = {"key": "services:finance", "slug": "finance", "facet": "services", "label": "Finance"}
    with translation.override("fr"):
        assert template.render(Context({"tag": tag})) == "Financement"
    with translation.override("en"):
        assert template.render(Context({"tag": tag})) == "Finance"
