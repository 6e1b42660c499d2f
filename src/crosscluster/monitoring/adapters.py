"""The platform's ties as the network engine's input (pure conversions, no database).

``queries`` reads the rows from the other apps; this module turns them into
``engines.network`` dataclasses. Node ids are directory organisation ids written as text.

Where each tie comes from:

- ``match``: a match suggestion that someone marked useful (the opportunity's owner and the
  suggested provider);
- ``conversation``: an accepted expression of interest (the opportunity's owner and the organisation
  that expressed it);
- ``meeting``: a B2B meeting request held in a published schedule of an event that has ended
  (requester's and recipient's organisations);
- ``agreement``: every pair of signatories of an agreement;
- ``project``: a past joint EU project: two directory organisations imported from CORDIS (their
  ``source_reference`` is the PIC) that took part in the same project of the CORDIS extract
  shipped in ``crosscluster/data/cordis/cordis-plus-2014.csv`` (projects starting in 2014).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from crosscluster.engines.network.model import NetworkInput, Organisation, Tie, TieKind

CORDIS_FILE = Path("cordis") / "cordis-plus-2014.csv"
MISSING = "NA"


def _year(value: object) -> int | None:
    if isinstance(value, dt.date):  # datetime is a date too
        return value.year
    return None


def _id(value: object) -> str:
    return str(value)


def match_ties(rows: Iterable[Mapping[str, object]], titles: Mapping[object, str]) -> list[Tie]:
    """Matches judged useful: the opportunity's owner and the suggested provider."""
    return [
        Tie(
            source=_id(row["opportunity__owner_id"]),
            target=_id(row["provider_organisation_id"]),
            kind=TieKind.MATCH,
            year=_year(row["computed_at"]),
            reason=f"match judged useful for “{titles.get(row['opportunity_id'], 'an opportunity')}”",
        )
        for row in rows
        if row["judged_useful"] and row["provider_organisation_id"] and row["opportunity__owner_id"]
    ]


def conversation_ties(
    rows: Iterable[Mapping[str, object]], titles: Mapping[object, str]
) -> list[Tie]:
    """Accepted expressions of interest: the opportunity's owner and the interested organisation."""
    return [
        Tie(
            source=_id(row["opportunity__owner_id"]),
            target=_id(row["organisation_id"]),
            kind=TieKind.CONVERSATION,
            year=_year(row["created_at"]),
            reason=(
                "accepted expression of interest in "
                f"“{titles.get(row['opportunity_id'], 'an opportunity')}”"
            ),
        )
        for row in rows
        if row["status"] == "accepted" and row["organisation_id"] and row["opportunity__owner_id"]
    ]


def is_held(row: Mapping[str, object], now: dt.datetime) -> bool:
    """A meeting request is held when a published schedule holds it and its event has ended
    (compared as aware datetimes, so the event's own time zone counts)."""
    end = row.get("session__event__end_at")
    return bool(row.get("scheduled")) and isinstance(end, dt.datetime) and end <= now


def meeting_ties(rows: Iterable[Mapping[str, object]], now: dt.datetime) -> list[Tie]:
    """Held B2B meetings: the requester's and the recipient's organisations."""
    return [
        Tie(
            source=_id(row["requester__organisation_id"]),
            target=_id(row["recipient__organisation_id"]),
            kind=TieKind.MEETING,
            year=_year(row["session__event__end_at"]),
            reason=f"B2B meeting held at {row['session__event__title']}",
        )
        for row in rows
        if is_held(row, now)
        and row["requester__organisation_id"]
        and row["recipient__organisation_id"]
    ]


