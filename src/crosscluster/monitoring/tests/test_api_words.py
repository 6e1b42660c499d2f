"""The collaboration network's API in the request's language, as the network page words it
(apiwords): each tie's reason (``reason_parts``, migration 0003) and each suggested partner's
reasons (the engine's ``reason_parts``), in the ties list, the map's payload and the page. In
English the worded reasons are the stored ones; a network computed before the parts were kept
keeps its English reasons."""

from __future__ import annotations

import gzip
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crosscluster.directory.models import OrganisationKind
from crosscluster.engines.network.model import TieKind
from crosscluster.engines.network.suggest import graph_from_pairs, suggest_partners
from crosscluster.monitoring import adapters, wording
from crosscluster.monitoring.models import NetworkTie
from crosscluster.monitoring.tests.test_network import compute, sign
from tests.cast import make_organisation

pytestmark = pytest.mark.django_db


def ties(client: Client, slug: str, organisation: object, language: str) -> list[dict]:  # type: ignore[type-arg]
    answer = client.get(
        f"/api/v1/monitoring/{slug}/network/ties",
        {"organisation": str(organisation)},
        headers={"accept-language": language},
    )
    assert answer.status_code == 200, answer.content
    return list(answer.json()["ties"])


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("de", "haben eine Vereinbarung unterzeichnet (Technische Zusammenarbeit): „Joint pilot“"),
        ("es", "firmaron un acuerdo (Cooperación técnica): “Joint pilot”"),
    ],
)
def test_the_ties_reasons_are_in_the_requests_language(
    cast, client: Client, language: str, words: str
) -> None:
    sign(cast, [cast.sme, cast.other_cluster])
    compute(cast.partnership)
    [tie] = ties(client, cast.partnership.slug, cast.sme.pk, language)
    assert tie["reason"] == words
    assert tie["reason_parts"] == {
        "code": "agreement",
        "agreement_kind": "technical",
        "title": "Joint pilot",
    }
    stored = NetworkTie.objects.get(kind=TieKind.AGREEMENT.value)
    [english] = ties(client, cast.partnership.slug, cast.sme.pk, "en")
    assert english["reason"] == stored.reason
    assert stored.reason == "signed an agreement (Technical cooperation): “Joint pilot”"


def test_a_network_computed_before_the_parts_keeps_its_english_reasons(
    cast, client: Client
) -> None:
    sign(cast, [cast.sme, cast.other_cluster])
    compute(cast.partnership)
    NetworkTie.objects.update(reason="signed a technical agreement: “Joint pilot”", reason_parts={})
    [tie] = ties(client, cast.partnership.slug, cast.sme.pk, "de")
    assert tie["reason"] == "signed a technical agreement: “Joint pilot”"
    assert tie["reason_parts"] == {}


def test_in_english_every_stored_reason_is_the_worded_one() -> None:
    """The oracle for the agreements (the other kinds: test_tie_reasons.py) and for the
    partner suggestions: worded in English from their parts, each is the stored sentence."""
    [tie] = adapters.agreement_ties(
        [{"pk": 1, "kind": "letter_of_intent", "title": "Pilot", "signed_date": None}],
        [(1, 10), (1, 11)],
        {"letter_of_intent": "Letter of intent"},
    )
    with translation.override("en"):
        assert wording.tie_reason("", dict(tie.reason_parts)) == tie.reason
    assert tie.reason == "signed an agreement (Letter of intent): “Pilot”"
    # a, h, i and j each tied to b..g (six common partners: "and 3 more"); k tied to b and z
    # (z beyond a's reach: a structural hole); z two steps from b
    pairs = [("a", x, 1.0) for x in "bcdefg"] + [(x, y, 1.0) for x in "hij" for y in "bcdefg"]
    pairs += [("k", "b", 1.0), ("k", "z", 1.0)]
    graph = graph_from_pairs(pairs)
    found = suggest_partners(graph, list(graph.ids), top=5)
    parts = [
        (suggestion.reasons, suggestion.reason_parts)
        for result in found
        for suggestion in result.suggestions
    ]
    codes = {part["code"] for _, reason_parts in parts for part in reason_parts}
    assert codes == {"common_partners", "two_steps", "structural_hole"}
    assert any(part.get("more") for _, reason_parts in parts for part in reason_parts)
    with translation.override("en"):
        for reasons, reason_parts in parts:
            assert wording.suggestion_reasons(reasons, reason_parts) == list(reasons)


def test_the_suggestions_reasons_follow_the_request_in_the_payload_and_on_the_page(
    cast, client: Client
) -> None:
    """Depends on the catalogues (new sentences): the German and French words."""
    lab = make_organisation("Lab Beyond", OrganisationKind.RESEARCH)
    sign(cast, [cast.sme, cast.other_cluster], "First")
    sign(cast, [cast.sme, lab], "Second")
    compute(cast.partnership)
    url = f"/api/v1/monitoring/{cast.partnership.slug}/network"

    def reasons(language: str) -> tuple[list[str], str]:
        answer = client.get(url, headers={"accept-encoding": "gzip", "accept-language": language})
        assert answer.status_code == 200
        body = json.loads(gzip.decompress(answer.content))
        other = next(
            found
            for found in body["suggestions"]
            if found["organisation_id"] == str(cast.other_cluster.pk)
        )
        suggestion = other["suggestions"][0]
        assert suggestion["reason_parts"][0] == {
            "code": "common_partners",
            "count": 1,
            "shown": ["Vision Systems SME"],
            "more": 0,
        }
        return suggestion["reasons"], answer["ETag"]

    english, english_tag = reasons("en")
    assert english[0] == "has worked with 1 of your partners: Vision Systems SME"
    german, german_tag = reasons("de")
    assert german[0] == "hat mit 1 Ihrer Partner zusammengearbeitet: Vision Systems SME"
    french, french_tag = reasons("fr")
    assert french[0] == "a travaillé avec 1 de vos partenaires\u00a0: Vision Systems SME"
    assert len({english_tag, german_tag, french_tag}) == 3  # one representation each
    assert reasons("de") == (german, german_tag)  # the worded payload, kept
    # without gzip the same, and the page says it too
    plain = client.get(url, headers={"accept-language": "de"}).json()
    assert german[0] in json.dumps(plain["suggestions"], ensure_ascii=False)
    with translation.override("de"):
        page = client.get(reverse("monitoring:network", args=[cast.partnership.slug]))
    assert german[0] in page.content.decode()
