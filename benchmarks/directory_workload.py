"""A seeded directory at real size: 100,000 organisations, ~300,000 tags, one big partnership.

Names and descriptions are synthetic (this is a load test, not demo data); the vocabulary is real:
ISO 3166 countries (datasets/country-codes), NUTS 2024 regions (Eurostat) and the EDIH taxonomy
(European Commission, EDIH catalogue) with each label drawn as often as hubs declare it.

Run on its own to fill an empty database (to explore the pages at that size)::

    .venv/bin/python benchmarks/directory_workload.py --database-url sqlite:////tmp/bench.sqlite3

Rows go in by batched bulk inserts (``executemany``; ``COPY`` on PostgreSQL), with the search
index's triggers switched off and the index built once at the end by
``services.refresh_search_index`` (about 40 s for 100,000 organisations on a small machine).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

REPOSITORY = Path(__file__).resolve().parent.parent
BATCH = 5000
T = TypeVar("T")

# Shares of organisations per country: EU members weighted roughly by economy, the EEA and
# candidate countries, and a few international ones (partnerships "going international").
COUNTRY_WEIGHTS = {
    "DE": 16, "FR": 12, "IT": 11, "ES": 9, "PL": 6, "NL": 5, "SE": 4, "BE": 4, "AT": 3, "PT": 3,
    "CZ": 3, "DK": 2.5, "FI": 2.5, "IE": 2, "EL": 2, "RO": 2, "HU": 2, "SK": 1.2, "BG": 1.2,
    "HR": 1, "SI": 1, "LT": 0.8, "LV": 0.6, "EE": 0.6, "LU": 0.4, "CY": 0.3, "MT": 0.3,
    "NO": 1.5, "CH": 1.5, "IS": 0.2, "TR": 1.2, "UA": 0.8, "RS": 0.5, "GB": 2, "US": 1, "JP": 0.5,
    "CA": 0.3, "KR": 0.3, "IN": 0.3,
}  # fmt: skip
NUTS_TO_ISO = {"EL": "GR", "UK": "GB"}
EU_MEMBERS = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
}  # fmt: skip
KIND_WEIGHTS = {
    "sme": 62, "large_company": 6, "research": 11, "public_authority": 6, "innovation_hub": 2,
    "other": 12, "cluster": 1,
}  # fmt: skip
LEGAL_FORMS = {
    "DE": "GmbH", "AT": "GmbH", "CH": "AG", "FR": "SAS", "IT": "S.r.l.", "ES": "S.L.",
    "PT": "Lda.", "NL": "B.V.", "BE": "SRL", "SE": "AB", "FI": "Oy", "DK": "ApS", "NO": "AS",
    "PL": "Sp. z o.o.", "CZ": "s.r.o.", "SK": "s.r.o.", "RO": "S.R.L.", "HU": "Kft.",
}  # fmt: skip
SYLLABLES = (
    "nor", "sud", "alp", "bal", "med", "rhe", "dan", "vis", "tek", "mat", "sen", "flo", "gri",
    "lum", "cor", "ver", "ast", "kin", "opt", "pro", "qua", "sol", "tri", "vel", "zen", "mar",
)  # fmt: skip
ROOTS = (
    "tronic", "matic", "vision", "data", "robotics", "sense", "flow", "grid", "works", "labs",
    "systems", "soft", "motion", "logic", "metrics", "fab", "cloud", "twin", "forge", "wave",
)  # fmt: skip
ACTIVITIES = (
    "develops", "integrates", "designs", "supplies", "tests", "operates", "consults on",
    "builds", "maintains", "researches",
)  # fmt: skip
AUDIENCES = (
    "manufacturing SMEs", "food processors", "automotive suppliers", "hospitals", "utilities",
    "logistics operators", "public buyers", "machine builders", "farmers", "retailers",
)  # fmt: skip


@dataclass(frozen=True)
class Workload:
    organisations: int
    tags: int
    memberships: int
    partnership_slug: str
    involved: int
    seconds: float


def find_data(folder: str, name: str) -> Path:
    """The shipped copy (``crosscluster/data``) if there is one, else ``../shared/data``."""
    for root in (
        REPOSITORY / "src" / "crosscluster" / "data",
        REPOSITORY.parent / "shared" / "data",
        Path("/work/shared/data"),
    ):
        path = root / folder / name
        if path.exists():
            return path
    raise FileNotFoundError(f"{folder}/{name}: copy ../shared/data/{folder} into the project.")


def read_csv(folder: str, name: str) -> list[dict[str, str]]:
    with find_data(folder, name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def batches(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(
    cursor: Any, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Batched inserts: ``COPY`` on PostgreSQL, ``executemany`` elsewhere."""
    if cursor.db.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    # Table and column names are this module's constants, never input.
    statement = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    )
    for chunk in batches(rows):
        cursor.executemany(statement, chunk)


