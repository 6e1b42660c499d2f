"""Reads of archives: one partnership as an archive (``archive.json`` and its stored files).

The archive holds every concrete field of every row of the catalogue's models (``catalogue``)
except the database ids: a row is named by its ``ref`` (its position, from 1, among the rows of
its model in the order of their ids) and a foreign key by the ``ref`` of the row it points at,
the natural key of reference data, or a person's pseudonym. Stored files are named by their
path in the ZIP.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import re
import uuid
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.duration import duration_iso_string

from crosscluster.accounts.queries import AnyUser
from crosscluster.archives import catalogue, files
from crosscluster.archives.models import ArchiveImport
from crosscluster.partnerships import queries as partnership_queries

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

#: the partnership's partner organisations: the clusters whose memberships are archived
PARTNERS = ("partnerships.PartnershipMember", "organisation")

Rows = dict[str, dict[Any, models.Model]]


def get_partnership_to_export(*, user: AnyUser, slug: str) -> Partnership:
    """The partnership, when ``user`` may see it (``Partnership.DoesNotExist`` otherwise)."""
    return partnership_queries.get_partnership(user=user, slug=slug)


def find_partnership(*, slug: str) -> Partnership | None:
    """Any partnership by its slug (the command line works for the whole instance)."""
    return apps.get_model(catalogue.PARTNERSHIP).objects.filter(slug=slug).first()


def can_export(*, user: AnyUser, partnership: Partnership) -> bool:
    """The partnership's coordinators and platform administrators export its archive."""
    return user.is_authenticated and partnership_queries.is_coordinator(
        user=user, partnership=partnership
    )


def can_import(*, user: AnyUser) -> bool:
    """Only platform administrators import a partnership (it adds organisations and people's
    placeholders to the whole instance)."""
    return bool(user.is_authenticated and user.is_superuser)


def list_imports(*, user: AnyUser) -> QuerySet[ArchiveImport]:
    """The person's archive imports, newest first (without the files)."""
    return (
        ArchiveImport.objects.filter(requested_by_id=user.pk or 0)
        .defer("content")
        .order_by("-created_at")
    )


def find_import(*, import_id: str) -> ArchiveImport | None:
    try:
        return ArchiveImport.objects.defer("content").filter(pk=import_id).first()
    except ValidationError:  # not a UUID
        return None


def personal_data(user_id: int) -> dict[str, object]:
    """The archives a person uploaded to import (see core.personal_data): what each became."""
    return {
        "archive_imports": list(
            ArchiveImport.objects.filter(requested_by_id=user_id)
            .order_by("created_at")
            .values(
                "file_name",
                "slug",
                "status",
                "partnership_slug",
                "rows",
                "created_at",
                "finished_at",
            )
        )
    }


def json_value(field: models.Field, value: object) -> object:
    """A field's value as JSON (the import reads it back with ``field.to_python``)."""
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


