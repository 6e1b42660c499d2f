"""A collaboration network stored before its reasons kept their parts (``reason_parts`` empty,
the English sentence only) gets them once, from migration 0004: read back from the English with
the forms of the time and kept only when they give that very sentence. Then it reads in the
reader's language like a network computed today (ties in the page, the API and the XLSX list;
the partner suggestions in the page's summary and in the map's payload); a reason that does not
read back keeps no parts and is shown as stored. Such a network is also computed again at its
next refresh (``adapters.ANALYSIS_VERSION``)."""

from __future__ import annotations

import gzip
import importlib
import io
import json

import pytest
from django.test import Client
from django.utils import timezone, translation
from openpyxl import load_workbook

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.directory.models import OrganisationKind
from crosscluster.engines.network.model import TieKind
from crosscluster.engines.network.suggest import graph_from_pairs, suggest_partners
from crosscluster.exports.registry import ExportRequest, get_kind
from crosscluster.monitoring import adapters, jobs, services, wording
from crosscluster.monitoring.models import NetworkSnapshot, NetworkTie
from crosscluster.monitoring.tests.test_network import compute, sign
from tests.cast import make_organisation
from tests.migrations import migrate_from

migration = importlib.import_module(
    "crosscluster.monitoring.migrations.0004_structure_stored_reasons"
)

GERMAN = "haben eine Vereinbarung unterzeichnet (Technische Zusammenarbeit): „Joint pilot“"
ITALIAN = "hanno firmato un accordo (Cooperazione tecnica): “Joint pilot”"
FRENCH_START = "ont signé un accord (Coopération technique)"
ENGLISH = "signed an agreement (Technical cooperation): “Joint pilot”"
GERMAN_SUGGESTION = "hat mit 1 Ihrer Partner zusammengearbeitet: Vision Systems SME"


def snapshot_suggestions(snapshot: NetworkSnapshot) -> list[list[dict]]:  # type: ignore[type-arg]
    """The suggestions of the page's summary and of the map's payload."""
    payload = json.loads(gzip.decompress(bytes(snapshot.payload)))
    return [payload.get("suggestions", []), snapshot.summary.get("suggestions", [])]


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
        snapshot.payload_bytes = len(snapshot.payload)
        snapshot.save(update_fields=["payload", "payload_bytes", "summary"])


def reason_column(cast, language: str) -> list[str]:  # type: ignore[no-untyped-def]
    with translation.override(language):
        made = get_kind("monitoring.network_ties").render(
            ExportRequest(subject=cast.partnership.slug, file_format="xlsx", user=cast.outsider)
        )
    sheet = load_workbook(io.BytesIO(made.content)).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return [str(row[-1]) for row in rows[1:]]


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "words"), [("de", GERMAN), ("it", ITALIAN)])
def test_a_network_computed_today_words_its_reasons_in_the_requesters_language(
    cast, language: str, words: str
) -> None:
    sign(cast, [cast.sme, cast.other_cluster])
    compute(cast.partnership)
    assert NetworkTie.objects.get().reason_parts["code"] == "agreement"
    assert reason_column(cast, language) == [words]
    assert reason_column(cast, "en") == [ENGLISH]


