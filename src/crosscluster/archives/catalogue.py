"""The catalogue of a partnership archive: what it holds, derived from the app registry.

A model is the partnership's when a chain of foreign keys leads from it to
``partnerships.Partnership`` (a news post, a B2B session's slot through its session and event,
a business plan's cost line through its plan and strategy): it is archived, unless
:data:`LEFT_OUT` names it with the reason. A model added to any app later joins the archive by
itself, or fails the round-trip test until it is archived or left out with a reason.

Beside the partnership's own rows an archive carries what they point at:

- reference data, named by a natural key and never written by an import
  (:data:`REFERENCE_KEYS`: countries, NUTS regions, taxonomy tags, focus areas);
- people, as pseudonyms (``person-1``, ``person-2`` ... in order of first appearance);
- the organisations involved (every organisation a row points at, and the members of the
  partner clusters), matched on import to the directory's own;
- their tags and the partner clusters' memberships (:data:`ORGANISATION_PARTS`);
- shared catalogue entries (:data:`SHARED_CATALOGUES`: funding instruments without a
  partnership), matched by their key.

This module reads the app registry (``django.apps``), as Django's own ``dumpdata`` does: an
archive must hold every field of every model, which one serialiser per app would let drift.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models

PARTNERSHIP = "partnerships.Partnership"
ORGANISATION = "directory.Organisation"

#: models pointed at by a natural key: the importing instance must already have the rows
REFERENCE_KEYS: dict[str, tuple[str, ...]] = {
    "directory.Country": ("iso2",),
    "directory.NutsRegion": ("code",),
    "directory.Tag": ("facet", "slug"),
    "partnerships.FocusArea": ("label",),
}

#: rows of the organisations involved, archived with them: model -> its organisation field(s)
ORGANISATION_PARTS: dict[str, tuple[str, ...]] = {
    "directory.OrganisationTag": ("organisation", "tag"),
    "directory.ClusterMembership": ("cluster", "member"),
}

#: models whose rows are either a partnership's (archived with it) or shared by every
#: partnership (partnership empty): a shared row a partnership's row points at is archived and
#: matched on import by these fields (when they are not empty)
SHARED_CATALOGUES: dict[str, tuple[str, ...]] = {
    "businessplan.FundingInstrument": ("key",),
}

#: text fields that hold a person's name, with the reference to that person: the archive writes
#: the person's pseudonym there instead (empty when the row names nobody)
PERSON_NAMES: dict[str, dict[str, str]] = {
    "brokerage.Participant": {"display_name": "user"},
    "strategy.Comment": {"author_name": "author"},
}

#: models with a path to a partnership that an archive leaves out, and why (docs/archives.md)
LEFT_OUT: dict[str, str] = {
    "partnerships.PartnershipCoordinator": (
        "coordinators are people's accounts; the importing administrator names the coordinators"
    ),
    "marketplace.Follow": "a person's subscription to notifications, not the partnership's",
    "marketplace.ProfileVector": (
        "derived: the matching engine's embeddings, computed again from the archived texts"
    ),
    "conversations.Conversation": (
        "private between two organisations: the partnership does not own what they wrote"
    ),
    "conversations.Message": "private between two organisations (see Conversation)",
    "conversations.SlotProposal": "private between two organisations (see Conversation)",
    "monitoring.NetworkSnapshot": (
        "derived: the collaboration network, computed again from the archived matches, "
        "meetings and agreements"
    ),
    "monitoring.NetworkTie": "derived: part of the computed network (see NetworkSnapshot)",
}


def label_of(model: type[models.Model]) -> str:
    return model._meta.label


def people_label() -> str:
    return str(settings.AUTH_USER_MODEL)


@dataclass(frozen=True)
class Scope:
    #: archived models in an order where every model comes after those it points at
    order: tuple[str, ...]
    #: for each model with a path to the partnership: the lookup from it to the partnership's id
    paths: dict[str, str]

    def model(self, label: str) -> type[models.Model]:
        return apps.get_model(label)


def relations(model: type[models.Model]) -> list[models.Field]:
    """The model's foreign keys and one-to-ones (not many-to-many)."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is not None
    ]


def many_to_many(model: type[models.Model]) -> list[models.ManyToManyField]:
    """The model's many-to-many fields whose table Django made (an explicit ``through`` model is
    archived as a model of its own, when it is in scope)."""
    return [
        field
        for field in model._meta.many_to_many
        if isinstance(field, models.ManyToManyField)
        and field.remote_field.through._meta.auto_created  # type: ignore[union-attr]
    ]


def partnership_paths() -> dict[str, str]:
    """Every model with a chain of foreign keys to the partnership, with the lookup
    (``event__partnership``) from it to the partnership's id, found from the app registry."""
    paths = {PARTNERSHIP: "pk"}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            label = label_of(model)
            if label in paths:
                continue
            for field in relations(model):
                target = label_of(field.related_model)  # type: ignore[arg-type]
                if target in paths and target != people_label():
                    path = paths[target]
                    paths[label] = field.name if path == "pk" else f"{field.name}__{path}"
                    changed = True
                    break
    return paths


def _order(labels: Iterable[str]) -> tuple[str, ...]:
    """``labels`` sorted so a model comes after every model it points at (ties by name)."""
    pending = set(labels)
    done: list[str] = []
    while pending:
        ready = sorted(
            label
            for label in pending
            if all(
                label_of(field.related_model) not in pending  # type: ignore[arg-type]
                or label_of(field.related_model) == label  # type: ignore[arg-type]
                for field in relations(apps.get_model(label))
            )
        )
        if not ready:
            raise RuntimeError(f"foreign keys in a cycle between {sorted(pending)}")
        done.extend(ready)
        pending -= set(ready)
    return tuple(done)


@functools.cache
def archive_scope() -> Scope:
    """The archived models (in insertion order) and their paths to the partnership."""
    paths = {label: path for label, path in partnership_paths().items() if label not in LEFT_OUT}
    labels = set(paths) | {ORGANISATION} | set(ORGANISATION_PARTS)
    return Scope(order=_order(labels), paths=paths)


def field_list() -> str:
    """The archived models and their fields as Markdown (docs/archives.md holds a copy that a
    test keeps current): one line per model, its fields in order, a pointer's target named."""
    scope = archive_scope()
    lines = []
    for label in scope.order:
        model = apps.get_model(label)
        names = []
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            if field.is_relation and field.related_model is not None:
                names.append(f"{field.name} → {_pointer_kind(label_of(field.related_model))}")
            else:
                names.append(field.name)
        for field in many_to_many(model):
            names.append(f"{field.name} → [{_pointer_kind(label_of(field.related_model))}]")
        lines.append(f"- `{label}`: {', '.join(names)}")
    return "\n".join(lines)


def _pointer_kind(target: str) -> str:
    if target == people_label():
        return "person"
    if target in REFERENCE_KEYS:
        return f"{target} ({', '.join(REFERENCE_KEYS[target])})"
    return f"{target} ref"
