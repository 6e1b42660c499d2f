from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.directory.models import ClusterMembership, OrganisationKind
from crosscluster.partnerships.models import WorkItem, WorkPackage
from tests.cast import PASSWORD, make_organisation

pytestmark = pytest.mark.django_db


def test_partnership_page_shows_counted_figures_and_progress(
    cast, client: Client, django_assert_max_num_queries
) -> None:
    for number in range(3):
        sme = make_organisation(f"Counted SME {number}", OrganisationKind.SME)
        ClusterMembership.objects.create(cluster=cast.other_cluster, member=sme)
    research = make_organisation("Research Lab", OrganisationKind.RESEARCH)
    ClusterMembership.objects.create(cluster=cast.other_cluster, member=research)
    package = WorkPackage.objects.create(partnership=cast.partnership, number=1, title="Management")
    WorkItem.objects.create(
        work_package=package,
        kind="deliverable",
        code="D1.1",
        title="Agreement",
        weight=2,
        due_date=dt.date(2019, 6, 1),
        done_date=dt.date(2019, 5, 30),
    )
    WorkItem.objects.create(
        work_package=package,
        kind="task",
        code="T1.2",
        title="Strategy",
        weight=1,
        due_date=dt.date(2020, 6, 1),
    )
    # 13th query: the partnership's texts in other languages (issue 14)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("partnerships:detail", args=[cast.partnership.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "67% completed" in html
    assert '<dd data-testid="partner-count">2</dd>' in html
    # the cast's SME (member of the coordinating cluster) + 3 counted SMEs; the lab is no SME
    assert '<dd data-testid="sme-count">4</dd>' in html
    assert "1 item late" in html
    assert "<strong>testing</strong>" in html  # summary rendered from Markdown


def test_query_count_does_not_grow_with_partners(
    cast, client: Client, django_assert_max_num_queries
) -> None:
    from crosscluster.partnerships.models import PartnershipMember

    for number in range(20):
        extra = make_organisation(f"Extra Cluster {number}", OrganisationKind.CLUSTER)
        PartnershipMember.objects.create(partnership=cast.partnership, organisation=extra)
    with django_assert_max_num_queries(13):  # 13th: the texts in other languages (issue 14)
        assert (
            client.get(reverse("partnerships:detail", args=[cast.partnership.slug])).status_code
            == 200
        )


def test_private_partnership_is_hidden_from_the_public(cast, client: Client) -> None:
    cast.partnership.is_public = False
    cast.partnership.save()
    url = reverse("partnerships:detail", args=[cast.partnership.slug])
    assert client.get(url).status_code == 404
    client.login(email=cast.coordinator.email, password=PASSWORD)
    assert client.get(url).status_code == 200


def test_work_plan_page_explains_progress(cast, client: Client) -> None:
    package = WorkPackage.objects.create(partnership=cast.partnership, number=2, title="Strategy")
    WorkItem.objects.create(
        work_package=package,
        kind="milestone",
        code="M2.1",
        title="Markets chosen",
        due_date=dt.date(2019, 9, 1),
    )
    response = client.get(reverse("partnerships:work_plan", args=[cast.partnership.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "M2.1" in html
    assert "Late" in html
    assert "0 / 1" in html
    # the due date in the reader's short date format (qa4: ISO "2019-09-01" in every language)
    german = client.get("/de" + reverse("partnerships:work_plan", args=[cast.partnership.slug]))
    assert "<td>01.09.2019</td>" in german.content.decode()
    assert "2019-09-01" not in german.content.decode()


def test_unknown_partnership_is_a_friendly_404(client: Client) -> None:
    response = client.get("/partnerships/no-such-thing/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