class _Collector:
    """The rows of one partnership's archive, gathered model by model in the catalogue's order
    (a model after those it points at), before they are numbered and written out."""

    def __init__(self, partnership_id: int) -> None:
        self.scope = catalogue.archive_scope()
        self.partnership_id = partnership_id
        self.rows: Rows = {}
        #: label -> many-to-many field name -> row pk -> the pks it points at
        self.links: dict[str, dict[str, dict[Any, list[Any]]]] = {}
        #: references to rows outside the archive, nulled or dropped with their row
        self.dropped: Counter[str] = Counter()
        self.organisation_ids: set[Any] = set()

    def collect(self) -> None:
        for label in self.scope.order:
            if label in self.scope.paths:
                self._collect_own(label)
        # many-to-many last: a link may point at a model that comes later in the order
        for label in self.scope.order:
            if label in self.scope.paths:
                self._collect_links(label, apps.get_model(label))
        self._collect_organisations()

    def _collect_own(self, label: str) -> None:
        model = apps.get_model(label)
        lookup = {self.scope.paths[label]: self.partnership_id}
        found = {row.pk: row for row in model.objects.filter(**lookup).order_by("pk")}
        self.rows[label] = found
        for pk, row in list(found.items()):
            if not self._keep(label, row):
                del found[pk]

    def _keep(self, label: str, row: models.Model) -> bool:
        """Follow the row's foreign keys: shared catalogue rows come with it; a reference to a
        row of another partnership is emptied (or the row left out when it cannot be empty)."""
        for field in catalogue.relations(type(row)):
            target = catalogue.label_of(field.related_model)  # type: ignore[arg-type]
            value = getattr(row, field.attname)
            if value is None:
                continue
            if target == catalogue.ORGANISATION:
                self.organisation_ids.add(value)
                continue
            if target not in self.scope.paths or value in self.rows.get(target, {}):
                continue
            if target in catalogue.SHARED_CATALOGUES and self._add_shared(target, value):
                continue
            self.dropped[f"{label}.{field.name}"] += 1
            if not field.null:
                return False
            setattr(row, field.attname, None)  # in memory only: rendering writes nothing
        return True

    def _add_shared(self, label: str, pk: object) -> bool:
        model = apps.get_model(label)
        row = model.objects.filter(pk=pk, partnership__isnull=True).first()
        if row is None:
            return False
        self.rows[label][pk] = row
        return True

    def _collect_links(self, label: str, model: type[models.Model]) -> None:
        for field in catalogue.many_to_many(model):
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            target_label = catalogue.label_of(field.related_model)
            pairs = through.objects.filter(  # type: ignore[union-attr]
                **{f"{source}__in": list(self.rows[label])}
            ).values_list(f"{source}_id", f"{target}_id")
            linked: dict[Any, list[Any]] = {}
            for source_pk, target_pk in pairs:
                if target_label == catalogue.ORGANISATION:
                    self.organisation_ids.add(target_pk)
                elif target_label in self.scope.paths and target_pk not in self.rows.get(
                    target_label, {}
                ):
                    self.dropped[f"{label}.{field.name}"] += 1
                    continue
                linked.setdefault(source_pk, []).append(target_pk)
            self.links.setdefault(label, {})[field.name] = linked

    def _collect_organisations(self) -> None:
        partner_label, partner_field = PARTNERS
        partners = {
            getattr(row, f"{partner_field}_id") for row in self.rows[partner_label].values()
        }
        self.organisation_ids |= partners
        membership = apps.get_model("directory.ClusterMembership")
        memberships: dict[Any, models.Model] = {
            row.pk: row for row in membership.objects.filter(cluster_id__in=partners).order_by("pk")
        }
        for row in memberships.values():
            self.organisation_ids.add(row.member_id)  # type: ignore[attr-defined]
        organisation = apps.get_model(catalogue.ORGANISATION)
        self.rows[catalogue.ORGANISATION] = {
            row.pk: row
            for row in organisation.objects.filter(pk__in=self.organisation_ids).order_by("pk")
        }
        tag_link = apps.get_model("directory.OrganisationTag")
        self.rows["directory.OrganisationTag"] = {
            row.pk: row
            for row in tag_link.objects.filter(organisation_id__in=self.organisation_ids).order_by(
                "pk"
            )
        }
        self.rows["directory.ClusterMembership"] = memberships