def weighted(rng: random.Random, weights: dict[str, float]) -> Callable[[], str]:
    keys = list(weights)
    cumulative: list[float] = []
    total = 0.0
    for key in keys:
        total += weights[key]
        cumulative.append(total)

    def pick() -> str:
        return rng.choices(keys, cum_weights=cumulative)[0]

    return pick


def load_places() -> tuple[dict[str, list[tuple[str, str]]], dict[str, str]]:
    """Countries and NUTS regions into the database; returns regions/cities and capitals."""
    from crosscluster.directory.models import Country, NutsRegion

    countries = []
    capitals = {}
    for row in read_csv("countries", "country-codes.csv"):
        iso2 = row["ISO3166-1-Alpha-2"].strip()
        iso3 = row["ISO3166-1-Alpha-3"].strip()
        if len(iso2) != 2 or len(iso3) != 3:
            continue
        countries.append(
            Country(
                iso2=iso2,
                iso3=iso3,
                name=row["CLDR display name"] or row["official_name_en"] or iso2,
                region=row.get("Region Name", ""),
                is_eu_member=iso2 in EU_MEMBERS,
            )
        )
        capitals[iso2] = row.get("Capital") or row["CLDR display name"] or iso2
    Country.objects.bulk_create(countries, ignore_conflicts=True)
    regions = []
    cities: dict[str, list[tuple[str, str]]] = {}
    for row in read_csv("nuts", "nuts2024_codes.csv"):
        code, level = row["nuts_code"], int(row["nuts_level"])
        regions.append(
            NutsRegion(
                code=code, label=row["nuts_label"].strip(), level=level,
                country_code=row["country_code"],
            )
        )  # fmt: skip
        if level == 3:
            iso2 = NUTS_TO_ISO.get(row["country_code"], row["country_code"])
            cities.setdefault(iso2, []).append((code[:4], row["nuts_label"].strip()))
    NutsRegion.objects.bulk_create(regions, ignore_conflicts=True)
    return cities, capitals


def load_tags() -> dict[str, list[tuple[int, float]]]:
    """The EDIH vocabulary into ``Tag``; returns (tag id, weight) per facet."""
    from django.utils.text import slugify

    from crosscluster.directory.models import Tag

    rows = read_csv("edih", "label_vocabulary.csv")
    Tag.objects.bulk_create(
        [Tag(facet=r["facet"], label=r["label"], slug=slugify(r["label"])[:140]) for r in rows],
        ignore_conflicts=True,
    )
    weights = {(r["facet"], r["label"]): float(r["n_hubs"]) + 1 for r in rows}
    by_facet: dict[str, list[tuple[int, float]]] = {}
    for tag in Tag.objects.all():
        by_facet.setdefault(tag.facet, []).append((tag.pk, weights.get((tag.facet, tag.label), 1)))
    return by_facet


def organisation_name(rng: random.Random, kind: str, iso2: str, city: str, topic: str) -> str:
    brand = (rng.choice(SYLLABLES) + rng.choice(SYLLABLES)).capitalize() + rng.choice(ROOTS)
    if kind == "research":
        return rng.choice(
            [f"{city} Institute of {topic}", f"University of {city}", f"{brand} Research Centre"]
        )
    if kind == "public_authority":
        return rng.choice([f"{city} Regional Development Agency", f"City of {city}"])
    if kind == "innovation_hub":
        return f"{brand} Digital Innovation Hub {city}"
    if kind == "cluster":
        return f"{city} {topic} Cluster"
    return f"{brand} {LEGAL_FORMS.get(iso2, 'Ltd')}"


