"""The PDF layouts' running headers and page numbers (CSS ``@page`` content) in the active
language, in its own word order, and never able to close the CSS string or the style."""

from __future__ import annotations

from django.utils.translation import override

from crosscluster.core.templatetags.crosscluster import css_page_numbers, css_string


def test_page_numbers_follow_each_languages_words() -> None:
    with override("en"):
        assert css_page_numbers() == '"Page " counter(page) " of " counter(pages)'
    with override("de"):
        assert css_page_numbers() == '"Seite " counter(page) " von " counter(pages)'
    with override("sv"):
        assert css_page_numbers() == '"Sida " counter(page) " av " counter(pages)'


def test_a_running_text_cannot_close_its_string_or_the_style() -> None:
    assert css_string("S3-Leitlinien") == '"S3-Leitlinien"'
    escaped = css_string('a "quoted" \\ </style><script>')
    assert '"' not in escaped[1:-1]
    assert "<" not in escaped
    assert "\\" in escaped