class _Writer:
    """Numbers the collected rows and writes them as JSON, with their files."""

    def __init__(self, collector: _Collector) -> None:
        self.collector = collector
        self.refs = {
            label: {pk: number for number, pk in enumerate(sorted(rows), start=1)}
            for label, rows in collector.rows.items()
        }
        self.people: dict[Any, str] = {}
        self.files: dict[str, bytes] = {}
        self.missing_files = 0
        self._natural_keys: dict[str, dict[Any, object]] = {}

    def natural_key(self, label: str, pk: object) -> object:
        keys = catalogue.REFERENCE_KEYS[label]
        model = apps.get_model(label)
        if keys == (model._meta.pk.name,):
            return pk
        if label not in self._natural_keys:
            self._natural_keys[label] = {
                row[0]: list(row[1:]) if len(keys) > 1 else row[1]
                for row in model.objects.values_list("pk", *keys)
            }
        return self._natural_keys[label][pk]

    def pointer(self, target: str, pk: object) -> object:
        if target == catalogue.people_label():
            if pk not in self.people:
                self.people[pk] = f"person-{len(self.people) + 1}"
            return self.people[pk]
        if target in catalogue.REFERENCE_KEYS:
            return self.natural_key(target, pk)
        return self.refs[target][pk]

    def row(self, label: str, row: models.Model) -> dict[str, object]:
        ref = self.refs[label][row.pk]
        out: dict[str, object] = {"ref": ref}
        for field in row._meta.concrete_fields:
            if field.primary_key and label not in catalogue.REFERENCE_KEYS:
                continue
            value = getattr(row, field.attname)
            if field.is_relation and field.related_model is not None:
                target = catalogue.label_of(field.related_model)
                out[field.name] = None if value is None else self.pointer(target, value)
            elif isinstance(field, models.FileField):
                out[field.name] = self.stored_file(label, ref, field, row)
            else:
                out[field.name] = json_value(field, value)
        for name, person in catalogue.PERSON_NAMES.get(label, {}).items():
            out[name] = out[person] or ""
        for name, linked in self.collector.links.get(label, {}).items():
            related = row._meta.get_field(name).related_model
            target = catalogue.label_of(related)  # type: ignore[arg-type]
            pointers = [self.pointer(target, pk) for pk in linked.get(row.pk, [])]
            out[name] = sorted(pointers, key=str)
        return out

    def stored_file(
        self,
        label: str,
        ref: int,
        field: models.FileField,
        row: models.Model,
    ) -> dict[str, object] | None:
        stored = getattr(row, field.attname)
        if not stored:
            return None
        name = str(stored.name if hasattr(stored, "name") else stored)
        path = f"files/{label}/{ref}/{name.rsplit('/', 1)[-1]}"
        try:
            with field.storage.open(name, "rb") as handle:
                self.files[path] = handle.read()
        except OSError:
            self.missing_files += 1
            return {"name": name, "file": None}
        return {"name": name, "file": path}

    def models(self) -> dict[str, list[dict[str, object]]]:
        written = {
            label: [
                self.row(label, rows[pk])
                for pk in sorted(rows)  # the order of the refs
            ]
            for label in self.collector.scope.order
            if (rows := self.collector.rows.get(label)) is not None
        }
        return scrub(written, self.names_of_people())

    def names_of_people(self) -> dict[str, str]:
        """Each pseudonymised person's name and e-mail address as the rows knew them (their
        account, a B2B registration's display name, a comment's author name) -> pseudonym."""
        names: dict[str, str] = {}
        people = apps.get_model(catalogue.people_label())
        for pk, email, full_name in people.objects.filter(pk__in=list(self.people)).values_list(
            "pk", "email", "full_name"
        ):
            names[email] = names[full_name] = self.people[pk]
        for label, fields in catalogue.PERSON_NAMES.items():
            for row in self.collector.rows.get(label, {}).values():
                for name, person in fields.items():
                    person_pk = getattr(row, f"{person}_id")
                    if person_pk in self.people:
                        names[getattr(row, name)] = self.people[person_pk]
        return {name: pseudonym for name, pseudonym in names.items() if len(name.strip()) >= 3}


def scrub(value: Any, names: dict[str, str]) -> Any:
    """``value`` with every whole-word occurrence of a person's name in its texts (a scheduler
    report's "Delegate of ... reached max_meetings") replaced by their pseudonym."""
    if not names:
        return value
    pattern = re.compile(
        r"(?<!\w)("
        + "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        + r")(?!\w)"
    )

    def clean(item: Any) -> Any:
        if isinstance(item, str):
            return pattern.sub(lambda match: names[match.group(0)], item)
        if isinstance(item, list):
            return [clean(element) for element in item]
        if isinstance(item, dict):
            return {key: clean(element) for key, element in item.items()}
        return item

    return clean(value)


def build_archive(
    *, partnership: Partnership, now: dt.datetime
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The archive of ``partnership``: ``archive.json``'s content and the files (path in the
    ZIP -> bytes). Reads only."""
    collector = _Collector(partnership.pk)
    collector.collect()
    writer = _Writer(collector)
    rows = writer.models()
    archive: dict[str, Any] = {
        "format": files.FORMAT,
        "format_version": files.FORMAT_VERSION,
        "exported_at": now.isoformat(),
        "partnership": partnership.slug,
        "people": sorted(writer.people.values(), key=lambda name: int(name.split("-")[1])),
        "left_out": dict(sorted(catalogue.LEFT_OUT.items())),
        "dropped_references": dict(sorted(collector.dropped.items())),
        "missing_files": writer.missing_files,
        "counts": {label: len(found) for label, found in rows.items()},
        "models": rows,
    }
    return archive, writer.files


def archive_bytes(*, partnership: Partnership, now: dt.datetime) -> bytes:
    """The ZIP of :func:`build_archive`."""
    archive, stored = build_archive(partnership=partnership, now=now)
    return files.pack(archive, stored)
