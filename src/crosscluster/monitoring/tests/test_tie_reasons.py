"""The collaboration network's reasons in the reader's language (qa5: stored and shown in
English, "signed a technical agreement: ..."): each tie keeps its reason as a code and values,
worded on the page; the caption's counts in the language's number format."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.engines.network.model import TieKind
from crosscluster.monitoring import adapters, queries, wording
from crosscluster.monitoring.models import NetworkTie
from crosscluster.monitoring.tests.test_network import sign

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "kind"), [("de", "Technische"), ("es", "técnica")])
def test_the_table_words_each_reason_in_the_readers_language(
    cast, client: Client, language: str, kind: str
) -> None:
    sign(cast, [cast.sme, cast.other_cluster])
    url = f"/{language}" + reverse("monitoring:network", args=[cast.partnership.slug])
    client.get(url)
    run_queued_tasks()
    tie = NetworkTie.objects.get(kind=TieKind.AGREEMENT.value)
    assert tie.reason_parts == {
        "code": "agreement",
        "agreement_kind": "technical",
        "title": "Joint pilot",
    }
    table = client.get(url).content.decode().split('data-testid="ties"', 1)[1]
    assert "signed an agreement (Technical cooperation)" not in table
    assert "Joint pilot" in table
    assert kind in table


def test_in_english_the_worded_reasons_are_the_stored_ones() -> None:
    """The oracle: worded in English from their parts, the reasons are those the adapters
    store (a project with and without a year, a match without a known opportunity)."""
    projects = [
        adapters.CordisProject("645119", "TAPPS", 2015, ("1", "2")),
        adapters.CordisProject("101070003", "", None, ("1", "2")),
    ]
    ties = adapters.project_ties(projects, {"1": 1, "2": 2}, {1})
    ties += adapters.match_ties(
        [
            {
                "opportunity__owner_id": 1,
                "provider_organisation_id": 2,
                "opportunity_id": 9,
                "computed_at": None,
                "judged_useful": True,
            }
        ],
        {},
    )
    assert len(ties) == 3
    with translation.override("en"):
        for tie in ties:
            assert wording.tie_reason("", dict(tie.reason_parts)) == tie.reason


@pytest.mark.parametrize(
    ("language", "caption"),
    [
        ("de", "12.345 Verbindungen"),
        ("fr", "12\u00a0345 liens"),
        ("en", "12,345 ties (page 1 of 1,235)"),
    ],
)
def test_the_caption_groups_thousands_as_the_language_does(
    cast, client: Client, monkeypatch: pytest.MonkeyPatch, language: str, caption: str
) -> None:
    sign(cast, [cast.sme, cast.other_cluster])
    prefix = "" if language == "en" else f"/{language}"
    url = prefix + reverse("monitoring:network", args=[cast.partnership.slug])
    client.get(url)
    run_queued_tasks()
    real = queries.page_ties(snapshot=queries.get_network_snapshot(partnership=cast.partnership))
    page = queries.TiePage(rows=real.rows, count=12345, page=1, pages=1235)
    monkeypatch.setattr(queries, "page_ties", lambda **_: page)
    html = client.get(url).content.decode()
    assert caption in html
    assert "12345" not in html
