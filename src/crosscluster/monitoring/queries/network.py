"""The collaboration network: read the ties, analyse them (the background job), and read what
the job stored (the pages and the API). Re-exported from ``monitoring.queries``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from crosscluster.brokerage import queries as brokerage_queries
from crosscluster.directory import queries as directory_queries
from crosscluster.engines.network.analysis import analyse
from crosscluster.engines.network.model import NetworkAnalysis, NetworkInput, Suggestions, TieKind
from crosscluster.engines.network.suggest import graph_from_pairs, suggest_partners
from crosscluster.imports import queries as imports_queries
from crosscluster.marketplace import queries as marketplace_queries
from crosscluster.monitoring import adapters
from crosscluster.monitoring.models import NetworkSnapshot, NetworkTie
from crosscluster.partnerships import queries as partnership_queries

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership


TIES_PAGE_SIZE = 50
SUGGESTIONS_PER_PARTNER = 5


@dataclass(frozen=True)
class NetworkView:
    """The partnership's collaboration network, analysed, with partner suggestions."""

    partnership: Partnership
    network: NetworkInput
    analysis: NetworkAnalysis
    #: organisation id (text) -> directory row (pk, slug, name, country_id, kind, size, sector ...)
    rows: dict[str, dict[str, object]]
    partner_ids: frozenset[str]
    suggestions: tuple[Suggestions, ...]

    def label(self, organisation_id: str) -> str:
        row = self.rows.get(organisation_id)
        return str(row["name"]) if row else organisation_id


@dataclass(frozen=True)
class TieRow:
    source: str
    source_label: str
    target: str
    target_label: str
    kind: str
    tie_class: str
    year: int | None
    reason: str
    reason_parts: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class TiePage:
    rows: tuple[TieRow, ...]
    count: int
    page: int
    pages: int


@dataclass(frozen=True)
class NetworkRead:
    """What the analysis reads: the engine's input and the directory rows of its organisations."""

    partnership: Partnership
    network: NetworkInput
    rows: dict[str, dict[str, object]]
    partner_ids: frozenset[str]


def read_network(*, partnership: Partnership, now: dt.datetime) -> NetworkRead:
    """Organisations of the partnership and everyone they have a tie with, and the ties (useful
    matches, accepted interests, held meetings, agreements, past joint CORDIS projects)."""
    pid = partnership.pk
    partner_ids = partnership_queries.list_partner_organisation_ids(partnership_id=pid)
    memberships = directory_queries.list_membership_pairs(cluster_ids=partner_ids)
    involved = partner_ids | {member for _, member in memberships}
    titles = {
        row["pk"]: str(row["title"])
        for row in marketplace_queries.list_monitoring_opportunity_rows(partnership_id=pid)
    }
    ties = [
        *adapters.match_ties(
            marketplace_queries.list_monitoring_match_rows(partnership_id=pid), titles
        ),
        *adapters.conversation_ties(
            marketplace_queries.list_monitoring_interest_rows(partnership_id=pid), titles
        ),
        *adapters.meeting_ties(
            brokerage_queries.list_monitoring_request_rows(partnership_id=pid), now
        ),
        *adapters.agreement_ties(
            brokerage_queries.list_monitoring_agreement_rows(partnership_id=pid),
            brokerage_queries.list_monitoring_agreement_partner_rows(partnership_id=pid),
            _english_agreement_kinds(),
        ),
    ]
    involved_rows = directory_queries.list_network_organisation_rows(organisation_ids=involved)
    involved_pics = {
        str(row["source_reference"]) for row in involved_rows if row["source"] == "cordis"
    }
    if involved_pics:
        shipped = adapters.read_cordis_projects(settings.DATA_DIR)
        participations = imports_queries.list_cordis_participations(
            pics=involved_pics,
            project_ids=[p.project_id for p in shipped if involved_pics.intersection(p.pics)],
        )
        projects = adapters.with_imported_projects(
            shipped,
            participations,
            imports_queries.map_cordis_project_starts(
                project_ids={project_id for project_id, _, _ in participations}
            ),
        )
        by_pic = directory_queries.map_source_references(
            source="cordis", references=adapters.relevant_pics(projects, involved_pics)
        )
        ties.extend(adapters.project_ties(projects, by_pic, involved))
    others = {int(end) for tie in ties for end in (tie.source, tie.target)} - involved
    rows = involved_rows + directory_queries.list_network_organisation_rows(organisation_ids=others)
    network = adapters.network_input(
        organisation_rows=rows, memberships=memberships, partner_ids=partner_ids, ties=ties
    )
    by_id = {str(row["pk"]): row for row in rows}
    partners = frozenset(str(partner) for partner in partner_ids if str(partner) in by_id)
    return NetworkRead(partnership=partnership, network=network, rows=by_id, partner_ids=partners)


