"""What makes directory search fast, kept current by the database itself.

Two structures, one implementation per database engine, installed by migration 0002:

1. **Full text** over ``Organisation.search_text`` (the lower-cased, accent-free name, city and
   description; ``crosscluster.core.text.normalise_for_search``).
   - SQLite: an FTS5 table ``directory_organisation_search`` with external content (the
     organisation table), kept current by triggers on insert, update and delete.
   - PostgreSQL: a narrow table ``directory_organisation_search`` (id, kind, country, region and
     ``search_vector`` = ``to_tsvector('simple', search_text)``) with a GIN index, kept current
     by statement-level triggers (insert, update, delete, truncate): a broad text match and its
     type/country/region counts never read the wide organisation rows. A covering index
     ``(id) INCLUDE (kind, country_id, nuts_region_id)`` does the same for tag filters.
2. **Facet copies** on ``OrganisationTag``: the organisation's kind, country and NUTS region, so
   that tag counts under country/type/region filters need no join. Triggers fill them when a tag
   row is inserted and follow the organisation when its kind, country or region changes.

A bulk loader therefore only has to fill ``search_text`` (``bulk_create`` fires the triggers).
``services.refresh_search_index()`` re-installs whatever is missing (SQLite drops a table's
triggers when a migration rebuilds the table), re-reads everything if it was, and refreshes the
planner's statistics.

Queries: a text is split into words; common words ("the", "und", "de") are ignored; every
remaining word must occur; words of three characters or more also match as prefixes ("robot"
finds "robotics"), and long words lose a common ending first ("robotics" finds "Robotik").
"""

from __future__ import annotations

import csv
import functools
import re
from importlib import resources
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper

from crosscluster.core.text import normalise_for_search

FTS_TABLE = "directory_organisation_search"
MAX_TERMS = 8
PREFIX_MIN_LENGTH = 3

# Function words of the EU's most used languages; searching for them finds nearly everything.
STOP_WORDS = frozenset(
    [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "in", "is", "its",
        "of", "on", "or", "that", "the", "their", "this", "to", "was", "were", "will", "with", "aber",
        "als", "am", "an", "auf", "aus", "bei", "das", "dem", "den", "der", "des", "die", "ein",
        "eine", "einer", "im", "ist", "mit", "nicht", "oder", "sich", "sind", "und", "von", "vom",
        "zu", "zum", "zur", "au", "aux", "avec", "ce", "ces", "dans", "du", "des", "elle", "en",
        "est", "et", "il", "la", "le", "les", "leur", "ou", "par", "pas", "pour", "qui", "se", "son",
        "sur", "un", "une", "al", "alla", "che", "con", "da", "dei", "del", "della", "di", "e", "gli",
        "i", "il", "nel", "per", "sono", "una", "el", "ella", "las", "los", "por", "que", "su", "y",
        "een", "het", "van", "voor", "op", "te", "om", "ze", "och", "att", "det", "som", "pa", "af",
        "og", "er", "for", "til",
    ]
)  # fmt: skip

# Subqueries and conditions for queries.py (the terms go in as the one parameter).
SQLITE_MATCHING_IDS = (
    "SELECT rowid FROM directory_organisation_search WHERE directory_organisation_search MATCH %s"
)
SQLITE_MATCHING_PROBE = (
    "+directory_organisation.id IN (SELECT rowid FROM directory_organisation_search "
    "WHERE directory_organisation_search MATCH %s)"
)
POSTGRES_TAGS_OF_MATCHES = (
    '"directory_organisationtag"."organisation_id" = ANY(ARRAY('
    "SELECT id FROM directory_organisation_search "
    "WHERE search_vector @@ to_tsquery('simple'::regconfig, %s)))"
)
POSTGRES_TEXT_CONDITION = "search_vector @@ to_tsquery('simple'::regconfig, %s)"
POSTGRES_MATCHING_IDS = (
    "SELECT id FROM directory_organisation_search "
    "WHERE search_vector @@ to_tsquery('simple'::regconfig, %s)"
)