TEMPLATES = (
    "{name} {activity} {topics} for {audience} in {city}. Founded in {year}, it runs pilots and "
    "training on {last}.",
    "Based in {city}, {name} {activity} {topics}. Its customers are {audience}; its team of "
    "{staff} people also works on {last}.",
    "{name} helps {audience} adopt {topics}. The company was set up in {year} in {city} and "
    "{activity} {last} for clients across Europe.",
    "Research, testing and advice on {topics} for {audience}. {name} ({city}, since {year}) "
    "{activity} {last}.",
)


def build_directory(
    *, organisations: int = 100_000, seed: int = 20250401, partner_clusters: int = 12,
    members_per_partner: int = 450, progress: bool = False,
) -> Workload:  # fmt: skip
    """Fill an empty directory; deterministic for a given seed."""
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from crosscluster.core.text import normalise_for_search
    from crosscluster.directory import search_index
    from crosscluster.directory.models import Organisation, Tag
    from crosscluster.directory.services import refresh_search_index
    from crosscluster.partnerships.models import (
        PartnerRole,
        Partnership,
        PartnershipKind,
        PartnershipMember,
    )

    started = time.perf_counter()
    rng = random.Random(seed)

    def say(message: str) -> None:
        if progress:
            print(f"  {time.perf_counter() - started:6.1f}s {message}", file=sys.stderr)

    cities, capitals = load_places()
    tags_by_facet = load_tags()
    label_of = dict(Tag.objects.values_list("pk", "label"))
    pick_country = weighted(rng, {NUTS_TO_ISO.get(k, k): v for k, v in COUNTRY_WEIGHTS.items()})
    pick_kind = weighted(rng, KIND_WEIGHTS)
    pools = {}
    for facet, pool in tags_by_facet.items():
        cumulative, total = [], 0.0
        for _, weight in pool:
            total += weight
            cumulative.append(total)
        pools[facet] = ([tag_id for tag_id, _ in pool], cumulative)

    def draw(facet: str, mean: float) -> list[int]:
        ids, cumulative = pools[facet]
        count = min(len(ids), max(0, round(rng.gauss(mean, mean / 1.5))))
        chosen: set[int] = set()
        while len(chosen) < count:
            chosen.update(rng.choices(ids, cum_weights=cumulative, k=count - len(chosen)))
        return sorted(chosen)

    first_id = (Organisation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    now = timezone.now()
    organisation_rows: list[tuple[object, ...]] = []
    tag_rows: list[tuple[object, ...]] = []
    kinds: dict[int, str] = {}
    for number in range(organisations):
        organisation_id = first_id + number
        iso2 = pick_country()
        kind = pick_kind()
        kinds[organisation_id] = kind
        region_code, city = (
            rng.choice(cities[iso2]) if iso2 in cities else (None, capitals.get(iso2, iso2))
        )
        plan = draw("technologies", 1.4) + draw("sectors", 1.2) + draw("services", 0.5)
        topic = label_of[plan[0]] if plan else "Industry 4.0"
        name = organisation_name(rng, kind, iso2, city, topic)
        slug = f"{slugify(normalise_for_search(name))[:100]}-{organisation_id}"
        topics = ", ".join(label_of[t].lower() for t in plan[:3]) or "digital transformation"
        description = rng.choice(TEMPLATES).format(
            name=name,
            activity=rng.choice(ACTIVITIES),
            topics=topics,
            audience=rng.choice(AUDIENCES),
            city=city,
            year=rng.randint(1950, 2023),
            staff=rng.randint(3, 400),
            last=label_of[plan[-1]].lower() if plan else "artificial intelligence",
        )
        is_cluster = kind == "cluster"
        status = rng.choice(["provisional", "validated", "validated", "expired"])
        valid_until = {
            "provisional": None,
            "validated": now.date() + dt.timedelta(days=rng.randint(1, 365)),
            "expired": now.date() - dt.timedelta(days=rng.randint(1, 365)),
        }[status]
        organisation_rows.append(
            (
                organisation_id, slug[:120], name, kind, iso2, region_code, city,
                f"https://www.{slug[:40].strip('-')}.example.eu", description,
                rng.choice(["micro", "small", "medium", "large", ""]), "user", "", "",
                normalise_for_search(name, city, description),
                status if is_cluster else "",
                valid_until if is_cluster else None,
                rng.randint(0, 12) if is_cluster else None, now, now,
            )
        )  # fmt: skip
        for tag_id in plan:
            level = rng.choices([1, 2, 3, 4, 5], [1, 2, 4, 3, 1])[0]
            tag_rows.append((organisation_id, tag_id, level, kind, iso2, region_code or ""))
    say(f"{len(organisation_rows):,} organisations generated")

    # One index build after the load is faster than one trigger call per row. The rows above
    # carry their tag copies, so only the full-text index needs building afterwards.
    if connection.vendor == "sqlite":
        search_index.uninstall(connection)  # refresh_search_index() rebuilds it all
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS organisation_search_vector")
            cursor.execute("ALTER TABLE directory_organisationtag DISABLE TRIGGER USER")
        # (The organisation table's triggers are per statement: one pass per COPY.)
    with transaction.atomic(), connection.cursor() as cursor:
        insert_rows(
            cursor,
            "directory_organisation",
            (
                "id", "slug", "name", "kind", "country_id", "nuts_region_id", "city", "website",
                "description", "size", "source", "source_reference", "source_vintage",
                "search_text", "validation_status", "validated_until_date", "management_staff",
                "created_at", "updated_at",
            ),
            organisation_rows,
        )  # fmt: skip
        for statement in connection.ops.sequence_reset_sql(no_style(), [Organisation]):
            cursor.execute(statement)
        say(f"{len(organisation_rows):,} organisations")
        insert_rows(
            cursor,
            "directory_organisationtag",
            (
                "organisation_id", "tag_id", "level", "organisation_kind",
                "organisation_country", "organisation_region",
            ),
            tag_rows,
        )  # fmt: skip
        say(f"{len(tag_rows):,} tags")

        clusters = [pk for pk, kind in kinds.items() if kind == "cluster"]
        others = [pk for pk, kind in kinds.items() if kind != "cluster"]
        partners = clusters[:partner_clusters]
        memberships: list[tuple[int, int]] = []
        for cluster in partners:
            memberships.extend(
                (cluster, member) for member in rng.sample(others, members_per_partner)
            )
        for cluster in clusters[partner_clusters:]:
            memberships.extend(
                (cluster, member) for member in rng.sample(others, rng.randint(10, 90))
            )
        insert_rows(cursor, "directory_clustermembership", ("cluster_id", "member_id"), memberships)
        say(f"{len(memberships):,} cluster memberships")

        partnership = Partnership.objects.create(
            slug="bench-digital-alliance",
            name="Benchmark Digital Industry Alliance",
            acronym="BDIA",
            kind=PartnershipKind.ESCP_4I,
            coordinator_id=partners[0],
            start_date=dt.date(2024, 3, 1),
            duration_months=24,
            summary="A synthetic partnership for load tests.",
        )
        PartnershipMember.objects.bulk_create(
            PartnershipMember(
                partnership=partnership,
                organisation_id=cluster,
                role=PartnerRole.COORDINATOR if index == 0 else PartnerRole.PARTNER,
            )
            for index, cluster in enumerate(partners)
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE directory_organisationtag ENABLE TRIGGER USER")
        search_index.install(connection)
    refresh_search_index()
    say("search index and statistics refreshed")
    involved = len({member for cluster, member in memberships if cluster in set(partners)})
    return Workload(
        organisations=len(organisation_rows),
        tags=len(tag_rows),
        memberships=len(memberships),
        partnership_slug=partnership.slug,
        involved=involved + len(partners),
        seconds=time.perf_counter() - started,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        required=True,
        help="An empty database to fill, e.g. sqlite:////tmp/bench.sqlite3 or "
        "postgres://postgres@127.0.0.1:5432/directory_bench (never the one you work in).",
    )
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20250401)
    args = parser.parse_args(argv)
    os.environ["CROSSCLUSTER_DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crosscluster.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from crosscluster.directory.models import Organisation

    call_command("migrate", verbosity=0)
    if Organisation.objects.exists():
        parser.error(f"{args.database_url} already holds organisations: give an empty database.")
    workload = build_directory(organisations=args.organisations, seed=args.seed, progress=True)
    print(workload)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