def analyse_network(read: NetworkRead) -> NetworkView:
    """The engine's analysis of what ``read_network`` read, and suggested new partners for each
    partner organisation (the slow part: run by ``jobs.compute_network`` in the background)."""
    analysis = analyse(read.network)
    labels = {key: str(row["name"]) for key, row in read.rows.items()}
    graph = graph_from_pairs(
        ((tie.source, tie.target, 1.0) for tie in read.network.ties), ids=read.rows.keys()
    )
    suggestions = suggest_partners(
        graph, sorted(read.partner_ids), top=SUGGESTIONS_PER_PARTNER, labels=labels
    )
    return NetworkView(
        partnership=read.partnership,
        network=read.network,
        analysis=analysis,
        rows=read.rows,
        partner_ids=read.partner_ids,
        suggestions=tuple(suggestions),
    )


def get_network(*, partnership: Partnership, now: dt.datetime) -> NetworkView:
    """The network analysed now, in this process (what the background job computes; pages and
    the API read the stored snapshot instead, see ``get_network_snapshot``)."""
    return analyse_network(read_network(partnership=partnership, now=now))


def get_network_snapshot(*, partnership: Partnership) -> NetworkSnapshot | None:
    """The stored network of a partnership (without its payload), or None before the first
    computation was asked for."""
    return NetworkSnapshot.objects.defer("payload").filter(partnership=partnership).first()


def get_network_payload(*, partnership: Partnership) -> tuple[bytes, str] | None:
    """The map's gzipped compact payload and its version, or None while none is computed."""
    found = (
        NetworkSnapshot.objects.filter(partnership=partnership)
        .exclude(computed_at=None)
        .values_list("payload", "version")
        .first()
    )
    return (bytes(found[0]), found[1]) if found else None


def list_network_ties(*, partnership: Partnership) -> list[NetworkTie]:
    """Every tie of the stored network, in order (empty before the first computation)."""
    return list(
        NetworkTie.objects.filter(snapshot__partnership=partnership)
        .exclude(snapshot__computed_at=None)
        .order_by("position")
    )


def page_ties(
    *,
    snapshot: NetworkSnapshot | None,
    search: str = "",
    kind: str = "",
    country: str = "",
    organisation: str = "",
    page: int = 1,
) -> TiePage:
    """The stored network's ties as table rows (both ends named), filtered by an organisation's
    name (``search``, case-insensitive, either end), a tie kind, a country (either end) and an
    organisation id (either end). ValueError for an unknown kind."""
    kinds = [choice.value for choice in TieKind]
    if kind and kind not in kinds:
        raise ValueError(gettext("choose one of %(kinds)s") % {"kinds": ", ".join(kinds)})
    if snapshot is None:
        return TiePage(rows=(), count=0, page=1, pages=1)
    found = NetworkTie.objects.filter(snapshot=snapshot)
    if kind:
        found = found.filter(kind=kind)
    if country:
        found = found.filter(Q(source_country=country) | Q(target_country=country))
    if organisation:
        found = found.filter(Q(source_id=organisation) | Q(target_id=organisation))
    needle = search.strip()
    if needle:
        found = found.filter(Q(source_label__icontains=needle) | Q(target_label__icontains=needle))
    count = found.count()
    pages = max(1, -(-count // TIES_PAGE_SIZE))
    page = min(max(page, 1), pages)
    start = (page - 1) * TIES_PAGE_SIZE
    rows = tuple(
        TieRow(
            source=tie.source_id,
            source_label=tie.source_label,
            target=tie.target_id,
            target_label=tie.target_label,
            kind=tie.kind,
            tie_class=tie.tie_class,
            year=tie.year,
            reason=tie.reason,
            reason_parts=tie.reason_parts or {},
        )
        for tie in found.order_by("position")[start : start + TIES_PAGE_SIZE]
    )
    return TiePage(rows=rows, count=count, page=page, pages=pages)


def _english_agreement_kinds() -> dict[str, str]:
    """The agreement kinds' English names: a tie's stored reason is the English of what
    ``wording.tie_reason`` says in the reader's language."""
    with translation.override("en"):
        return brokerage_queries.agreement_kind_labels()
