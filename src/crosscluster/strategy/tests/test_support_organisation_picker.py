"""A support mechanism's authority in the directory is picked by its name (a search box and the
matches as radio buttons), never typed as a slug; a value not offered names the field."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.strategy.forms import SupportMechanismForm
from crosscluster.strategy.models import SupportMechanism
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

DATA = {"kind": "funding", "mechanism": "Digital vouchers", "authority": "Region Grand Est"}


def test_the_authority_is_found_by_name_and_its_profile_saved(cast) -> None:  # type: ignore[no-untyped-def]
    html = str(SupportMechanismForm()["organisation"])
    assert 'type="search"' in html
    assert 'name="organisation-q"' in html
    assert 'type="radio" name="organisation" value="" checked' in html  # None, optional
    found = str(SupportMechanismForm({**DATA, "organisation-q": "pole"})["organisation"])
    assert f'value="{cast.cluster.slug}"' in found
    good = SupportMechanismForm({**DATA, "organisation": cast.cluster.slug})
    assert good.is_valid(), good.errors
    assert good.to_input().organisation_slug == cast.cluster.slug
    assert SupportMechanismForm(DATA).is_valid()  # none: the authority's name is enough


def test_a_slug_not_offered_is_refused_naming_the_field(cast) -> None:  # type: ignore[no-untyped-def]
    bad = SupportMechanismForm({**DATA, "organisation": "no-such-authority"})
    assert not bad.is_valid()
    assert bad.errors["organisation"] == [
        "Authority in the directory: choose one of the organisations listed, or None."
    ]


def test_find_without_javascript_lists_matches_and_saves_nothing(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    client.login(email=cast.coordinator.email, password=PASSWORD)
    page = reverse("strategy:section", args=[cast.partnership.slug, "support"])
    response = client.post(
        page, {**DATA, "organisation-q": "baltic", "organisation-find": "1", "organisation": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'type="radio" name="organisation" value="{cast.other_cluster.slug}"' in html
    assert 'role="alert"' not in html  # nothing checked yet
    assert not SupportMechanism.objects.exists()
    saved = client.post(page, {**DATA, "organisation": cast.other_cluster.slug})
    assert saved.status_code == 302
    assert SupportMechanism.objects.get().organisation == cast.other_cluster
