from __future__ import annotations

import numpy as np
import pytest

from crosscluster.engines.matching import (
    HashingEmbedder,
    MatchOptions,
    Profile,
    ProfileKind,
    Tag,
    Weights,
    index_profiles,
    match_needs,
    suggest_partner_profiles,
)
from crosscluster.engines.matching.matcher import (
    ProviderIndex,
    need_labels,
    score_all,
    taxonomy_scores,
)
from crosscluster.engines.matching.tagging import TagModel
from crosscluster.engines.matching.vocabulary import Vocabulary

PROVIDERS = [
    Profile(
        id="P1",
        name="Robo Lab",
        text="Industrial robots and digital twins of assembly lines for car makers.",
        country="DE",
        technologies=(Tag("Robotics", 5), Tag("Digital twins", 3)),
        sectors=(Tag("Automotive", 4),),
    ),
    Profile(
        id="P2",
        name="Food Robots",
        text="Small robots for food packaging and bakeries.",
        country="FR",
        technologies=(Tag("Robotics", 2),),
        sectors=(Tag("Food and beverages", 5),),
    ),
    Profile(
        id="P3",
        name="Secure Grid",
        text="Cybersecurity audits and network protection for vehicle makers.",
        country="IT",
        technologies=(Tag("Cybersecurity", 5),),
        sectors=(Tag("Automotive", 5),),
    ),
    Profile(
        id="B1",
        name="A buyer",
        text="We need robots and digital twins for our car seat assembly line.",
        kind=ProfileKind.NEED,
        country="ES",
    ),
]

NEED = Profile(
    id="N1",
    text="We want robots and a digital twin of our car seat assembly line.",
    kind=ProfileKind.NEED,
    country="FR",
    technologies=(Tag("Robotics"), Tag("Digital twins")),
    sectors=(Tag("Automotive"),),
)


@pytest.fixture(scope="module")
def index(embedder: HashingEmbedder, tag_model: TagModel) -> ProviderIndex:
    return index_profiles(PROVIDERS, embedder=embedder, tag_model=tag_model)


def test_taxonomy_agreement_matches_the_hand_computed_example(
    index: ProviderIndex, embedder: HashingEmbedder, tag_model: TagModel
) -> None:
    """Need: Robotics, Digital twins (technologies), Automotive (sector); facet weights 0.6/0.3.

    P1 covers (5/5 + 3/5)/2 = 0.8 of the technologies and 4/5 = 0.8 of the sector:
    (0.6*0.8 + 0.3*0.8)/0.9 = 0.8. P2: (0.6*0.2 + 0.3*0)/0.9 = 0.1333. P3: (0 + 0.3*1)/0.9.
    """
    vector = embedder.embed_queries([NEED.text])[0]
    linear = Weights(saturation=1e12, breadth=0.0, declared_support=0.0)
    labels = need_labels(
        NEED, vector=vector, tag_model=tag_model, vocabulary=index.vocabulary, weights=linear
    )
    total, per_facet = taxonomy_scores(index, labels, linear)
    assert np.allclose(per_facet["technologies"][:3], [0.8, 0.2, 0.0])
    assert np.allclose(per_facet["sectors"][:3], [0.8, 0.0, 1.0])
    assert np.allclose(total[:3], [0.8, 0.12 / 0.9, 0.3 / 0.9])


def test_broad_providers_are_damped_and_levels_saturate_as_computed_by_hand(
    embedder: HashingEmbedder, tag_model: TagModel
) -> None:
    """Need: Robotics. S declares Robotics only (level 5); B declares Robotics and five other
    technologies (all level 5); W declares Robotics at level 1 only. Breadth (sum of levels / 5):
    S 1, B 6, W 0.2; mean 2.4, so B/mean = 2.5 and S, W are below the mean (not damped).
    k1 = 1.2, b = 0.5: sat(p) = p * 2.2 / (p + 1.2 * norm) / (2.2 / 2.2), norm = 1 - b + b * max(B, 1):
    S: 1 * 2.2 / (1 + 1.2) = 1.0; B: norm = 1.75, 2.2 / (1 + 2.1) = 0.7097;
    W: 0.2 * 2.2 / (0.2 + 1.2) = 0.3143 (a weak level counts more than linearly, 0.2).
    """
    others = ("Cybersecurity", "Big data", "Cloud Services", "Digital twins", "Logistics")
    providers = [
        Profile(id="S", text="robots", technologies=(Tag("Robotics", 5),)),
        Profile(
            id="B",
            text="everything",
            technologies=(Tag("Robotics", 5), *(Tag(label, 5) for label in others)),
        ),
        Profile(id="W", text="some robots", technologies=(Tag("Robotics", 1),)),
    ]
    index = index_profiles(providers, embedder=embedder, tag_model=tag_model)
    need = Profile(id="N", text="robots", kind=ProfileKind.NEED, technologies=(Tag("Robotics"),))
    weights = Weights(saturation=1.2, breadth=0.5, declared_support=0.0)
    labels = need_labels(
        need,
        vector=embedder.embed_queries([need.text])[0],
        tag_model=tag_model,
        vocabulary=index.vocabulary,
        weights=weights,
    )
    _, per_facet = taxonomy_scores(index, labels, weights)
    assert np.allclose(per_facet["technologies"], [1.0, 2.2 / 3.1, 0.2 * 2.2 / 1.4], atol=1e-5)
    # without breadth damping the broad provider ties with the specialist
    _, flat = taxonomy_scores(
        index, labels, Weights(saturation=1.2, breadth=0.0, declared_support=0.0)
    )
    assert flat["technologies"][0] == pytest.approx(flat["technologies"][1])