SQLITE_INSTALL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS directory_organisation_search USING fts5(
        search_text,
        content='directory_organisation',
        content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER IF NOT EXISTS directory_organisation_search_insert
        AFTER INSERT ON directory_organisation BEGIN
        INSERT INTO directory_organisation_search(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS directory_organisation_search_delete
        AFTER DELETE ON directory_organisation BEGIN
        INSERT INTO directory_organisation_search(directory_organisation_search, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS directory_organisation_search_update
        AFTER UPDATE OF search_text ON directory_organisation
        WHEN old.search_text IS NOT new.search_text BEGIN
        INSERT INTO directory_organisation_search(directory_organisation_search, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
        INSERT INTO directory_organisation_search(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS directory_organisationtag_copy_insert
        AFTER INSERT ON directory_organisationtag BEGIN
        UPDATE directory_organisationtag
            SET (organisation_kind, organisation_country, organisation_region) = (
                SELECT kind, country_id, coalesce(nuts_region_id, '')
                FROM directory_organisation WHERE id = new.organisation_id)
            WHERE id = new.id;
    END""",
    """CREATE TRIGGER IF NOT EXISTS directory_organisationtag_copy_update
        AFTER UPDATE OF organisation_id ON directory_organisationtag BEGIN
        UPDATE directory_organisationtag
            SET (organisation_kind, organisation_country, organisation_region) = (
                SELECT kind, country_id, coalesce(nuts_region_id, '')
                FROM directory_organisation WHERE id = new.organisation_id)
            WHERE id = new.id;
    END""",
    """CREATE TRIGGER IF NOT EXISTS directory_organisation_copy_to_tags
        AFTER UPDATE OF kind, country_id, nuts_region_id ON directory_organisation
        WHEN old.kind IS NOT new.kind OR old.country_id IS NOT new.country_id
            OR old.nuts_region_id IS NOT new.nuts_region_id BEGIN
        UPDATE directory_organisationtag
            SET organisation_kind = new.kind, organisation_country = new.country_id,
                organisation_region = coalesce(new.nuts_region_id, '')
            WHERE organisation_id = new.id;
    END""",
]
SQLITE_TRIGGERS = (
    "directory_organisation_search_insert",
    "directory_organisation_search_delete",
    "directory_organisation_search_update",
    "directory_organisationtag_copy_insert",
    "directory_organisationtag_copy_update",
    "directory_organisation_copy_to_tags",
)
SQLITE_UNINSTALL = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS),
    "DROP TABLE IF EXISTS directory_organisation_search",
]

POSTGRES_INSTALL = [
    # The text index: a narrow table (id, kind, country, region, tsvector) so that a broad match
    # and its type/country/region counts read a few MB, not the wide organisation rows;
    # statement-level triggers keep bulk loads fast.
    """CREATE TABLE IF NOT EXISTS directory_organisation_search (
        id bigint PRIMARY KEY,
        kind varchar(20) NOT NULL,
        country_id varchar(2) NOT NULL,
        nuts_region_id varchar(5),
        search_vector tsvector NOT NULL
    )""",
    """CREATE INDEX IF NOT EXISTS organisation_search_vector
        ON directory_organisation_search USING gin (search_vector)""",
    # Country, type and region of organisations found by a tag filter, without their rows.
    """CREATE INDEX IF NOT EXISTS organisation_facets_by_id
        ON directory_organisation (id) INCLUDE (kind, country_id, nuts_region_id)""",
    """CREATE OR REPLACE FUNCTION directory_organisation_search_insert() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO directory_organisation_search
                    (id, kind, country_id, nuts_region_id, search_vector)
                SELECT id, kind, country_id, nuts_region_id,
                       to_tsvector('simple'::regconfig, search_text)
                FROM inserted
                ON CONFLICT (id) DO UPDATE SET
                    kind = EXCLUDED.kind, country_id = EXCLUDED.country_id,
                    nuts_region_id = EXCLUDED.nuts_region_id,
                    search_vector = EXCLUDED.search_vector;
            RETURN NULL;
        END $$""",
    """CREATE OR REPLACE TRIGGER directory_organisation_search_insert
        AFTER INSERT ON directory_organisation REFERENCING NEW TABLE AS inserted
        FOR EACH STATEMENT EXECUTE FUNCTION directory_organisation_search_insert()""",
    """CREATE OR REPLACE FUNCTION directory_organisation_search_update() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE directory_organisation_search AS search
                SET kind = changed.kind, country_id = changed.country_id,
                    nuts_region_id = changed.nuts_region_id,
                    search_vector = CASE
                        WHEN changed.search_text IS DISTINCT FROM previous.search_text
                        THEN to_tsvector('simple'::regconfig, changed.search_text)
                        ELSE search.search_vector END
                FROM changed JOIN previous ON previous.id = changed.id
                WHERE search.id = changed.id
                    AND (changed.search_text IS DISTINCT FROM previous.search_text
                         OR changed.kind IS DISTINCT FROM previous.kind
                         OR changed.country_id IS DISTINCT FROM previous.country_id
                         OR changed.nuts_region_id IS DISTINCT FROM previous.nuts_region_id);
            RETURN NULL;
        END $$""",
    """CREATE OR REPLACE TRIGGER directory_organisation_search_update
        AFTER UPDATE ON directory_organisation
        REFERENCING OLD TABLE AS previous NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION directory_organisation_search_update()""",
    """CREATE OR REPLACE FUNCTION directory_organisation_search_delete() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM directory_organisation_search WHERE id IN (SELECT id FROM deleted);
            RETURN NULL;
        END $$""",
    """CREATE OR REPLACE TRIGGER directory_organisation_search_delete
        AFTER DELETE ON directory_organisation REFERENCING OLD TABLE AS deleted
        FOR EACH STATEMENT EXECUTE FUNCTION directory_organisation_search_delete()""",
    """CREATE OR REPLACE FUNCTION directory_organisation_search_truncate() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            TRUNCATE directory_organisation_search;
            RETURN NULL;
        END $$""",
    """CREATE OR REPLACE TRIGGER directory_organisation_search_truncate
        AFTER TRUNCATE ON directory_organisation
        FOR EACH STATEMENT EXECUTE FUNCTION directory_organisation_search_truncate()""",
    # The tag rows' copies of kind, country and region.
    """CREATE OR REPLACE FUNCTION directory_organisationtag_copy() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            SELECT kind, country_id, coalesce(nuts_region_id, '')
                INTO NEW.organisation_kind, NEW.organisation_country, NEW.organisation_region
                FROM directory_organisation WHERE id = NEW.organisation_id;
            RETURN NEW;
        END $$""",
    """CREATE OR REPLACE TRIGGER directory_organisationtag_copy
        BEFORE INSERT OR UPDATE OF organisation_id ON directory_organisationtag
        FOR EACH ROW EXECUTE FUNCTION directory_organisationtag_copy()""",
    """CREATE OR REPLACE FUNCTION directory_organisation_copy_to_tags() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE directory_organisationtag
                SET organisation_kind = NEW.kind, organisation_country = NEW.country_id,
                    organisation_region = coalesce(NEW.nuts_region_id, '')
                WHERE organisation_id = NEW.id;
            RETURN NULL;
        END $$""",
    """CREATE OR REPLACE TRIGGER directory_organisation_copy_to_tags
        AFTER UPDATE OF kind, country_id, nuts_region_id ON directory_organisation
        FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind
            OR OLD.country_id IS DISTINCT FROM NEW.country_id
            OR OLD.nuts_region_id IS DISTINCT FROM NEW.nuts_region_id)
        EXECUTE FUNCTION directory_organisation_copy_to_tags()""",
]
POSTGRES_TRIGGERS = (
    "directory_organisation_search_insert",
    "directory_organisation_search_update",
    "directory_organisation_search_delete",
    "directory_organisation_search_truncate",
    "directory_organisationtag_copy",
    "directory_organisation_copy_to_tags",
)
POSTGRES_UNINSTALL = [
    *(
        f"DROP TRIGGER IF EXISTS {name} ON directory_organisation"
        for name in POSTGRES_TRIGGERS
        if name != "directory_organisationtag_copy"
    ),
    "DROP TRIGGER IF EXISTS directory_organisationtag_copy ON directory_organisationtag",
    *(f"DROP FUNCTION IF EXISTS {name}()" for name in POSTGRES_TRIGGERS),
    "DROP INDEX IF EXISTS organisation_facets_by_id",
    "DROP TABLE IF EXISTS directory_organisation_search",
]
POSTGRES_REBUILD_TEXT = """INSERT INTO directory_organisation_search
        (id, kind, country_id, nuts_region_id, search_vector)
    SELECT id, kind, country_id, nuts_region_id, to_tsvector('simple'::regconfig, search_text)
    FROM directory_organisation"""

# Re-derive every copy from the source rows (after a load with the triggers switched off).
REFRESH_COPIES = """UPDATE directory_organisationtag
    SET (organisation_kind, organisation_country, organisation_region) = (
        SELECT kind, country_id, coalesce(nuts_region_id, '')
        FROM directory_organisation WHERE id = directory_organisationtag.organisation_id)"""


def search_terms(query: str) -> list[str]:
    """The words of a query that narrow the search, normalised like ``search_text``."""
    words = re.findall(r"[^\W_]+", normalise_for_search(query))
    return [word for word in dict.fromkeys(words) if word not in STOP_WORDS][:MAX_TERMS]


@functools.cache
def place_names() -> dict[str, tuple[str, ...]]:
    """Normalised city name -> the other names of the same city (``munich`` -> ``munchen``), from
    the shipped ``data/places/city-names.csv`` (see its SOURCE.md). Multi-word names are left
    out: a search term is one word."""
    path = Path(str(resources.files("crosscluster").joinpath("data", "places", "city-names.csv")))
    groups: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names = {normalise_for_search(row["english"]), normalise_for_search(row["native"])}
            names = {name for name in names if " " not in name}
            for name in names:
                groups.setdefault(name, set()).update(names)
    return {name: tuple(sorted(group - {name})) for name, group in groups.items() if group - {name}}


# Endings stripped from a word so that it matches its other forms, and its neighbours in the other
# languages, as a prefix: "robotics", "Robotik", "robotique", "robótica" -> robot* (robot, robots,
# robotic, Robotik...), "manufacturing" -> manufactur*, "energy" -> energ* (energia, Energie). Longest first; only when at least STEM_MIN_LENGTH letters remain.
SUFFIXES = (
    *("ations", "ation", "ique", "ings", "ics", "ica", "ika", "ies", "ers", "ing"),
    *("ia", "ic", "ik", "es", "er", "ed", "s", "y"),
)
STEM_MIN_LENGTH = 5


def stem(term: str) -> str:
    """A light stemmer for every language of the data: the word without one common ending, so the
    prefix match finds its other forms. Not a dictionary stemmer: it only ever widens a match."""
    for suffix in SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= STEM_MIN_LENGTH:
            return term[: -len(suffix)]
    return term


def alternatives(term: str) -> tuple[str, ...]:
    """The term's stem and the other names of the same place (``munich``, ``munchen``)."""
    return tuple(dict.fromkeys((stem(term), *place_names().get(term, ()))))


def _sqlite_term(term: str) -> str:
    return f'"{term}"*' if len(term) >= PREFIX_MIN_LENGTH else f'"{term}"'


def _postgres_term(term: str) -> str:
    return f"{term}:*" if len(term) >= PREFIX_MIN_LENGTH else term


def sqlite_match_expression(terms: list[str]) -> str:
    """An FTS5 MATCH expression: every term, quoted; long terms as prefixes; a city's other
    names as alternatives (``("munich"* OR "munchen"*)``)."""
    parts = []
    for term in terms:
        names = [_sqlite_term(name) for name in alternatives(term)]
        parts.append(names[0] if len(names) == 1 else f"({' OR '.join(names)})")
    # FTS5 reads juxtaposed phrases as AND, but a group needs the word.
    return (" AND " if any(part.startswith("(") for part in parts) else " ").join(parts)


def postgres_tsquery(terms: list[str]) -> str:
    """A ``to_tsquery('simple', ...)`` text: every term; long terms as prefixes; a city's other
    names as alternatives."""
    parts = []
    for term in terms:
        names = [_postgres_term(name) for name in alternatives(term)]
        parts.append(names[0] if len(names) == 1 else f"({' | '.join(names)})")
    return " & ".join(parts)


def _execute(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: BaseDatabaseWrapper) -> None:
    """Create what is missing (idempotent)."""
    _execute(
        connection,
        {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL}.get(connection.vendor, []),
    )


def uninstall(connection: BaseDatabaseWrapper) -> None:
    """Drop the index and the triggers, e.g. before a very large bulk load (then ``rebuild``)."""
    _execute(
        connection,
        {"sqlite": SQLITE_UNINSTALL, "postgresql": POSTGRES_UNINSTALL}.get(connection.vendor, []),
    )


def rebuild(connection: BaseDatabaseWrapper) -> None:
    """Install, then re-read every organisation into the index and the tag copies."""
    install(connection)
    statements = [REFRESH_COPIES]
    if connection.vendor == "postgresql":
        statements = ["TRUNCATE directory_organisation_search", POSTGRES_REBUILD_TEXT, *statements]
    if connection.vendor == "sqlite":
        statements.append(
            "INSERT INTO directory_organisation_search(directory_organisation_search) "
            "VALUES ('rebuild')"
        )
    _execute(connection, statements)


def is_installed(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            triggers = {name for (name,) in cursor.fetchall()}
            return triggers >= set(SQLITE_TRIGGERS)
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            triggers = {name for (name,) in cursor.fetchall()}
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname IN "
                "('organisation_search_vector', 'organisation_facets_by_id')"
            )
            return triggers >= set(POSTGRES_TRIGGERS) and cursor.fetchone()[0] == 2
    return True
