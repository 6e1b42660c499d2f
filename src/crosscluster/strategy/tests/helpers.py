"""Builders for strategy tests and benchmarks: a full JIS made through the services."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from dataclasses import dataclass
from decimal import Decimal

from crosscluster.accounts.models import User
from crosscluster.directory.models import Country, Facet, NutsRegion, Tag
from crosscluster.partnerships.models import (
    PartnerRole,
    Partnership,
    PartnershipCoordinator,
    PartnershipKind,
    PartnershipMember,
)
from crosscluster.strategy import adapters, queries, services
from crosscluster.strategy.models import Strategy
from tests.cast import Cast, make_country, make_user

NOW = dt.datetime(2020, 3, 2, 9, 0, tzinfo=dt.UTC)
FUNDING = "This project has received funding from the European Union's COSME programme."
DISCLAIMER = (
    "The content of this document represents the views of the author only and is his/her sole "
    "responsibility; it cannot be considered to reflect the views of the European Commission."
)
TECHNOLOGIES = (
    ("Artificial Intelligence & Decision support", "artificial-intelligence-decision-support"),
    ("Internet of Things", "internet-of-things"),
    ("Robotics", "robotics"),
    ("Cybersecurity", "cybersecurity"),
)
# Countries the ranking puts on top for partners in France and Germany, outside Europe.
MARKETS = (
    ("KR", "KOR", "South Korea"),  # the CLDR name the directory and the ranking share
    ("SG", "SGP", "Singapore"),
    ("IL", "ISR", "Israel"),
    ("CA", "CAN", "Canada"),
    ("CN", "CHN", "China"),
    ("JP", "JPN", "Japan"),
    ("CH", "CHE", "Switzerland"),
)


def make_tags() -> list[Tag]:
    tags = [
        Tag.objects.get_or_create(facet=Facet.TECHNOLOGY, slug=slug, defaults={"label": label})[0]
        for label, slug in TECHNOLOGIES
    ]
    Tag.objects.get_or_create(
        facet=Facet.SECTOR, slug="automotive", defaults={"label": "Automotive"}
    )
    return tags


def make_market_countries() -> None:
    for iso2, iso3, name in MARKETS:
        Country.objects.get_or_create(
            iso2=iso2, defaults={"iso3": iso3, "name": name, "is_eu_member": False}
        )
    NutsRegion.objects.get_or_create(
        code="FR10", defaults={"label": "Ile-de-France", "level": 2, "country_code": "FR"}
    )


def equal_ranking(partnership: Partnership, *, outside_europe: bool = True) -> dict:
    return queries.get_market_ranking(
        partnership=partnership, options=adapters.RankingOptions(outside_europe=outside_europe)
    )


def identify(partnership: Partnership) -> None:
    partnership.funding_acknowledgement = FUNDING
    partnership.disclaimer = DISCLAIMER
    partnership.save()


def build_jis(
    cast: Cast,
    *,
    offerings: int = 2,
    initiatives: int = 2,
    mechanisms: int = 2,
    actions: int = 3,
    markets: int = 4,
) -> Strategy:
    """A full working copy of the cast's partnership strategy, through the services."""
    partnership = cast.partnership
    user = cast.coordinator
    identify(partnership)
    tags = make_tags()
    make_market_countries()
    services.update_strategy(
        user=user,
        partnership=partnership,
        header=services.StrategyHeader(
            title="Joint Internationalisation Strategy 2020-2023",
            summary="Take the partners' Industry 4.0 offers to four markets beyond Europe.",
            period_start_date=dt.date(2020, 1, 1),
            period_end_date=dt.date(2023, 12, 31),
        ),
    )
    for tag in tags[:3]:
        services.save_technology_domain(
            user=user,
            partnership=partnership,
            data=services.TechnologyDomainInput(
                tag=tag.slug, rationale=f"Partners lead in {tag.label}."
            ),
        )
    for number in range(offerings):
        services.save_offering(
            user=user,
            partnership=partnership,
            data=services.OfferingInput(
                kind="both",
                title=f"Smart factory retrofit kit {number + 1}",
                description="Sensors, edge analytics and a maintenance service for SMEs.",
                contributions={
                    cast.cluster.pk: "Vision systems from its SMEs",
                    cast.other_cluster.pk: "Predictive maintenance software",
                },
            ),
        )
    for kind in ("commercialisation", "internationalisation"):
        for number in range(initiatives):
            services.save_initiative(
                user=user,
                partnership=partnership,
                data=services.InitiativeInput(
                    kind=kind,
                    title=f"{kind.capitalize()} initiative {number + 1}",
                    description="Joint stands, B2B missions and a shared catalogue.",
                    target_group="both",
                ),
            )
    ranking = equal_ranking(partnership)
    chosen = [market["iso3"] for market in ranking["ranking"][:markets]]
    services.choose_priority_markets(
        user=user,
        partnership=partnership,
        choices=[services.MarketChoice(country=code) for code in chosen],
        ranking=ranking,
        now=NOW,
    )
    for number in range(mechanisms):
        services.save_support_mechanism(
            user=user,
            partnership=partnership,
            data=services.SupportMechanismInput(
                kind="funding",
                mechanism=f"Internationalisation vouchers {number + 1}",
                description="Up to EUR 10,000 per SME for market studies.",
                region_code="FR10" if number % 2 == 0 else "",
                authority="Regional Council" if number % 2 else "",
            ),
        )
    strategy = Strategy.objects.get(partnership=partnership)
    snapshot = queries.build_snapshot(partnership=partnership, strategy=strategy)
    keys = [item["key"] for key, items in snapshot["sections"].items() for item in items]
    for number in range(actions):
        services.save_action(
            user=user,
            partnership=partnership,
            data=services.ActionInput(
                title=f"Trade mission {number + 1}",
                owner_id=cast.cluster.pk if number % 2 == 0 else cast.other_cluster.pk,
                start_date=dt.date(2020, 3, 1) + dt.timedelta(days=30 * number),
                end_date=dt.date(2020, 12, 31) + dt.timedelta(days=30 * number),
                budget_line="Travel and events",
                budget_eur=Decimal("25000.00") + number,
                kpis=[
                    services.KpiInput(name="SMEs taking part", target=Decimal(12), unit="SMEs"),
                    services.KpiInput(name="B2B meetings", target=Decimal(60), unit="meetings"),
                ],
                implements=keys[number % len(keys) : number % len(keys) + 2],
            ),
        )
    strategy.refresh_from_db()
    return strategy