def agreement_ties(
    rows: Iterable[Mapping[str, object]], signatories: Iterable[tuple[int, int]]
) -> list[Tie]:
    """Every pair of signatories of each agreement."""
    by_agreement: dict[int, list[int]] = defaultdict(list)
    for agreement_id, organisation_id in signatories:
        by_agreement[agreement_id].append(organisation_id)
    ties = []
    for row in rows:
        members = sorted(set(by_agreement.get(int(str(row["pk"])), [])))
        for source, target in combinations(members, 2):
            ties.append(
                Tie(
                    source=_id(source),
                    target=_id(target),
                    kind=TieKind.AGREEMENT,
                    year=_year(row["signed_date"]),
                    reason=(
                        f"signed a {str(row['kind']).replace('_', ' ')} agreement: “{row['title']}”"
                    ),
                )
            )
    return ties


@dataclass(frozen=True)
class CordisProject:
    project_id: str
    acronym: str
    year: int | None
    pics: tuple[str, ...]


@functools.cache
def read_cordis_projects(data_dir: Path) -> tuple[CordisProject, ...]:
    """The projects of the shipped CORDIS extract with the PICs of their participants (read once
    per process; the file is part of the package)."""
    pics: dict[str, set[str]] = defaultdict(set)
    info: dict[str, tuple[str, int | None]] = {}
    with open(data_dir / CORDIS_FILE, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            project, pic = row["project_id"].strip(), row["pic"].strip()
            if not project or not pic.isdigit():
                continue
            pics[project].add(pic)
            year = row["start_year"].strip()
            acronym = row["project_acronym"].strip()
            info[project] = (
                acronym if acronym != MISSING else "",
                int(year) if year.isdigit() else None,
            )
    return tuple(
        CordisProject(project, info[project][0], info[project][1], tuple(sorted(members)))
        for project, members in sorted(pics.items())
        if len(members) > 1
    )


def project_ties(
    projects: Iterable[CordisProject],
    organisation_by_pic: Mapping[str, int],
    involved: set[int],
) -> list[Tie]:
    """Pairs of directory organisations that shared a CORDIS project, at least one of them in
    the partnership (a partner or a member of a partner cluster)."""
    ties = []
    for project in projects:
        present = sorted(
            {organisation_by_pic[pic] for pic in project.pics if pic in organisation_by_pic}
        )
        if len(present) < 2 or not involved.intersection(present):
            continue
        name = project.acronym or project.project_id
        reason = f"joint EU project {name} (CORDIS {project.project_id}, started {project.year})"
        for source, target in combinations(present, 2):
            if source in involved or target in involved:
                ties.append(Tie(_id(source), _id(target), TieKind.PROJECT, project.year, reason))
    return ties


def relevant_pics(projects: Iterable[CordisProject], involved_pics: set[str]) -> set[str]:
    """Every PIC that shared a project with one of ``involved_pics``."""
    found: set[str] = set()
    for project in projects:
        if involved_pics.intersection(project.pics):
            found.update(project.pics)
    return found


def network_input(
    *,
    organisation_rows: Sequence[Mapping[str, object]],
    memberships: Iterable[tuple[int, int]],
    partner_ids: set[int],
    ties: Sequence[Tie],
) -> NetworkInput:
    """Organisations with the partner clusters each belongs to (a partner lists itself)."""
    clusters: dict[int, set[str]] = defaultdict(set)
    for partner in partner_ids:
        clusters[partner].add(_id(partner))
    for cluster_id, member_id in memberships:
        if cluster_id in partner_ids:
            clusters[member_id].add(_id(cluster_id))
    organisations = tuple(
        Organisation(
            id=_id(row["pk"]),
            label=str(row["name"]),
            country=str(row["country_id"] or ""),
            sector=str(row.get("sector") or ""),
            kind=str(row["kind"]),
            clusters=tuple(sorted(clusters.get(int(str(row["pk"])), ()))),
        )
        for row in organisation_rows
    )
    known = {organisation.id for organisation in organisations}
    return NetworkInput(
        organisations=organisations,
        ties=tuple(tie for tie in ties if tie.source in known and tie.target in known),
        partner_clusters=frozenset(_id(partner) for partner in partner_ids),
    )
