"""A refused partner's region or adoption of candidates shows the page again (400) with the
choices as made and the problem beside them, instead of a redirect with a message that reset
them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from crosscluster.regions.models import PartnerRegion, S3Priority
from crosscluster.regions.tests.helpers import build_guidelines
from crosscluster.regions.tests.test_pages import login

pytestmark = pytest.mark.django_db


def _select(page: str, element_id: str) -> str:
    """The ``<select>`` of ``element_id`` with its options."""
    match = re.search(rf'<select id="{element_id}"[^>]*>.*?</select>', page, re.DOTALL)
    assert match, element_id
    return match.group(0)


def test_a_refused_region_comes_back_beside_its_partner(cast) -> None:  # type: ignore[no-untyped-def]
    build_guidelines(cast)
    client = login(cast)
    address = reverse("regions:partner_region", args=[cast.partnership.slug])
    partner = cast.other_cluster.pk
    response = client.post(address, {"organisation": partner, "region": "XX"})
    assert response.status_code == 400
    page = response.content.decode()
    own = _select(page, f"move-{partner}")
    assert 'aria-invalid="true"' in own
    assert " selected" not in own  # XX is not offered: nothing chosen, nothing guessed
    errors = re.search(
        rf'<div role="alert" class="small" id="move-{partner}-errors">(.*?)</div>', page, re.DOTALL
    )
    assert errors
    assert "Choose the partner&#x27;s region from the list." in errors.group(1)
    assert "<details open>" in page  # the change list opened where the problem is
    other = _select(page, f"move-{cast.cluster.pk}")  # the other partner as it was
    assert "aria-invalid" not in other
    assert '<option value="ES21" selected>' in other
    assert PartnerRegion.objects.get(organisation_id=partner).profile.region_id == "DE80"


def test_a_refused_clear_keeps_the_region_chosen(cast) -> None:  # type: ignore[no-untyped-def]
    build_guidelines(cast)
    client = login(cast)
    address = reverse("regions:partner_region", args=[cast.partnership.slug])
    partner = cast.other_cluster.pk
    cleared = client.post(address, {"organisation": partner, "region": "DE80", "action": "clear"})
    assert cleared.status_code == 302
    # now listed without a region (the directory says DE80): clearing again is refused
    response = client.post(address, {"organisation": partner, "region": "PT19", "action": "clear"})
    assert response.status_code == 400
    page = response.content.decode()
    own = _select(page, f"region-{partner}")
    assert '<option value="PT19" selected>' in own
    assert '<option value="DE80" selected>' not in own
    assert "This partner has no region to clear." in page.split(f'id="region-{partner}-errors"')[1]
    assert "<details open>" not in page
    assert not PartnerRegion.objects.filter(organisation_id=partner).exists()


def test_a_region_for_an_organisation_not_a_partner_is_said_above_the_list(cast) -> None:  # type: ignore[no-untyped-def]
    build_guidelines(cast)
    response = login(cast).post(
        reverse("regions:partner_region", args=[cast.partnership.slug]),
        {"organisation": cast.sme.pk, "region": "PT19"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    heading = page.index('id="regions-heading"')
    alert = page.index('<div role="alert">', heading)
    assert "is not a partner of this partnership" in page[alert : page.index("</div>", alert)]
    assert not PartnerRegion.objects.filter(organisation=cast.sme).exists()


def test_refused_candidates_come_back_checked_as_they_were(cast) -> None:  # type: ignore[no-untyped-def]
    setup = build_guidelines(cast)
    client = login(cast)
    address = reverse("regions:adopt", args=[cast.partnership.slug, setup.basque.pk])
    shown = client.get(reverse("regions:region", args=[cast.partnership.slug, setup.basque.pk]))
    boxes = re.findall(
        r'<input type="checkbox" name="key" value="([^"]+)"[^>]* checked>', shown.content.decode()
    )
    assert "sectors:health-care" in boxes
    assert len(boxes) > 1
    response = client.post(address, {"key": ["sectors:health-care", "sectors:nowhere"]})
    assert response.status_code == 400
    page = response.content.decode()
    checked = re.findall(r'<input type="checkbox" name="key" value="([^"]+)"[^>]* checked', page)
    assert checked == ["sectors:health-care"]
    errors = page.split('<div role="alert" id="candidates-errors">')[1].split("</div>")[0]
    assert "Not a candidate of this region: sectors:nowhere." in errors
    assert 'aria-describedby="candidates-errors"' in page
    none = client.post(address, {})
    assert none.status_code == 400
    assert "Choose at least one candidate priority to adopt." in none.content.decode()
    assert not re.search(r'name="key" value="[^"]+"[^>]* checked', none.content.decode())
    assert not S3Priority.objects.exists()
