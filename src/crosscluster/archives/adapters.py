"""Archive rows back into ORM rows: import a partnership archive, all or nothing.

This is the one module that writes an archive's rows (``services`` and the background
``jobs`` call it; it sits below both so the worker can run it).

Rows are created model by model in the catalogue's order (a model after those it points at),
with new ids; a ``ref`` in the archive is mapped to the new id as rows are created. Reference
data (countries, NUTS regions, tags, focus areas) must already be here and is never written.
Organisations are matched to the directory's own by their natural keys, as ``imports`` matches
them: the same source and source reference (a CORDIS PIC), else the same name (compared
without case, accents, punctuation or legal form) in the same country; a matched organisation
is used as it is (never changed, its tags left alone), an unmatched one is created. People
become placeholder accounts that cannot sign in (one per pseudonym). Times are kept as
archived, including the ones Django sets by itself (``auto_now``).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_slug
from django.db import models, transaction
from django.utils.translation import gettext_noop

from crosscluster.archives import catalogue, files
from crosscluster.core import stored_text
from crosscluster.core.text import unique_slug
from crosscluster.directory import queries as directory_queries

#: domain of the placeholder accounts' addresses (``.invalid`` never receives mail)
PLACEHOLDER_DOMAIN = "archive.invalid"


class ArchiveImportError(ValidationError):
    """The archive cannot be imported here; nothing was written. The message names the fix,
    in the active language; ``stored`` keeps it for a reader who reads it later in theirs
    (``core.stored_text``: the worker stores it on the import)."""

    stored: str


def _error(field: str, message: str, /, **values: object) -> ArchiveImportError:
    """``message``: a catalogue string marked with ``gettext_noop``, with its ``values``."""
    return _stored_error(field, stored_text.store(message, **values))


def _stored_error(field: str, stored: str) -> ArchiveImportError:
    """The error worded in the active language, ``stored`` kept for a later reader."""
    error = ArchiveImportError({field: [stored_text.word(stored)]})
    error.stored = stored
    return error


def describe_error(error: ValidationError) -> str:
    """``field: message`` lines of an import error (the command line prints them)."""
    return "\n".join(
        f"{field}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    )


def python_value(field: models.Field, value: object) -> object:
    if value is None or isinstance(field, models.JSONField):
        return value
    return field.to_python(value)


class _Importer:
    def __init__(self, archive: Mapping[str, Any], stored: Mapping[str, bytes], slug: str) -> None:
        self.archive = archive
        self.stored = stored
        self.slug = slug
        self.scope = catalogue.archive_scope()
        #: label -> ref -> the new (or matched) row's pk
        self.ids: dict[str, dict[int, Any]] = {}
        self.people: dict[str, Any] = {}
        self.reference: dict[str, dict[Any, Any]] = {}
        self.matched_organisations = 0
        self.created_organisations: set[int] = set()
        #: files written to the storage, removed again when the import fails
        self.saved_files: list[tuple[Any, str]] = []
        #: rows whose many-to-many links are written once every row is created
        self.to_link: list[tuple[str, type[models.Model], list[Any], list[models.Model]]] = []

    # ----------------------------------------------------------------- pointers

    def reference_pk(self, label: str, key: object) -> Any:
        """The pk of a reference row named by its natural key, or an error naming the fix."""
        if label not in self.reference:
            model = apps.get_model(label)
            keys = catalogue.REFERENCE_KEYS[label]
            self.reference[label] = {
                (tuple(row[1:]) if len(keys) > 1 else row[1]): row[0]
                for row in model.objects.values_list("pk", *keys)
            }
        lookup = tuple(key) if isinstance(key, list) else key
        if lookup not in self.reference[label]:
            raise _error(
                "models",
                gettext_noop(
                    "%(model)s %(key)r is not in this instance's reference data: load the "
                    "reference data (countries, NUTS regions, the EDIH taxonomy) first, e.g. "
                    "with `crosscluster seed_demo`, then import again."
                ),
                model=label,
                key=str(key),
            )
        return self.reference[label][lookup]

    def pointer(self, label: str, field: str, target: str, value: object) -> Any:
        if value is None:
            return None
        if target == catalogue.people_label():
            if value not in self.people:
                raise _error(
                    "people",
                    gettext_noop("%(field)s names %(value)r, which is not in `people`."),
                    field=f"{label}.{field}",
                    value=str(value),
                )
            return self.people[str(value)]
        if target in catalogue.REFERENCE_KEYS:
            return self.reference_pk(target, value)
        try:
            return self.ids[target][int(value)]  # type: ignore[call-overload]
        except (KeyError, TypeError, ValueError):
            raise _error(
                "models",
                gettext_noop(
                    "%(field)s points at %(target)s ref %(value)r, which the archive does not "
                    "hold: export the partnership again."
                ),
                field=f"{label}.{field}",
                target=target,
                value=str(value),
            ) from None

    # ----------------------------------------------------------------- rows

    def build(self, label: str, row: Mapping[str, Any]) -> models.Model:
        model = apps.get_model(label)
        values: dict[str, object] = {}
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            if field.name not in row:
                if field.has_default() or field.null:
                    # an archive of an earlier version, made before the field existed: it
                    # takes the field's default (or stays empty), as the migration gave the
                    # rows that were here then
                    continue
                raise _error(
                    "models",
                    gettext_noop(
                        "%(model)s ref %(ref)s: the field %(field)r is missing. Export the "
                        "partnership again with this version."
                    ),
                    model=label,
                    ref=str(row.get("ref")),
                    field=field.name,
                )
            value = row[field.name]
            if field.is_relation and field.related_model is not None:
                target = catalogue.label_of(field.related_model)
                values[field.attname] = self.pointer(label, field.name, target, value)
            elif isinstance(field, models.FileField):
                values[field.attname] = self.save_file(field, value)
            else:
                try:
                    values[field.attname] = python_value(field, value)
                except ValidationError as error:
                    raise _error(
                        "models",
                        gettext_noop(
                            "%(model)s ref %(ref)s: %(field)s %(value)r is not valid "
                            "(%(problem)s). Export the partnership again."
                        ),
                        model=label,
                        ref=str(row.get("ref")),
                        field=field.name,
                        value=str(value),
                        problem=" ".join(error.messages),
                    ) from None
        if label == catalogue.PARTNERSHIP:
            values["slug"] = self.slug
        return model(**values)

    def save_file(self, field: models.FileField, value: object) -> str:
        if value is None:
            return ""
        described = dict(value)  # type: ignore[call-overload]
        path = described.get("file")
        if path is None or path not in self.stored:
            raise _error(
                "file",
                gettext_noop(
                    "The archive names %(name)r but does not hold it: export the partnership again."
                ),
                name=str(path or described.get("name")),
            )
        name = field.storage.save(str(described["name"]), ContentFile(self.stored[path]))
        self.saved_files.append((field.storage, name))
        return str(name)

    def create(self, label: str, rows: list[Mapping[str, Any]]) -> None:
        model = apps.get_model(label)
        built = [self.build(label, row) for row in rows]
        automatic = [
            field
            for field in model._meta.concrete_fields
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        ]
        kept = [{f.attname: getattr(obj, f.attname) for f in automatic} for obj in built]
        model.objects.bulk_create(built, batch_size=500)
        if automatic and built:
            for obj, values in zip(built, kept, strict=True):
                for name, value in values.items():
                    setattr(obj, name, value)
            model.objects.bulk_update(built, [f.name for f in automatic], batch_size=500)
        self.ids[label] = {int(row["ref"]): obj.pk for row, obj in zip(rows, built, strict=True)}
        self.to_link.append((label, model, rows, built))

    def link(
        self,
        label: str,
        model: type[models.Model],
        rows: list[Mapping[str, Any]],
        built: list[models.Model],
    ) -> None:
        for field in catalogue.many_to_many(model):
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            target_label = catalogue.label_of(field.related_model)
            links = [
                through(  # type: ignore[misc]
                    **{
                        f"{source}_id": obj.pk,
                        f"{target}_id": self.pointer(label, field.name, target_label, value),
                    }
                )
                for row, obj in zip(rows, built, strict=True)
                for value in row.get(field.name, [])
            ]
            through.objects.bulk_create(links, batch_size=1000)  # type: ignore[union-attr]

    # ----------------------------------------------------------------- organisations

    def organisations(self, rows: list[Mapping[str, Any]]) -> None:
        """Match each organisation to the directory's, or create it (with a free slug)."""
        model = apps.get_model(catalogue.ORGANISATION)
        countries = {self.reference_pk("directory.Country", row["country"]) for row in rows}
        by_source: dict[tuple[str, str], Any] = {}
        by_name: dict[tuple[str, str], Any] = {}
        for pk, name, country, source, reference in model.objects.filter(
            country_id__in=countries
        ).values_list("pk", "name", "country_id", "source", "source_reference"):
            if reference:
                by_source.setdefault((source, reference), pk)
            by_name.setdefault((directory_queries.normalised_name(name), country), pk)
        taken = set(model.objects.values_list("slug", flat=True))
        # one directory organisation stands for at most one archived organisation: source
        # references first (exact), then names for the rest
        matched: dict[int, Any] = {}
        claimed: set[Any] = set()
        for row in rows:
            if row.get("source_reference"):
                found = by_source.get((row["source"], row["source_reference"]))
                if found is not None and found not in claimed:
                    matched[int(row["ref"])] = found
                    claimed.add(found)
        for row in rows:
            if int(row["ref"]) in matched:
                continue
            country = self.reference_pk("directory.Country", row["country"])
            found = by_name.get((directory_queries.normalised_name(row["name"]), country))
            if found is not None and found not in claimed:
                matched[int(row["ref"])] = found
                claimed.add(found)
        new_rows: list[Mapping[str, Any]] = []
        for row in rows:
            if int(row["ref"]) in matched:
                continue
            slug = row["slug"] if row["slug"] not in taken else unique_slug(row["name"], taken)
            taken.add(slug)
            new_rows.append({**row, "slug": slug})
        self.create(catalogue.ORGANISATION, new_rows)
        self.created_organisations = set(self.ids[catalogue.ORGANISATION])
        self.ids[catalogue.ORGANISATION].update(matched)
        self.matched_organisations = len(matched)

    def organisation_parts(self, label: str, rows: list[Mapping[str, Any]]) -> None:
        """Tags only of the organisations created here; memberships of the partner clusters
        where they are not already."""
        if label == "directory.OrganisationTag":
            rows = [row for row in rows if int(row["organisation"]) in self.created_organisations]
        model = apps.get_model(label)
        built = [self.build(label, row) for row in rows]
        model.objects.bulk_create(built, batch_size=1000, ignore_conflicts=True)

    def shared_catalogue(self, label: str, rows: list[Mapping[str, Any]]) -> None:
        """A partnership's own rows are created; a shared one (no partnership) is matched by its
        key, or created when this instance has none of that key."""
        model = apps.get_model(label)
        keys = catalogue.SHARED_CATALOGUES[label]
        existing = {
            tuple(row[1:]): row[0]
            for row in model.objects.filter(partnership__isnull=True).values_list("pk", *keys)
        }
        to_create = []
        matched: dict[int, Any] = {}
        for row in rows:
            key = tuple(row[name] for name in keys)
            if row.get("partnership") is None and all(key) and key in existing:
                matched[int(row["ref"])] = existing[key]
            else:
                to_create.append(row)
        self.create(label, to_create)
        self.ids[label].update(matched)

    # ----------------------------------------------------------------- whole

    def make_people(self) -> None:
        user_model = get_user_model()
        token = secrets.token_hex(4)
        for pseudonym in self.archive.get("people", []):
            person = user_model(
                email=f"{pseudonym}.{self.slug}.{token}@{PLACEHOLDER_DOMAIN}",
                full_name=str(pseudonym),
                is_active=False,
            )
            person.set_unusable_password()
            person.save()
            self.people[str(pseudonym)] = person.pk

    def run(self) -> Any:
        known = set(self.scope.order)
        unknown = sorted(set(self.archive["models"]) - known)
        if unknown:
            raise _error(
                "models",
                gettext_noop(
                    "The archive holds %(models)s, which this instance does not have: upgrade "
                    "crosscluster here to the version that exported it."
                ),
                models=", ".join(unknown),
            )
        self.make_people()
        for label in self.scope.order:
            rows = list(self.archive["models"].get(label, []))
            if label == catalogue.ORGANISATION:
                self.organisations(rows)
            elif label in catalogue.ORGANISATION_PARTS:
                self.organisation_parts(label, rows)
            elif label in catalogue.SHARED_CATALOGUES:
                self.shared_catalogue(label, rows)
            else:
                self.create(label, rows)
        for label, model, rows, built in self.to_link:
            self.link(label, model, rows, built)
        return self.ids[catalogue.PARTNERSHIP][1]