@pytest.mark.django_db(transaction=True)
def test_an_old_network_is_structured_once_and_worded_for_the_reader(cast, client: Client) -> None:
    lab = make_organisation("Lab Beyond", OrganisationKind.RESEARCH)
    sign(cast, [cast.sme, cast.other_cluster], "Joint pilot")
    sign(cast, [cast.sme, lab], "Second")
    compute(cast.partnership)
    snapshot = NetworkSnapshot.objects.get(partnership=cast.partnership)
    written = {tie.pk: tie.reason_parts for tie in NetworkTie.objects.all()}
    suggestions = snapshot_suggestions(snapshot)
    assert all(
        item["reason_parts"]
        for group in suggestions
        for row in group
        for item in row["suggestions"]
    )
    assert any(row["suggestions"] for row in suggestions[0])
    store_the_old_way()
    unread = NetworkTie.objects.order_by("position").last()
    assert unread is not None
    NetworkTie.objects.filter(pk=unread.pk).update(reason="signed an agreement (Handshake): “X”")
    before = NetworkSnapshot.objects.get(pk=snapshot.pk).payload_bytes

    migrate_from("monitoring", "0003_tie_reason_parts")

    found = {tie.pk: tie.reason_parts for tie in NetworkTie.objects.all()}
    assert found == {**written, unread.pk: {}}
    snapshot.refresh_from_db()
    assert snapshot_suggestions(snapshot) == suggestions  # the parts as written today
    assert snapshot.payload_bytes == len(bytes(snapshot.payload)) > before
    ties = reason_column(cast, "de")
    assert GERMAN in ties
    assert "signed an agreement (Handshake): “X”" in ties  # as stored
    answer = client.get(
        f"/api/v1/monitoring/{cast.partnership.slug}/network/ties",
        {"organisation": str(cast.other_cluster.pk)},
        headers={"accept-language": "fr"},
    )
    [tie] = answer.json()["ties"]
    assert tie["reason"].startswith(FRENCH_START)
    assert tie["reason_parts"]["agreement_kind"] == "technical"
    answer = client.get(
        f"/api/v1/monitoring/{cast.partnership.slug}/network", headers={"accept-language": "de"}
    )
    other = next(
        found
        for found in answer.json()["suggestions"]
        if found["organisation_id"] == str(cast.other_cluster.pk)
    )
    assert other["suggestions"][0]["reasons"][0] == GERMAN_SUGGESTION
    page = client.get(f"/de/monitoring/{cast.partnership.slug}/network/").content.decode()
    assert GERMAN_SUGGESTION in page
    assert "has worked with" not in page


def test_what_does_not_read_back_keeps_no_parts_and_reads_as_stored() -> None:
    for text in [
        "signed a technical agreement: “X”",  # an older wording
        "signed an agreement (Handshake): “X”",  # an agreement kind of no known name
        "joint EU project X (CORDIS 1, started 0995)",  # does not give the same text
    ]:
        assert migration.tie_parts(text) == {}
        with translation.override("de"):
            assert wording.tie_reason(text, {}) == text
    assert migration.suggestion_part("has worked with many") == {}
    assert migration.suggestion_part("would bring 1 organisations within one step that none "
                                     "of your ties reach (a structural hole)") == {}  # fmt: skip
    rows = [{"suggestions": [{"reasons": ["has worked with many"]}]}]
    assert migration.structure_suggestions(rows)
    assert rows[0]["suggestions"][0]["reason_parts"] == [{}]
    with translation.override("de"):
        assert wording.suggestion_reasons(["has worked with many"], [{}]) == [
            "has worked with many"
        ]


def test_every_reason_the_adapters_and_the_engine_write_reads_back_into_its_parts() -> None:
    """The oracle: what the migration reads back from each English reason written today is
    the parts written beside it (the forms frozen in the migration are the writers')."""
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
    with translation.override("en"):
        from crosscluster.brokerage.queries import agreement_kind_labels

        labels = agreement_kind_labels()
    assert {label: kind for kind, label in labels.items()} == migration.AGREEMENT_KINDS
    for kind in labels:
        ties += adapters.agreement_ties(
            [{"pk": 1, "kind": kind, "title": "Pilot: “one”", "signed_date": None}],
            [(1, 10), (1, 11)],
            labels,
        )
    assert {tie.kind for tie in ties} == set(TieKind)
    for tie in ties:
        assert migration.tie_parts(tie.reason) == dict(tie.reason_parts), tie.reason
    pairs = [("a", x, 1.0) for x in "bcdefg"] + [(x, y, 1.0) for x in "hij" for y in "bcdefg"]
    pairs += [("k", "b", 1.0), ("k", "z", 1.0)]
    graph = graph_from_pairs(pairs)
    found = [s for r in suggest_partners(graph, list(graph.ids), top=5) for s in r.suggestions]
    codes = {part["code"] for suggestion in found for part in suggestion.reason_parts}
    assert codes == {"common_partners", "two_steps", "structural_hole"}
    for suggestion in found:
        for reason, part in zip(suggestion.reasons, suggestion.reason_parts, strict=True):
            assert migration.suggestion_part(reason) == part


@pytest.mark.django_db
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