def adopt(cast: Cast, note: str = "Adopted by the steering committee") -> Strategy:
    services.move_strategy(
        user=cast.coordinator, partnership=cast.partnership, to="in_review", now=NOW
    )
    return services.move_strategy(
        user=cast.coordinator, partnership=cast.partnership, to="adopted", now=NOW, note=note
    )


@dataclass
class Other:
    partnership: Partnership
    coordinator: User


def make_other_partnership(cast: Cast) -> Other:
    """A second public partnership coordinated by someone outside the cast."""
    partnership = Partnership.objects.create(
        slug="other-alliance",
        name="Other Alliance",
        kind=PartnershipKind.ESCP_4I,
        coordinator=cast.other_cluster,
        start_date=dt.date(2020, 1, 1),
        duration_months=24,
        summary="Another partnership.",
    )
    PartnershipMember.objects.create(
        partnership=partnership, organisation=cast.other_cluster, role=PartnerRole.COORDINATOR
    )
    coordinator = make_user("other.coordinator@example.eu")
    PartnershipCoordinator.objects.create(partnership=partnership, user=coordinator)
    make_country("DE", "DEU", "Germany")
    return Other(partnership=partnership, coordinator=coordinator)


# ---------------------------------------------------------------- reading PDF files


def _objects(pdf: bytes) -> dict[int, bytes]:
    """Object number -> body, from the file and from compressed object streams."""
    objects: dict[int, bytes] = {}
    for match in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", pdf, re.S):
        objects[int(match.group(1))] = match.group(2)
    for number, body in list(objects.items()):
        if b"/ObjStm" not in body:
            continue
        data = _stream(body)
        count = int(re.search(rb"/N (\d+)", body).group(1))  # type: ignore[union-attr]
        first = int(re.search(rb"/First (\d+)", body).group(1))  # type: ignore[union-attr]
        header = data[:first].split()
        offsets = [(int(header[2 * i]), int(header[2 * i + 1])) for i in range(count)]
        for index, (inner, offset) in enumerate(offsets):
            end = offsets[index + 1][1] if index + 1 < count else len(data) - first
            objects[inner] = data[first + offset : first + end]
        del objects[number]
    return objects


