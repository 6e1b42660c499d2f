"""Partners placed in their directory record's region over the API, as the overview's button."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.regions import services
from crosscluster.regions.models import PartnerRegion
from crosscluster.regions.tests.helpers import build_guidelines
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def _unplace_the_other_cluster(cast: Cast) -> None:
    build_guidelines(cast, with_jis=False)
    services.clear_partner_region(
        user=cast.coordinator, partnership=cast.partnership, organisation_id=cast.other_cluster.pk
    )


def test_a_coordinator_places_the_partners_without_a_region(cast: Cast, token_for) -> None:  # type: ignore[no-untyped-def]
    _unplace_the_other_cluster(cast)
    address = f"/api/v1/regions/{cast.partnership.slug}/partners/regions-from-directory"
    token = token_for(cast.coordinator)
    placed = Client().post(address, HTTP_AUTHORIZATION=token)
    assert placed.status_code == 200, placed.content
    [row] = placed.json()
    assert (row["organisation_id"], row["region"], row["source"]) == (
        cast.other_cluster.pk, "DE80", "directory",
    )  # fmt: skip
    again = Client().post(address, HTTP_AUTHORIZATION=token)
    assert again.json() == []  # those placed are left as they are
    assert PartnerRegion.objects.get(organisation=cast.cluster).profile.region_id == "ES21"


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("sme_member", 403), ("cluster_manager", 403), ("outsider", 404)],
)
def test_only_coordinators_place_partners(cast: Cast, token_for, who, status) -> None:  # type: ignore[no-untyped-def]
    _unplace_the_other_cluster(cast)
    headers = {"HTTP_AUTHORIZATION": token_for(getattr(cast, who))} if who else {}
    address = f"/api/v1/regions/{cast.partnership.slug}/partners/regions-from-directory"
    assert Client().post(address, **headers).status_code == status
    assert not PartnerRegion.objects.filter(organisation=cast.other_cluster).exists()


def test_an_unknown_partnership_is_a_404(cast: Cast, token_for) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(
        "/api/v1/regions/no-such-alliance/partners/regions-from-directory",
        HTTP_AUTHORIZATION=token_for(cast.coordinator),
    )
    assert response.status_code == 404