def file_error(error: files.ArchiveFileError) -> ArchiveImportError:
    return _stored_error(error.field, error.stored)


def check_slug(slug: str) -> None:
    """The slug is one and free here, or an error naming the fix."""
    try:
        validate_slug(slug)
    except ValidationError:
        raise _error(
            "slug",
            gettext_noop(
                "%(slug)r is not a slug: use letters, digits, hyphens and underscores only."
            ),
            slug=slug,
        ) from None
    if apps.get_model(catalogue.PARTNERSHIP).objects.filter(slug=slug).exists():
        raise _error(
            "slug",
            gettext_noop(
                "A partnership with the slug %(slug)r is already here: import under another "
                "slug (`--slug` on the command line, the slug field on the page) or delete "
                "that partnership first."
            ),
            slug=slug,
        )


def import_archive(*, content: bytes, slug: str = "") -> dict[str, Any]:
    """Import the ZIP ``content`` as a new partnership (``slug``, or the archived one) in one
    transaction; returns ``{"slug", "partnership_id", "counts", "matched_organisations"}``.

    Refuses, writing nothing, a file that is not an archive, a newer ``format_version``, a slug
    already used here, or reference data this instance lacks (``ArchiveImportError`` naming the
    field and the fix)."""
    try:
        archive, stored = files.unpack(content)
    except files.ArchiveFileError as error:
        raise file_error(error) from None
    slug = slug.strip() or str(archive["partnership"])
    importer = _Importer(archive, stored, slug)
    try:
        with transaction.atomic():
            check_slug(slug)
            partnership_id = importer.run()
    except Exception:
        for storage, name in importer.saved_files:  # nothing half-written, files included
            storage.delete(name)
        raise
    return {
        "slug": slug,
        "partnership_id": partnership_id,
        "counts": {label: len(rows) for label, rows in archive["models"].items()},
        "matched_organisations": importer.matched_organisations,
    }
