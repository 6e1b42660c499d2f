"""Organisations already in the directory updated from an imported file (the import's option
"update matched organisations"; ``imports`` runs the check and the import).

For a row matched to an organisation of the directory, every field the file gives (its column
is mapped and the row's cell is not empty) and that differs from the organisation's is changed:
``website``, ``city``, ``nuts_region`` and ``description``, and the tags of each facet the row
lists (``technologies``, ``sectors``, ``services``: the facet's tags are replaced by the row's,
the other facets are left as they are). The name, type, country, size and source are never
changed. An organisation with its own people on the platform (anyone holding a role in it) is
never changed: its people keep its profile (``MatchedOrganisations.kept``, shown at the check).
The check shows the changes (``FieldChange``), the import writes them in its own
transaction (all rows or none) and records each organisation's in the audit log, with the person
who asked for the import as its actor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from crosscluster.accounts.queries import organisation_ids_with_people
from crosscluster.directory.models import Organisation, OrganisationTag, Tag
from crosscluster.directory.services.import_tags import TAG_FIELDS
from crosscluster.directory.services.organisations import search_text_of

#: the organisation's fields an import may update (besides the tags of each facet)
UPDATED_FIELDS = ("website", "city", "nuts_region", "description")
#: at most this many characters of a value are kept in a change shown before the import
SHOWN_CHARACTERS = 300
BATCH = 500


@dataclass(frozen=True)
class FieldChange:
    """One field of a matched organisation as it is, and as the file would make it (tags: the
    facet's labels with their levels, ``Robotics:4; Digital twins:3``)."""

    field: str
    before: str
    after: str

    def as_record(self) -> dict[str, str]:
        return {
            "field": self.field,
            "before": _shortened(self.before),
            "after": _shortened(self.after),
        }


def _shortened(text: str) -> str:
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + "…"


@dataclass(frozen=True)
class _Current:
    values: dict[str, str]
    #: facet -> {tag id: level}
    tags: dict[str, dict[int, int]]


class MatchedOrganisations:
    """The matched organisations' fields and tags, read in batches (not once per row)."""

    def __init__(self, organisation_ids: Iterable[int]) -> None:
        ids = sorted(set(organisation_ids))
        self.current: dict[int, _Current] = {}
        #: matched organisations with their own people: never changed by an import
        self.kept = organisation_ids_with_people(organisation_ids=ids)
        self.labels = dict(Tag.objects.filter(facet__in=TAG_FIELDS).values_list("pk", "label"))
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            rows = Organisation.objects.filter(pk__in=batch).values_list(
                "pk", "website", "city", "nuts_region_id", "description"
            )
            for pk, website, city, region, description in rows:
                self.current[pk] = _Current(
                    values={
                        "website": website,
                        "city": city,
                        "nuts_region": region or "",
                        "description": description,
                    },
                    tags={facet: {} for facet in TAG_FIELDS},
                )
            tags = OrganisationTag.objects.filter(
                organisation_id__in=batch, tag__facet__in=TAG_FIELDS
            ).values_list("organisation_id", "tag__facet", "tag_id", "level")
            for organisation_id, facet, tag, level in tags:
                self.current[organisation_id].tags[facet][tag] = level

    def _tags_text(self, tags: Mapping[int, int]) -> str:
        return "; ".join(
            sorted(f"{self.labels.get(tag, tag)}:{level}" for tag, level in tags.items())
        )

    def changes(
        self, organisation_id: int, values: Mapping[str, object]
    ) -> tuple[FieldChange, ...]:
        """What importing the row (``values`` as the check reads them, ``tags_by_facet`` for the
        facets the row lists) changes on the organisation; () when nothing differs."""
        current = self.current.get(organisation_id)
        if current is None or organisation_id in self.kept:
            return ()
        found = []
        for field in UPDATED_FIELDS:
            after = str(values.get(field) or "")
            if after and after != current.values[field]:
                found.append(FieldChange(field, current.values[field], after))
        given = values.get("tags_by_facet") or {}
        assert isinstance(given, dict)
        for facet in TAG_FIELDS:
            tags = dict(_facet_tags(values, facet))
            if facet in given and tags != current.tags[facet]:
                found.append(
                    FieldChange(facet, self._tags_text(current.tags[facet]), self._tags_text(tags))
                )
        return tuple(found)


def _column(name: str) -> str:
    field = Organisation._meta.get_field(name)
    assert isinstance(field, models.Field)
    assert field.column
    return field.column


def _write_fields(organisations: list[Organisation]) -> None:
    """One prepared UPDATE per organisation (``executemany``): ``bulk_update``'s CASE
    expressions took 2.7 ms an organisation on SQLite (docs/imports.md, "Speed")."""
    quote = connection.ops.quote_name
    names = ("website", "city", "nuts_region", "description", "search_text", "id")
    columns = [quote(_column(name)) for name in names]
    assignments = ", ".join(f"{column} = %s" for column in columns[:-1])
    table = quote(Organisation._meta.db_table)
    sql = f"UPDATE {table} SET {assignments} WHERE {columns[-1]} = %s"  # noqa: S608 - the model's names
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                (o.website, o.city, o.nuts_region_id, o.description, o.search_text, o.pk)
                for o in organisations
            ],
        )


def _facet_tags(values: Mapping[str, object], facet: str) -> list[tuple[int, int]]:
    given = values.get("tags_by_facet") or {}
    assert isinstance(given, dict)
    return list(given.get(facet, []))


def update_matched_organisations(
    updates: Sequence[tuple[int, Mapping[str, object], Sequence[FieldChange]]],
    *,
    actor_id: int | None,
    note: Mapping[str, object],
) -> int:
    """Write the changes (organisation id, the row's values, its changes), inside the caller's
    transaction, and one audit log entry per organisation (``note`` is kept with it, e.g. the
    import's id); returns how many organisations were changed."""
    from auditlog.models import LogEntry

    content_type = ContentType.objects.get_for_model(Organisation)
    for start in range(0, len(updates), BATCH):
        batch = updates[start : start + BATCH]
        organisations = Organisation.objects.in_bulk([pk for pk, _, _ in batch])
        entries: list[LogEntry] = []
        replaced: dict[str, list[tuple[int, Mapping[str, object]]]] = {}
        for pk, values, changes in batch:
            organisation = organisations[pk]
            for change in changes:
                if change.field == "nuts_region":
                    organisation.nuts_region_id = change.after or None
                elif change.field in UPDATED_FIELDS:
                    setattr(organisation, change.field, change.after)
                else:
                    replaced.setdefault(change.field, []).append((pk, values))
            organisation.search_text = search_text_of(organisation)
            entries.append(
                LogEntry(
                    content_type=content_type,
                    object_pk=str(pk),
                    object_id=pk,
                    object_repr=str(organisation)[:200],
                    action=LogEntry.Action.UPDATE,
                    changes={change.field: [change.before, change.after] for change in changes},
                    changes_text="",
                    actor_id=actor_id,
                    additional_data=dict(note),
                )
            )
        _write_fields(list(organisations.values()))
        for facet, rows in replaced.items():
            # the facet's tags replaced by the row's (the other facets stay)
            OrganisationTag.objects.filter(
                organisation_id__in=[pk for pk, _ in rows], tag__facet=facet
            ).delete()
            OrganisationTag.objects.bulk_create(
                OrganisationTag(organisation_id=pk, tag_id=tag, level=level)
                for pk, values in rows
                for tag, level in _facet_tags(values, facet)
            )
        LogEntry.objects.bulk_create(entries)
    return len(updates)
