"""The Django admin lists every strategy model; adopted versions are read-only there."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.strategy.models import StrategyVersion
from crosscluster.strategy.tests.helpers import adopt, build_jis
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

MODELS = [
    "strategy",
    "jointoffering",
    "initiative",
    "supportmechanism",
    "roadmapaction",
    "comment",
    "marketjudgement",
    "strategyversion",
]


def test_admin_pages_open_and_versions_cannot_be_changed(cast, client: Client) -> None:
    build_jis(cast, actions=1)
    adopt(cast)
    client.login(email=cast.administrator.email, password=PASSWORD)
    for model in MODELS:
        assert client.get(reverse(f"admin:strategy_{model}_changelist")).status_code == 200, model
    strategy = cast.partnership.strategy
    page = client.get(reverse("admin:strategy_strategy_change", args=[strategy.pk]))
    assert page.status_code == 200
    assert "South Korea" in page.content.decode()
    version = StrategyVersion.objects.get()
    change = reverse("admin:strategy_strategyversion_change", args=[version.pk])
    page = client.get(change)
    assert page.status_code == 200  # view only
    assert 'name="_save"' not in page.content.decode()
    client.post(change, {"number": 7, "note": "rewritten"})
    version.refresh_from_db()
    assert (version.number, version.note) == (1, "Adopted by the steering committee")
    assert client.get(reverse("admin:strategy_strategyversion_add")).status_code == 403
    delete = reverse("admin:strategy_strategyversion_delete", args=[version.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert StrategyVersion.objects.count() == 1