def test_declared_levels_are_weighed_by_the_description_as_computed_by_hand(
    embedder: HashingEmbedder, tag_model: TagModel
) -> None:
    """Two providers declare Robotics and Cybersecurity at level 5; with s = 0.8 each declared
    level is multiplied by 0.2 + 0.8 * q, q = the auto-tagger's probability of the label from
    the description divided by the best among the provider's declared labels. Saturation and
    breadth are switched off, so the coverage of a one-label need is that multiplier.
    """
    providers = [
        Profile(
            id="R",
            text="Industrial robots, cobots and robot cells for welding and assembly lines.",
            technologies=(Tag("Robotics", 5), Tag("Cybersecurity", 5)),
        ),
        Profile(
            id="C",
            text="Cybersecurity audits, penetration tests and incident response for firms.",
            technologies=(Tag("Robotics", 5), Tag("Cybersecurity", 5)),
        ),
    ]
    index = index_profiles(providers, embedder=embedder, tag_model=tag_model)
    from crosscluster.engines.matching.tagging import label_probabilities

    labels_ = index.vocabulary.facet("technologies")
    robotics, cyber = labels_.index("Robotics"), labels_.index("Cybersecurity")
    vectors = embedder.embed_passages([p.passage for p in providers])
    probabilities = label_probabilities(
        tag_model, "technologies", vectors, [p.passage for p in providers], mode="profile"
    )
    weights = Weights(saturation=1e12, breadth=0.0, declared_support=0.8)
    for label, column in (("Robotics", robotics), ("Cybersecurity", cyber)):
        need = Profile(id="N", text="x", kind=ProfileKind.NEED, technologies=(Tag(label),))
        chosen = need_labels(
            need,
            vector=vectors[0],
            tag_model=tag_model,
            vocabulary=index.vocabulary,
            weights=weights,
        )
        _, per_facet = taxonomy_scores(index, chosen, weights)
        for row in range(2):
            own = probabilities[row, [robotics, cyber]]
            expected = 0.2 + 0.8 * probabilities[row, column] / own.max()
            assert per_facet["technologies"][row] == pytest.approx(expected, rel=1e-5)
    # the robot maker's description supports Robotics more than Cybersecurity, and vice versa
    assert probabilities[0, robotics] > probabilities[0, cyber]
    assert probabilities[1, cyber] > probabilities[1, robotics]
    _, plain = taxonomy_scores(
        index, chosen, Weights(saturation=1e12, breadth=0.0, declared_support=0.0)
    )
    assert plain["technologies"][0] == pytest.approx(plain["technologies"][1]) == pytest.approx(1.0)


def test_ranking_equals_a_brute_force_sort_of_the_parts(
    index: ProviderIndex, embedder: HashingEmbedder, tag_model: TagModel
) -> None:
    weights = Weights(semantic=0.3, lexical=0.2, taxonomy=0.5)
    vector = embedder.embed_queries([NEED.text])[0]
    scored = score_all(index, NEED, vector=vector, tag_model=tag_model, weights=weights)
    cosine = index.vectors.vectors @ vector
    assert np.allclose(scored.semantic, (cosine - cosine.min()) / (cosine.max() - cosine.min()))
    expected = {}
    for row, profile in enumerate(index.profiles):
        if profile.kind == ProfileKind.NEED:
            continue
        cross_border = 0.02 if profile.country != "FR" else 0.0
        expected[profile.id] = (
            0.3 * scored.semantic[row]
            + 0.2 * scored.lexical[row]
            + 0.5 * scored.taxonomy[row]
            + cross_border
        )
    brute = sorted(expected, key=lambda key: -expected[key])
    (matches,) = match_needs(index, [NEED], embedder=embedder, tag_model=tag_model, weights=weights)
    assert [match.profile_id for match in matches] == brute
    for match in matches:
        assert match.score == pytest.approx(expected[match.profile_id], abs=1e-4)


