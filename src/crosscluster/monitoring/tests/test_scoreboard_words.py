"""The scoreboard's sources and percentages in the reader's language: the tables a figure comes
from by their names, not as model paths; percentages in the language's format (CLDR)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.monitoring import wording
from crosscluster.monitoring.registry import INDICATORS
from crosscluster.partnerships.models import WorkItem, WorkPackage

pytestmark = pytest.mark.django_db


def test_every_source_has_a_name() -> None:
    sources = {source for indicator in INDICATORS for source in indicator.sources}
    assert sources <= set(wording.SOURCES)


@pytest.mark.parametrize(
    ("language", "work_plan"),
    [("de", "67\u00a0%"), ("fr", "67\u00a0%"), ("it", "67%"), ("en", "67%")],
)
def test_sources_and_percentages_read_in_the_viewers_language(
    cast, client: Client, language: str, work_plan: str
) -> None:
    package = WorkPackage.objects.create(partnership=cast.partnership, number=1, title="WP")
    for code, weight, done in (("D1", 2, dt.date(2019, 5, 1)), ("T1", 1, None)):
        WorkItem.objects.create(
            work_package=package,
            kind="task",
            code=code,
            title=code,
            weight=weight,
            due_date=dt.date(2019, 6, 1),
            done_date=done,
        )
    prefix = "" if language == "en" else f"/{language}"
    page = client.get(
        prefix + reverse("monitoring:scoreboard", args=[cast.partnership.slug])
    ).content.decode()
    assert "PartnershipMember" not in page
    assert not re.search(r"\b(partnerships|marketplace|brokerage|events)\.[A-Z]", page)
    value = re.search(r'data-testid="value-work_plan">([^<]*)<', page)
    assert value
    assert value.group(1) == work_plan