def _stream(body: bytes) -> bytes:
    match = re.search(rb"stream\r?\n(.*)\r?\nendstream", body, re.S)
    if match is None:
        return b""
    raw = match.group(1)
    return zlib.decompress(raw) if b"/FlateDecode" in body else raw


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for source, target in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(source, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, target in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            start = int(target, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def pdf_text(pdf: bytes) -> str:
    """The text a PDF written by WeasyPrint shows, through its fonts' ToUnicode maps (enough
    to check content in tests: no layout, text runs joined with spaces)."""
    return " ".join(pdf_runs(pdf))


def pdf_runs(pdf: bytes) -> list[str]:
    """The PDF's text runs in the order they are drawn: WeasyPrint draws each line of a text
    (each piece of a word broken across lines, with its hyphen if it has one) as one run."""
    objects = _objects(pdf)
    fonts: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        for name, reference in re.findall(rb"/([A-Za-z0-9+_-]+) (\d+) 0 R", body):
            font = objects.get(int(reference), b"")
            unicode_map = re.search(rb"/ToUnicode (\d+) 0 R", font)
            if b"/Type /Font" in font and unicode_map:
                fonts[name] = _cmap(_stream(objects[int(unicode_map.group(1))]))
    runs: list[str] = []
    for body in objects.values():
        if b"stream" not in body or b"/Length1" in body:
            continue
        content = _stream(body)
        if b" Tf" not in content:
            continue
        current: dict[int, str] = {}
        for token in re.finditer(
            rb"/([A-Za-z0-9+_-]+) [\d.]+ Tf|\[(.*?)\] TJ|<([0-9a-fA-F]*)> Tj", content, re.S
        ):
            if token.group(1):
                current = fonts.get(token.group(1), {})
                continue
            hexes = re.findall(rb"<([0-9a-fA-F]*)>", token.group(2) or b"<" + token.group(3) + b">")
            text = ""
            for chunk in hexes:
                for index in range(0, len(chunk), 4):
                    text += current.get(int(chunk[index : index + 4], 16), "")
            runs.append(text)
    return runs


def pdf_titles(pdf: bytes) -> list[str]:
    """Bookmark (outline) titles and the document title, decoded."""
    titles = []
    for body in _objects(pdf).values():
        for literal, hexa in re.findall(
            rb"/Title\s*(?:\(((?:\\.|[^\\)])*)\)|<([0-9a-fA-F]+)>)", body
        ):
            if hexa:
                raw = bytes.fromhex(hexa.decode())
                titles.append(
                    raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
                )
            else:
                titles.append(re.sub(rb"\\(.)", rb"\1", literal).decode("latin-1"))
    return titles


def pdf_page_count(pdf: bytes) -> int:
    for body in _objects(pdf).values():
        if b"/Type /Pages" in body:
            return int(re.search(rb"/Count (\d+)", body).group(1))  # type: ignore[union-attr]
    return 0
