"""The S3 pages' own sentences in the reader's language (docs/languages.md)."""

from __future__ import annotations

from django.utils import translation

from crosscluster.regions import queries


def test_the_empty_matrix_says_why_in_the_readers_language() -> None:
    """Depends on the catalogues: the German sentences are filled in by the lead."""
    with translation.override("en"):
        english = queries.matrix_empty_reason(domains=0, priorities=2)
    assert english.startswith("The JIS has no technology domains yet: add them")
    with translation.override("de"):
        assert queries.matrix_empty_reason(domains=0, priorities=2).startswith(
            "Die JIS hat noch keine Technologiebereiche"
        )
        assert queries.matrix_empty_reason(domains=0, priorities=0).startswith(
            "Die JIS hat noch keine Technologiebereiche und keine Region"
        )
        assert queries.matrix_empty_reason(domains=3, priorities=0).startswith(
            "Noch keine Region hat S3-Prioritäten"
        )
        assert queries.matrix_empty_reason(domains=3, priorities=2) == ""
