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
  shipped in ``crosscluster/data/cordis/cordis-plus-2014.csv`` (projects starting in 2014) or of
  a CORDIS organisation export imported through the ``imports`` app (any year; its start year
  from an imported CORDIS projects file).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gzip
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import astuple, dataclass
from itertools import combinations
from pathlib import Path

from crosscluster.engines.network.model import (
    NetworkAnalysis,
    NetworkInput,
    Organisation,
    Share,
    Suggestions,
    Tie,
    TieClass,
    TieKind,
)

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
            reason_parts=(
                ("code", "match"),
                ("opportunity", titles.get(row["opportunity_id"], "")),
            ),
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
            reason_parts=(
                ("code", "conversation"),
                ("opportunity", titles.get(row["opportunity_id"], "")),
            ),
        )
        for row in rows
        if row["status"] == "accepted" and row["organisation_id"] and row["opportunity__owner_id"]
    ]


#: what the organisers or the parties recorded on the day for a meeting that did not happen
NOT_HELD = frozenset({"no_show", "cancelled"})


def is_held(row: Mapping[str, object], now: dt.datetime) -> bool:
    """A meeting request is held when a published schedule holds it, its event has ended
    (compared as aware datetimes, so the event's own time zone counts) and nobody recorded on
    the day that it did not take place (a no-show or a cancellation)."""
    end = row.get("session__event__end_at")
    return (
        bool(row.get("scheduled"))
        and isinstance(end, dt.datetime)
        and end <= now
        and row.get("attendance", "") not in NOT_HELD
    )


def meeting_ties(rows: Iterable[Mapping[str, object]], now: dt.datetime) -> list[Tie]:
    """Held B2B meetings: the requester's and the recipient's organisations."""
    return [
        Tie(
            source=_id(row["requester__organisation_id"]),
            target=_id(row["recipient__organisation_id"]),
            kind=TieKind.MEETING,
            year=_year(row["session__event__end_at"]),
            reason=f"B2B meeting held at {row['session__event__title']}",
            reason_parts=(("code", "meeting"), ("event", str(row["session__event__title"]))),
        )
        for row in rows
        if is_held(row, now)
        and row["requester__organisation_id"]
        and row["recipient__organisation_id"]
    ]