def test_a_need_is_never_served_by_another_buyer(
    index: ProviderIndex, embedder: HashingEmbedder, tag_model: TagModel
) -> None:
    (matches,) = match_needs(
        index, [NEED], embedder=embedder, tag_model=tag_model, options=MatchOptions(top=10)
    )
    assert [match.profile_id for match in matches] == ["P1", "P3", "P2"]


def test_cross_border_is_a_mild_bonus_and_a_filter_only_when_asked(
    index: ProviderIndex, embedder: HashingEmbedder, tag_model: TagModel
) -> None:
    geography_only = Weights(semantic=0.0, lexical=0.0, taxonomy=0.0)
    need = Profile(id="N2", text="robots", kind=ProfileKind.NEED, country="France")
    (matches,) = match_needs(
        index, [need], embedder=embedder, tag_model=tag_model, weights=geography_only
    )
    scores = {match.profile_id: match.score for match in matches}
    assert scores == {"P1": 0.02, "P3": 0.02, "P2": 0.0}
    assert "cross-border: FR \u2192 DE" in next(m for m in matches if m.profile_id == "P1").reasons
    assert "same country: FR" in next(m for m in matches if m.profile_id == "P2").reasons

    targeted = Profile(
        id="N3", text="robots", kind=ProfileKind.NEED, country="FR", target_countries=("Italy",)
    )
    (matches,) = match_needs(
        index,
        [targeted],
        embedder=embedder,
        tag_model=tag_model,
        options=MatchOptions(require_target_countries=True),
    )
    assert [match.profile_id for match in matches] == ["P3"]
    assert "cross-border: FR \u2192 IT (a target country)" in matches[0].reasons


def test_every_match_explains_itself(
    index: ProviderIndex, embedder: HashingEmbedder, tag_model: TagModel
) -> None:
    (matches,) = match_needs(index, [NEED], embedder=embedder, tag_model=tag_model)
    best = matches[0]
    assert best.profile_id == "P1"
    assert best.reasons[0] == "both work on Robotics and Digital twins (provider levels 5, 3)"
    assert "same sector: Automotive (provider level 4)" in best.reasons
    assert any(reason.startswith("descriptions close in meaning") for reason in best.reasons)
    food = next(match for match in matches if match.profile_id == "P2")
    assert (
        "cross-sectoral: the need is about Automotive; the provider works in Food and beverages"
        in food.reasons
    )


def test_cross_language_need_without_tags_quotes_its_own_words(
    embedder: HashingEmbedder, tag_model: TagModel
) -> None:
    providers = [
        Profile(
            id="V",
            text="We build machine vision systems and smart cameras for quality inspection in "
            "factories, with image processing software for production lines.",
            country="IT",
            technologies=(Tag("Sensors & Vision Processing Systems", 4),),
        ),
        Profile(
            id="B",
            text="We develop blockchain platforms and smart contracts for banks and insurers.",
            country="ES",
            technologies=(Tag("Blockchain and Distributed Ledger Technology (DLT)", 5),),
        ),
    ]
    index = index_profiles(providers, embedder=embedder, tag_model=tag_model)
    need = Profile(
        id="N",
        text="Wir suchen Kameras für die automatische Inspektion von Flaschen.",
        kind=ProfileKind.NEED,
        country="DE",
    )
    (matches,) = match_needs(index, [need], embedder=embedder, tag_model=tag_model)
    assert matches[0].profile_id == "V"
    reasons = " | ".join(matches[0].reasons)
    assert 'the need (German) mentions "Kameras"' in reasons
    assert "the provider declares Sensors & Vision Processing Systems (level 4)" in reasons
    assert "across languages (German \u2192 English)" in reasons
    assert "cross-border: DE \u2192 IT" in reasons


