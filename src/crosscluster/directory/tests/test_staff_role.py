"""Staff (``is_staff``) review clusters and open the admin; they are not platform
administrators (docs/architecture.md "Roles and permissions"): no editing or managing
organisations they do not work for, no deciding claims."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.directory import queries
from tests.cast import PASSWORD, Cast, make_user

pytestmark = pytest.mark.django_db


def test_staff_are_not_platform_administrators(cast: Cast, token_for) -> None:  # type: ignore[no-untyped-def]
    staff = make_user("staff@example.eu", is_staff=True)
    assert not queries.is_platform_administrator(staff)
    assert queries.is_platform_administrator(cast.administrator)
    assert queries.can_review_clusters(staff)
    assert not queries.can_edit(user=staff, organisation=cast.sme)
    assert not queries.can_manage(user=staff, organisation=cast.cluster)
    # The API refuses their edit of someone else's organisation, as the page does.
    response = Client().patch(
        f"/api/v1/organisations/{cast.sme.slug}",
        data={"description": "changed by staff"},
        content_type="application/json",
        headers={"Authorization": token_for(staff)},
    )
    assert response.status_code == 403
    cast.sme.refresh_from_db()
    assert cast.sme.description != "changed by staff"
    client = Client()
    client.login(email=staff.email, password=PASSWORD)
    edit = client.get(reverse("directory:organisation_edit", args=[cast.sme.slug]))
    assert edit.status_code == 403
    # They still review clusters.
    assert client.get(reverse("directory:review_queue")).status_code == 200