def agreement_ties(
    rows: Iterable[Mapping[str, object]],
    signatories: Iterable[tuple[int, int]],
    kind_labels: Mapping[str, str] | None = None,
) -> list[Tie]:
    """Every pair of signatories of each agreement; ``kind_labels`` names the agreement kinds
    in English (the reason says "signed an agreement (Technical cooperation): …")."""
    by_agreement: dict[int, list[int]] = defaultdict(list)
    for agreement_id, organisation_id in signatories:
        by_agreement[agreement_id].append(organisation_id)
    ties = []
    for row in rows:
        members = sorted(set(by_agreement.get(int(str(row["pk"])), [])))
        kind = str(row["kind"])
        for source, target in combinations(members, 2):
            ties.append(
                Tie(
                    source=_id(source),
                    target=_id(target),
                    kind=TieKind.AGREEMENT,
                    year=_year(row["signed_date"]),
                    reason=(
                        f"signed an agreement ({(kind_labels or {}).get(kind, kind)}): "
                        f"“{row['title']}”"
                    ),
                    reason_parts=(
                        ("code", "agreement"),
                        ("agreement_kind", str(row["kind"])),
                        ("title", str(row["title"])),
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


def with_imported_projects(
    projects: Iterable[CordisProject],
    participations: Iterable[tuple[str, str, str]],
    starts: Mapping[str, tuple[str, int]] | None = None,
) -> tuple[CordisProject, ...]:
    """The shipped extract's projects plus the participations of imported CORDIS exports
    ((project id, acronym, PIC), ``imports.queries.list_cordis_participations``): a project in
    both gets the union of its participants. One only imported takes its acronym and start year
    from an imported CORDIS projects file (``starts``: project id -> (acronym, start year),
    ``imports.queries.map_cordis_project_starts``), else it has no start year (the organisation
    export does not say it); the shipped extract's own year is kept."""
    merged: dict[str, tuple[str, int | None, set[str]]] = {
        project.project_id: (project.acronym, project.year, set(project.pics))
        for project in projects
    }
    for project_id, acronym, pic in participations:
        known = merged.setdefault(project_id, (acronym, None, set()))
        known[2].add(pic)
    for project_id, (acronym, year) in (starts or {}).items():
        if project_id in merged and merged[project_id][1] is None:
            merged[project_id] = (merged[project_id][0] or acronym, year, merged[project_id][2])
    return tuple(
        CordisProject(project_id, acronym, year, tuple(sorted(pics)))
        for project_id, (acronym, year, pics) in sorted(merged.items())
        if len(pics) > 1
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
        when = f"started {project.year}" if project.year else "from an imported CORDIS export"
        reason = f"joint EU project {name} (CORDIS {project.project_id}, {when})"
        parts: tuple[tuple[str, object], ...] = (
            ("code", "project"),
            ("acronym", name),
            ("project_id", project.project_id),
            ("year", project.year),
        )
        for source, target in combinations(present, 2):
            if source in involved or target in involved:
                ties.append(
                    Tie(_id(source), _id(target), TieKind.PROJECT, project.year, reason, parts)
                )
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


# ----------------------------------------------------------------------------- stored network

#: bump when the analysis or the payload changes shape: every stored network is recomputed
#: ("network-3": the ties' and suggestions' reasons keep their parts, so a network stored
#: before them is recomputed even when its input did not change)
ANALYSIS_VERSION = "network-3"
PAYLOAD_FORMAT = 1


def fingerprint(network: NetworkInput) -> str:
    """A hash of everything the analysis reads (and of ``ANALYSIS_VERSION``): equal
    fingerprints give equal analyses, so an unchanged network is not analysed again."""
    digest = hashlib.sha256(ANALYSIS_VERSION.encode())
    for organisation in network.organisations:
        digest.update(repr(astuple(organisation)).encode())
    digest.update(b"|ties|")
    for tie in network.ties:
        digest.update(repr((tie.source, tie.target, tie.kind.value, tie.year, tie.reason)).encode())
    digest.update(repr(sorted(network.partner_clusters)).encode())
    return digest.hexdigest()


def _share(share: Share) -> dict[str, object]:
    return {"part": share.part, "total": share.total, "share": share.share}


def network_summary(network: NetworkInput, analysis: NetworkAnalysis) -> dict[str, object]:
    """The counts and shares above the map (the ``summary`` of the payload and of the API)."""
    return {
        "organisations": len(network.organisations),
        "ties": len(network.ties),
        "by_class": analysis.by_class,
        "by_kind": analysis.by_kind,
        "cross_border": _share(analysis.cross_border),
        "cross_sector": _share(analysis.cross_sector),
        "by_year": [
            {
                "year": year.year,
                "ties": year.ties,
                "cross_border": _share(year.cross_border),
                "cross_sector": _share(year.cross_sector),
                "by_class": year.by_class,
            }
            for year in analysis.by_year
        ],
        "brokers": list(analysis.brokers[:10]),
        "isolated_members": list(analysis.isolated_members),
        "communities": len(analysis.communities),
        "betweenness_samples": analysis.betweenness_samples,
    }


def suggestion_rows(
    suggestions: Sequence[Suggestions], rows: Mapping[str, Mapping[str, object]]
) -> list[dict[str, object]]:
    def label(key: str) -> str:
        return str(rows[key]["name"]) if key in rows else key

    return [
        {
            "organisation_id": found.organisation_id,
            "label": label(found.organisation_id),
            "suggestions": [
                {
                    "organisation_id": item.organisation_id,
                    "label": label(item.organisation_id),
                    "slug": str(rows[item.organisation_id]["slug"]),
                    "score": item.score,
                    "reasons": list(item.reasons),
                    "reason_parts": [dict(part) for part in item.reason_parts],
                }
                for item in found.suggestions
            ],
        }
        for found in suggestions
    ]


def compact_payload(
    *,
    slug: str,
    version: str,
    computed_at: dt.datetime,
    network: NetworkInput,
    analysis: NetworkAnalysis,
    rows: Mapping[str, Mapping[str, object]],
    partner_ids: frozenset[str],
    suggestions: Sequence[Suggestions],
) -> dict[str, object]:
    """The map's payload: one array per field instead of one object per node or tie. Ties name
    their ends by position in ``nodes`` and their kind and class by position in ``kinds`` and
    ``classes``; the reasons are not in it (the map asks the ties API for one organisation's)."""
    metrics = {node.id: node for node in analysis.nodes}
    organisations = network.organisations
    position = {organisation.id: index for index, organisation in enumerate(organisations)}
    kinds = [kind.value for kind in TieKind]
    classes = [tie_class.value for tie_class in TieClass]
    kind_index = {value: index for index, value in enumerate(kinds)}
    class_index = {value: index for index, value in enumerate(classes)}
    return {
        "format": PAYLOAD_FORMAT,
        "partnership": slug,
        "version": version,
        "computed_at": computed_at.isoformat(),
        "summary": network_summary(network, analysis),
        "kinds": kinds,
        "classes": classes,
        "nodes": {
            "id": [o.id for o in organisations],
            "label": [o.label for o in organisations],
            "slug": [str(rows[o.id]["slug"]) for o in organisations],
            "country": [o.country for o in organisations],
            "kind": [o.kind for o in organisations],
            "sector": [o.sector for o in organisations],
            "clusters": [list(o.clusters) for o in organisations],
            "partner": [o.id in partner_ids for o in organisations],
            "x": [metrics[o.id].x for o in organisations],
            "y": [metrics[o.id].y for o in organisations],
            "degree": [metrics[o.id].degree for o in organisations],
            "betweenness": [metrics[o.id].betweenness for o in organisations],
            "community": [metrics[o.id].community for o in organisations],
        },
        "ties": {
            "source": [position[tie.source] for tie in network.ties],
            "target": [position[tie.target] for tie in network.ties],
            "kind": [kind_index[tie.kind.value] for tie in network.ties],
            "tie_class": [class_index[value.value] for value in analysis.tie_classes],
            "year": [tie.year for tie in network.ties],
        },
        "suggestions": suggestion_rows(suggestions, rows),
    }


def encode_payload(payload: Mapping[str, object]) -> bytes:
    """Compact JSON, gzipped once (the API sends these bytes as they are)."""
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return gzip.compress(text.encode(), compresslevel=6, mtime=0)


def page_summary(
    *,
    network: NetworkInput,
    analysis: NetworkAnalysis,
    rows: Mapping[str, Mapping[str, object]],
    suggestions: Sequence[Suggestions],
) -> dict[str, object]:
    """What the network page renders on the server (stored beside the payload)."""

    def label(key: str) -> str:
        return str(rows[key]["name"]) if key in rows else key

    return {
        **network_summary(network, analysis),
        "broker_labels": [label(key) for key in analysis.brokers[:5]],
        "isolated_labels": [label(key) for key in analysis.isolated_members],
        "countries": sorted({o.country for o in network.organisations} - {""}),
        "suggestions": suggestion_rows(suggestions, rows),
    }


def tie_rows(
    network: NetworkInput, analysis: NetworkAnalysis, rows: Mapping[str, Mapping[str, object]]
) -> Iterator[dict[str, object]]:
    """The table view's rows (both ends named), in the order of the ties."""
    for position, (tie, tie_class) in enumerate(
        zip(network.ties, analysis.tie_classes, strict=True)
    ):
        source, target = rows.get(tie.source, {}), rows.get(tie.target, {})
        yield {
            "position": position,
            "source_id": tie.source,
            "source_label": str(source.get("name", tie.source)),
            "source_country": str(source.get("country_id") or ""),
            "target_id": tie.target,
            "target_label": str(target.get("name", tie.target)),
            "target_country": str(target.get("country_id") or ""),
            "kind": tie.kind.value,
            "tie_class": tie_class.value,
            "year": tie.year,
            "reason": tie.reason,
            "reason_parts": dict(tie.reason_parts),
        }