def test_a_label_only_the_vector_suggests_weighs_less_beside_a_label_the_words_name(
    tag_model: TagModel, vocabulary: Vocabulary
) -> None:
    """The need names robots; its vector is Digital twins' gloss, so the vector alone suggests
    Digital twins (no glossary term of it in the text). In a need not written in English, beside
    Robotics (which the words name) it keeps ``vector_only_beside_keywords`` of its weight (0
    drops it); an English need, or a need whose words name no technology, keeps the vector's
    labels at full weight."""
    technologies = vocabulary.facet("technologies")
    twin_gloss = tag_model.facet("technologies").gloss_vectors[technologies.index("Digital twins")]
    robots = Profile(id="N", text="Vogliamo robots per la linea.", kind=ProfileKind.NEED)

    def read(need: Profile, share: float, language: str | None = "it") -> dict[str, float]:
        weights = Weights(vector_only_beside_keywords=share)
        labels = need_labels(
            need,
            vector=twin_gloss,
            tag_model=tag_model,
            vocabulary=vocabulary,
            weights=weights,
            language=language,
        )
        return dict(labels.weights["technologies"])

    plain = read(robots, 1.0)
    assert {"Robotics", "Digital twins"} <= set(plain)
    for share in (0.25, 0.5):
        for language in ("it", "sv", None):
            expected = {
                label: weight * (1.0 if label == "Robotics" else share)
                for label, weight in plain.items()
            }
            assert read(robots, share, language) == pytest.approx(expected)
        assert read(robots, share, "en") == read(robots, 1.0, "en")
    assert read(robots, 0.0) == {"Robotics": plain["Robotics"]}
    # no technology named by the words: the vector's labels keep their weight
    silent = Profile(id="N", text="Vogliamo aiuto per la linea.", kind=ProfileKind.NEED)
    assert read(silent, 0.25) == read(silent, 1.0)
    assert "Digital twins" in read(silent, 0.0)


def test_a_need_without_tags_is_read_against_the_glosses_of_its_language(
    index: ProviderIndex, embedder: HashingEmbedder, tag_model: TagModel
) -> None:
    text = "Buscamos cámaras para la inspección automática de las botellas en la línea."
    vector = embedder.embed_queries([text])[0]
    options = {"vector": vector, "tag_model": tag_model, "vocabulary": index.vocabulary}
    weights = Weights()
    as_spanish = need_labels(
        Profile(id="N", text=text, kind=ProfileKind.NEED), weights=weights, language="es", **options
    )
    as_english = need_labels(
        Profile(id="N", text=text, kind=ProfileKind.NEED), weights=weights, **options
    )
    assert as_spanish != as_english
    # the need's own language when it carries one, else the detected one
    for need in (
        Profile(id="N", text=text, kind=ProfileKind.NEED, language="es"),
        Profile(id="N", text=text, kind=ProfileKind.NEED),
    ):
        scored = score_all(index, need, vector=vector, tag_model=tag_model, weights=weights)
        assert scored.language == "es"
        assert scored.labels == as_spanish


def test_providers_without_tags_are_read_from_their_description(
    embedder: HashingEmbedder, tag_model: TagModel
) -> None:
    providers = [
        Profile(id="R", text="Our robots and cobots automate packaging and palletising."),
        Profile(id="C", text="Cloud hosting and SaaS for retailers."),
    ]
    index = index_profiles(providers, embedder=embedder, tag_model=tag_model)
    assert not index.has_declared["technologies"].any()
    need = Profile(id="N", text="", kind=ProfileKind.NEED, technologies=(Tag("Robotics"),))
    (matches,) = match_needs(index, [need], embedder=embedder, tag_model=tag_model)
    assert matches[0].profile_id == "R"
    assert any(
        "the provider's description suggests Robotics" in reason for reason in matches[0].reasons
    )


def test_partner_suggestions_are_reciprocal(embedder: HashingEmbedder, tag_model: TagModel) -> None:
    offers = [
        *PROVIDERS,
        Profile(
            id="P4",
            text="Digital twins and simulation of car assembly lines.",
            technologies=(Tag("Digital twins", 5),),
            sectors=(Tag("Automotive", 5),),
        ),
    ]
    index = index_profiles(offers, embedder=embedder, tag_model=tag_model)
    suggestions = suggest_partner_profiles(index, "P1", tag_model=tag_model, top=5)
    ids = [match.profile_id for match in suggestions]
    assert "P1" not in ids
    assert "B1" not in ids
    assert ids[0] == "P4"
    row_a = index.positions["P1"]
    forward = score_all(
        index,
        offers[0],
        vector=index.vectors.vectors[row_a],
        tag_model=tag_model,
        weights=Weights(),
    )
    for match in suggestions:
        row_b = index.positions[match.profile_id]
        backward = score_all(
            index,
            index.profiles[row_b],
            vector=index.vectors.vectors[row_b],
            tag_model=tag_model,
            weights=Weights(),
        )
        there, back = float(forward.total[row_b]), float(backward.total[row_a])
        assert match.score == pytest.approx(2 * there * back / (there + back), abs=1e-4)
    assert [m.score for m in suggestions] == sorted((m.score for m in suggestions), reverse=True)


def test_duplicate_ids_are_refused(embedder: HashingEmbedder, tag_model: TagModel) -> None:
    with pytest.raises(ValueError, match="duplicate profile id"):
        index_profiles(
            [Profile(id="x", text="a"), Profile(id="x", text="b")],
            embedder=embedder,
            tag_model=tag_model,
        )


def test_levels_outside_one_to_five_are_refused() -> None:
    with pytest.raises(ValueError, match="must be 1-5"):
        Tag("Robotics", 7)
