"""A collaboration network stored before its reasons kept their parts (``reason_parts`` empty,
the English sentence only) is read in the reader's language all the same: the parts are read
back from the English reason and accepted only when they word to that very sentence; and such a
network is computed again at its next refresh (``adapters.ANALYSIS_VERSION``). The ties' list
export (XLSX) words its reasons column the same way."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from django.test import Client
from django.utils import timezone, translation
from openpyxl import load_workbook

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.directory.models import OrganisationKind
from crosscluster.engines.network import suggest
from crosscluster.engines.network.model import TieKind
from crosscluster.engines.network.suggest import graph_from_pairs, suggest_partners
from crosscluster.exports.registry import ExportRequest, get_kind
from crosscluster.monitoring import adapters, jobs, services, wording
from crosscluster.monitoring.models import NetworkSnapshot, NetworkTie
from crosscluster.monitoring.tests.test_network import compute, sign
from tests.cast import make_organisation

pytestmark = pytest.mark.django_db

GERMAN = "haben eine Vereinbarung unterzeichnet (Technische Zusammenarbeit): „Joint pilot“"
ITALIAN = "hanno firmato un accordo (Cooperazione tecnica): “Joint pilot”"
ENGLISH = "signed an agreement (Technical cooperation): “Joint pilot”"


def store_the_old_way() -> None:
    """What a network computed before the parts were kept looks like: the same English
    sentences, no parts (ties, and the suggestions of the page's summary and of the map)."""
    NetworkTie.objects.update(reason_parts={})
    for snapshot in NetworkSnapshot.objects.all():
        payload = json.loads(gzip.decompress(bytes(snapshot.payload)))
        for group in [payload.get("suggestions", []), snapshot.summary.get("suggestions", [])]:
            for row in group:
                for item in row["suggestions"]:
                    item.pop("reason_parts", None)
        snapshot.payload = adapters.encode_payload(payload)
        snapshot.save(update_fields=["payload", "summary"])


def reason_column(cast, language: str) -> list[str]:  # type: ignore[no-untyped-def]
    with translation.override(language):
        made = get_kind("monitoring.network_ties").render(
            ExportRequest(subject=cast.partnership.slug, file_format="xlsx", user=cast.outsider)
        )
    sheet = load_workbook(io.BytesIO(made.content)).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return [str(row[-1]) for row in rows[1:]]


@pytest.mark.parametrize(("language", "words"), [("de", GERMAN), ("it", ITALIAN)])
def test_the_ties_list_words_its_reasons_in_the_requesters_language(
    cast, language: str, words: str
) -> None:
    sign(cast, [cast.sme, cast.other_cluster])
    compute(cast.partnership)
    assert reason_column(cast, language) == [words]
    store_the_old_way()
    assert reason_column(cast, language) == [words]
    assert reason_column(cast, "en") == [ENGLISH]


@pytest.mark.parametrize(("language", "words"), [("de", GERMAN), ("it", ITALIAN)])
def test_old_ties_are_worded_in_the_api_and_on_the_page(
    cast, client: Client, language: str, words: str
) -> None:
    sign(cast, [cast.sme, cast.other_cluster])
    compute(cast.partnership)
    store_the_old_way()
    answer = client.get(
        f"/api/v1/monitoring/{cast.partnership.slug}/network/ties",
        {"organisation": str(cast.sme.pk)},
        headers={"accept-language": language},
    )
    [tie] = answer.json()["ties"]
    assert tie["reason"] == words
    assert tie["reason_parts"] == {}  # as stored
    page = client.get(f"/{language}/monitoring/{cast.partnership.slug}/network/")
    table = page.content.decode().split('data-testid="ties"', 1)[1]
    assert words in table
    assert ENGLISH not in table


def test_old_suggestions_are_worded_in_the_map_and_on_the_page(cast, client: Client) -> None:
    lab = make_organisation("Lab Beyond", OrganisationKind.RESEARCH)
    sign(cast, [cast.sme, cast.other_cluster], "First")
    sign(cast, [cast.sme, lab], "Second")
    compute(cast.partnership)
    store_the_old_way()
    answer = client.get(
        f"/api/v1/monitoring/{cast.partnership.slug}/network", headers={"accept-language": "de"}
    )
    other = next(
        found
        for found in answer.json()["suggestions"]
        if found["organisation_id"] == str(cast.other_cluster.pk)
    )
    [suggestion] = other["suggestions"][:1]
    assert "reason_parts" not in suggestion
    assert suggestion["reasons"][0] == (
        "hat mit 1 Ihrer Partner zusammengearbeitet: Vision Systems SME"
    )
    page = client.get(f"/de/monitoring/{cast.partnership.slug}/network/").content.decode()
    assert "hat mit 1 Ihrer Partner zusammengearbeitet: Vision Systems SME" in page
    assert "has worked with" not in page


def test_what_cannot_be_read_back_exactly_stays_as_stored() -> None:
    with translation.override("de"):
        # an older wording, and an agreement kind no longer known
        assert wording.tie_reason("signed a technical agreement: “X”", {}) == (
            "signed a technical agreement: “X”"
        )
        assert wording.tie_reason("signed an agreement (Handshake): “X”", {}) == (
            "signed an agreement (Handshake): “X”"
        )
        assert wording.suggestion_reasons(["has worked with many"], None) == [
            "has worked with many"
        ]


def test_every_reason_the_adapters_and_the_engine_write_reads_back_into_its_parts() -> None:
    """The oracle: what is read back from each English reason is the parts written beside it."""
    projects = [
        adapters.CordisProject("645119", "TAPPS", 2015, ("1", "2")),
        adapters.CordisProject("101070003", "", None, ("1", "2")),
    ]
    ties = adapters.project_ties(projects, {"1": 1, "2": 2}, {1})
    ties += adapters.match_ties(
        [{"opportunity__owner_id": 1, "provider_organisation_id": 2, "opportunity_id": 9,
          "computed_at": None, "judged_useful": True}],
        {9: "Vision (phase 2)"},
    )  # fmt: skip
    ties += adapters.match_ties(
        [{"opportunity__owner_id": 1, "provider_organisation_id": 2, "opportunity_id": 9,
          "computed_at": None, "judged_useful": True}],
        {},
    )  # fmt: skip
    ties += adapters.conversation_ties(
        [{"opportunity__owner_id": 1, "organisation_id": 2, "opportunity_id": 9,
          "created_at": None, "status": "accepted"}],
        {9: "Cobots"},
    )  # fmt: skip
    ties += adapters.meeting_ties(
        [{"requester__organisation_id": 1, "recipient__organisation_id": 2, "scheduled": True,
          "session__event__end_at": timezone.now(), "session__event__title": "Expo (Day 1)"}],
        timezone.now(),
    )  # fmt: skip
    labels = {"letter_of_intent": "Letter of intent", "research": "R&D cooperation"}
    for kind in labels:
        ties += adapters.agreement_ties(
            [{"pk": 1, "kind": kind, "title": "Pilot: “one”", "signed_date": None}],
            [(1, 10), (1, 11)],
            labels,
        )
    assert {tie.kind for tie in ties} == set(TieKind)
    for tie in ties:
        assert wording.old_reason_parts(tie.reason) == dict(tie.reason_parts), tie.reason
    pairs = [("a", x, 1.0) for x in "bcdefg"] + [(x, y, 1.0) for x in "hij" for y in "bcdefg"]
    pairs += [("k", "b", 1.0), ("k", "z", 1.0)]
    graph = graph_from_pairs(pairs)
    found = [s for r in suggest_partners(graph, list(graph.ids), top=5) for s in r.suggestions]
    assert found
    for suggestion in found:
        for reason, part in zip(suggestion.reasons, suggestion.reason_parts, strict=True):
            assert suggest.reason_parts_of(reason) == part
            assert wording.old_suggestion_parts(reason) == part


def test_a_network_stored_before_the_parts_is_computed_again(
    cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its input unchanged, a network of the previous analysis version is not kept as it is
    ("unchanged") but computed again, its ties then keeping their parts."""
    sign(cast, [cast.sme, cast.other_cluster])
    monkeypatch.setattr(adapters, "ANALYSIS_VERSION", "network-2")
    compute(cast.partnership)
    store_the_old_way()
    monkeypatch.undo()
    services.request_network(partnership=cast.partnership, now=timezone.now())
    snapshot = NetworkSnapshot.objects.get(partnership=cast.partnership)
    NetworkSnapshot.objects.filter(pk=snapshot.pk).update(status="queued")
    assert jobs.compute_network(partnership_id=cast.partnership.pk, now=timezone.now()) == (
        "computed"
    )
    assert NetworkTie.objects.get().reason_parts["code"] == "agreement"
    run_queued_tasks()
