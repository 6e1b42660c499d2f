"""Relevance of a hub to an evaluation need, from the hub's own declared tags.

Fixed before any result was looked at (docs/engines/matching.md, "Relevance"):

* a need names technologies T (1-3 labels) and sectors S (0-2 labels) of the EDIH vocabulary;
* ``tech = mean over t in T of level(t) / 5`` and ``sector = mean over s in S of level(s) / 5``,
  where ``level`` is the hub's self-assessed competence 1-5, or 0 when the hub does not declare
  the label;
* ``gain = 0`` when ``tech == 0`` (a hub that declares none of the technologies cannot serve the
  need, whatever its sector); otherwise ``gain = 3 * (2 * tech + sector) / (2 + [S non-empty])``,
  in (0, 3]: technologies count twice as much as sectors;
* a hub is *relevant* (for MRR and Hit@10) when ``gain >= 1.5``, half of the ideal.

Only hubs that declare at least one technology are judged (and ranked); hubs without tags have no
ground truth.
"""

from __future__ import annotations

from collections.abc import Sequence

from crosscluster.engines.matching.types import Profile, Tag

RELEVANT_GAIN = 1.5


def gain(hub: Profile, technologies: Sequence[str], sectors: Sequence[str]) -> float:
    tech_levels = {tag.label: tag.level for tag in hub.technologies}
    sector_levels = {tag.label: tag.level for tag in hub.sectors}
    tech = sum(tech_levels.get(label, 0) for label in technologies) / (5.0 * len(technologies))
    if tech == 0.0:
        return 0.0
    sector = (
        sum(sector_levels.get(label, 0) for label in sectors) / (5.0 * len(sectors))
        if sectors
        else 0.0
    )
    return 3.0 * (2.0 * tech + sector) / (2.0 + (1.0 if sectors else 0.0))


def _strengths(tags: Sequence[Tag]) -> dict[str, float]:
    """level / 5 of each label, times min(1, 5 / how many labels the hub rates as high or higher).

    A label counts fully when it is among the hub's five strongest declared ones; a hub that rates
    30 labels at level 5 gets 5/30 of the credit for each.
    """
    levels = [tag.level for tag in tags]
    return {
        tag.label: tag.level
        / 5.0
        * min(1.0, 5.0 / sum(1 for level in levels if level >= tag.level))
        for tag in tags
    }


def strength_gain(hub: Profile, technologies: Sequence[str], sectors: Sequence[str]) -> float:
    """The second yardstick: like :func:`gain` with each level replaced by the label's strength.

    Added for issue 16 ("prefer a provider whose declared strength is in the need's field"), after
    the first runs showed that :func:`gain` rewards hubs that declare most of the taxonomy at a
    high level; both are reported.
    """
    tech_strength = _strengths(hub.technologies)
    sector_strength = _strengths(hub.sectors)
    tech = sum(tech_strength.get(label, 0.0) for label in technologies) / len(technologies)
    if tech == 0.0:
        return 0.0
    sector = (
        sum(sector_strength.get(label, 0.0) for label in sectors) / len(sectors) if sectors else 0.0
    )
    return 3.0 * (2.0 * tech + sector) / (2.0 + (1.0 if sectors else 0.0))
