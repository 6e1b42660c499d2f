"""The pure version comparison (``crosscluster.engines.versions``) names the sections as the
models do; the comparison itself is tested beside the engine."""

from __future__ import annotations

from crosscluster.engines.versions.compare import SECTION_TITLES
from crosscluster.strategy.models import SectionKey


def test_section_titles_follow_the_models() -> None:
    assert list(SECTION_TITLES) == [
        (key, str(label)) for key, label in SectionKey.choices if key != SectionKey.GENERAL
    ]
