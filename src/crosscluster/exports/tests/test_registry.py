"""The apps register their document kinds by path: a kind's module (and the renderers it pulls
in: WeasyPrint, python-docx, the charts) is imported when the kind is first used, not when the
apps start, so a process that makes no document (the matching worker) does not pay for it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from crosscluster.exports import registry

#: every document kind of the apps (docs/exports.md)
KINDS = {
    "archives.partnership",
    "brokerage.agenda",
    "brokerage.agreements",
    "brokerage.meetings",
    "businessplan.plan",
    "directory.organisations",
    "marketplace.matches",
    "marketplace.opportunities",
    "monitoring.indicators",
    "monitoring.network_ties",
    "monitoring.report",
    "regions.guidelines",
    "strategy.jis",
}


def test_starting_the_apps_imports_no_document_module() -> None:
    code = (
        "import sys, django; django.setup(); "
        "print(' '.join(m for m in sys.modules if m.startswith('crosscluster.') "
        "and '.documents' in m))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crosscluster.config.settings",
        "CROSSCLUSTER_DEBUG": "true",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == []


def test_every_kind_is_found_by_its_key_from_its_path() -> None:
    kinds = registry.list_kinds()
    assert {kind.key for kind in kinds} >= KINDS
    for kind in kinds:
        assert registry.get_kind(kind.key) is kind


def test_a_key_registered_with_another_path_is_refused(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(registry, "_PATHS", dict(registry._PATHS))
    registry.register_path("strategy.jis", registry._PATHS["strategy.jis"])  # the same: fine
    with pytest.raises(ValueError, match="registered twice"):
        registry.register_path("strategy.jis", "crosscluster.regions.documents.GUIDELINES")


def test_a_path_that_names_another_kind_is_refused_when_used(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(registry, "_PATHS", dict(registry._PATHS))
    registry.register_path("tests.wrong", "crosscluster.regions.documents.GUIDELINES")
    with pytest.raises(ValueError, match=r"is not the export kind 'tests\.wrong'"):
        registry.get_kind("tests.wrong")
    with pytest.raises(LookupError, match=r"unknown export kind 'tests\.none'"):
        registry.get_kind("tests.none")
