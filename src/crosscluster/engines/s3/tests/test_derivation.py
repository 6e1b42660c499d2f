"""Candidate priorities from hubs' declared sectors and technologies (no database)."""

from __future__ import annotations

from crosscluster.engines.s3.derivation import (
    DERIVED_LABEL,
    Hub,
    HubTag,
    derive_candidates,
    description_parts,
)


def tag(facet: str, name: str, level: int) -> HubTag:
    return HubTag(key=f"{facet}:{name}", label=name.title(), facet=facet, level=level)


HUBS = [
    Hub(
        "A",
        (tag("sectors", "energy", 2), tag("technologies", "iot", 5), tag("technologies", "ai", 1)),
    ),
    Hub(
        "B",
        (tag("sectors", "energy", 5), tag("sectors", "health", 5), tag("technologies", "ai", 3)),
    ),
    Hub("C", (tag("sectors", "health", 1), tag("technologies", "iot", 2))),
    Hub("D", (tag("sectors", "agri", 5),)),
]


def test_sectors_rank_by_hubs_then_level_sum_then_label() -> None:
    candidates = derive_candidates(HUBS, scope="region", scope_label="Somewhere", limit=3)
    # energy: 2 hubs, levels 7; health: 2 hubs, levels 6; agri: 1 hub.
    assert [c.title for c in candidates] == ["Energy", "Health", "Agri"]
    energy = candidates[0]
    # Hubs A and B declare energy; their technologies: ai in 2 hubs (levels 4), iot in 1 (5).
    assert [(t.label, t.hubs, t.level_sum) for t in energy.technologies] == [
        ("Ai", 2, 4),
        ("Iot", 1, 5),
    ]
    assert energy.tag_keys == ("sectors:energy", "technologies:ai", "technologies:iot")
    assert "2 of the 4 tagged digital innovation hubs in Somewhere" in energy.description
    assert DERIVED_LABEL in energy.description
    assert candidates[2].technologies == ()


def test_limits_and_country_scope_are_stated() -> None:
    candidates = derive_candidates(
        HUBS, scope="country", scope_label="Spain", limit=1, technologies_per_sector=1
    )
    assert len(candidates) == 1
    assert len(candidates[0].technologies) == 1
    assert "in Spain (country)" in candidates[0].description
    assert derive_candidates([], scope="region", scope_label="Nowhere") == []


def test_each_description_reads_back_into_what_it_says() -> None:
    """A description read back (a priority stored before its parts were kept) gives the
    candidate's counts and tags, in both scopes, with and without technologies, labels with a
    comma or parentheses in them, and the older "1 hubs"."""
    hubs = [
        *HUBS,
        Hub("E", (tag("sectors", "agri", 2), HubTag("technologies:x", "AI, data (big)", "technologies", 4))),
    ]  # fmt: skip
    for scope, place in (("region", "País Vasco (ES21)"), ("country", "Spain")):
        for candidate in derive_candidates(hubs, scope=scope, scope_label=place, limit=3):
            for text in (
                candidate.description,
                candidate.description.replace("(1 hub)", "(1 hubs)"),
            ):
                read = description_parts(text)
                assert read == {
                    "hubs": candidate.sector.hubs,
                    "hub_count": candidate.hub_count,
                    "scope": scope,
                    "scope_label": place,
                    "tags": [
                        {"facet": "sectors", "label": candidate.sector.label, "hubs": candidate.sector.hubs},
                        *({"facet": "technologies", "label": t.label, "hubs": t.hubs} for t in candidate.technologies),
                    ],
                }, text  # fmt: skip
    assert description_parts("Smart factories and Industry 4.0.") is None
