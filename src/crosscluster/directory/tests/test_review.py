"""Cluster validation: review against the published criteria, one year, expiry, renewal."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from crosscluster.directory import services
from crosscluster.directory.models import ClusterReview, Organisation, ValidationStatus
from crosscluster.directory.tests.factories import make_valid_cluster
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.UTC)


def test_an_administrator_validates_a_cluster_for_a_year(cast) -> None:
    cluster = make_valid_cluster()
    review = services.review_cluster(
        reviewer=cast.administrator, cluster=cluster, decision="validated", comment="", now=NOW
    )
    cluster.refresh_from_db()
    assert cluster.validation_status == ValidationStatus.VALIDATED
    assert cluster.validated_until_date == dt.date(2026, 3, 14)
    assert review.valid_until_date == dt.date(2026, 3, 14)
    assert review.reviewer == cast.administrator
    assert [c["code"] for c in review.criteria] == [
        "management", "members", "mix", "website", "description",
    ]  # fmt: skip
    assert all(c["met"] for c in review.criteria)


def test_staff_review_too(cast) -> None:
    from tests.cast import make_user

    staff = make_user("staff@example.eu", is_staff=True)
    cluster = make_valid_cluster()
    services.review_cluster(
        reviewer=staff, cluster=cluster, decision="validated", comment="", now=NOW
    )
    cluster.refresh_from_db()
    assert cluster.validation_status == ValidationStatus.VALIDATED


@pytest.mark.parametrize("who", ["coordinator", "cluster_manager", "sme_member", "outsider"])
def test_only_administrators_review(cast, who: str) -> None:
    cluster = make_valid_cluster()
    with pytest.raises(PermissionDenied):
        services.review_cluster(
            reviewer=getattr(cast, who), cluster=cluster, decision="validated", comment="", now=NOW
        )
    cluster.refresh_from_db()
    assert cluster.validation_status == ValidationStatus.PROVISIONAL
    assert not ClusterReview.objects.exists()


def test_unmet_criteria_block_validation_and_say_why(cast) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.review_cluster(
            reviewer=cast.administrator,
            cluster=cast.cluster,
            decision="validated",
            comment="",
            now=NOW,
        )
    # the service names the criteria; the engine's results go with it, for the pages to word
    assert isinstance(excinfo.value, services.UnmetCriteriaError)
    message = excinfo.value.message_dict["decision"][0]
    assert message.startswith("Cannot validate: Dedicated management; Committed members")
    codes = [result.code for result in excinfo.value.results]
    assert codes[:2] == ["management", "members"]
    assert next(r for r in excinfo.value.results if r.code == "members").values["needed"] == 9
    cast.cluster.refresh_from_db()
    assert cast.cluster.validation_status == ValidationStatus.PROVISIONAL
    assert not ClusterReview.objects.exists()


def test_a_rejection_says_what_to_change(cast) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.review_cluster(
            reviewer=cast.administrator,
            cluster=cast.cluster,
            decision="rejected",
            comment=" ",
            now=NOW,
        )
    assert excinfo.value.message_dict == {
        "comment": ["Say what the cluster must change to be validated."]
    }
    services.review_cluster(
        reviewer=cast.administrator,
        cluster=cast.cluster,
        decision="rejected",
        comment="List your members in the directory.",
        now=NOW,
    )
    cast.cluster.refresh_from_db()
    assert cast.cluster.validation_status == ValidationStatus.REJECTED
    assert cast.cluster.validated_until_date is None


def test_decisions_are_validated_or_rejected(cast) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.review_cluster(
            reviewer=cast.administrator,
            cluster=cast.cluster,
            decision="expired",
            comment="x",
            now=NOW,
        )
    assert excinfo.value.message_dict["decision"] == ["Choose validated or rejected."]


def test_validations_expire_after_their_year_and_are_renewed_by_a_new_review(cast) -> None:
    cluster = make_valid_cluster()
    services.review_cluster(
        reviewer=cast.administrator, cluster=cluster, decision="validated", comment="", now=NOW
    )
    assert (
        services.expire_cluster_validations(now=dt.datetime(2026, 3, 14, 23, 0, tzinfo=dt.UTC)) == 0
    )
    assert (
        services.expire_cluster_validations(now=dt.datetime(2026, 3, 15, 0, 1, tzinfo=dt.UTC)) == 1
    )
    cluster.refresh_from_db()
    assert cluster.validation_status == ValidationStatus.EXPIRED
    expiry = ClusterReview.objects.filter(cluster=cluster).latest("decided_at")
    assert (expiry.decision, expiry.reviewer) == ("expired", None)
    assert "ended on 2026-03-14" in expiry.comment
    services.submit_cluster_for_review(
        user=cast.administrator, cluster=cluster, now=dt.datetime(2026, 3, 20, tzinfo=dt.UTC)
    )
    services.review_cluster(
        reviewer=cast.administrator,
        cluster=cluster,
        decision="validated",
        comment="Renewed.",
        now=dt.datetime(2026, 4, 1, tzinfo=dt.UTC),
    )
    cluster.refresh_from_db()
    assert (cluster.validation_status, cluster.validated_until_date) == (
        "validated",
        dt.date(2027, 4, 1),
    )
    assert cluster.review_requested_at is None
    assert ClusterReview.objects.filter(cluster=cluster).count() == 3


def test_the_command_expires_overdue_validations(cast) -> None:
    cluster = make_valid_cluster()
    Organisation.objects.filter(pk=cluster.pk).update(
        validation_status="validated", validated_until_date=dt.date(2020, 1, 1)
    )
    out = StringIO()
    call_command("expire_cluster_validations", "--now", "2020-01-02T00:00:00+00:00", stdout=out)
    assert out.getvalue().strip() == "1 cluster validation(s) expired."
    cluster.refresh_from_db()
    assert cluster.validation_status == ValidationStatus.EXPIRED


def test_managers_ask_for_a_review_and_others_cannot(cast, client: Client) -> None:
    url = reverse("directory:submit_for_review", args=[cast.cluster.slug])
    client.login(email=cast.sme_member.email, password=PASSWORD)
    assert client.post(url).status_code == 403
    client.login(email=cast.cluster_manager.email, password=PASSWORD)  # manages another cluster
    assert client.post(url).status_code == 403
    cast.cluster.refresh_from_db()
    assert cast.cluster.review_requested_at is None
    client.login(email=cast.coordinator.email, password=PASSWORD)  # manages this cluster
    assert client.post(url).status_code == 302
    cast.cluster.refresh_from_db()
    assert cast.cluster.review_requested_at is not None


def test_review_page_is_for_administrators_only(cast, client: Client) -> None:
    cluster = make_valid_cluster()
    services.submit_cluster_for_review(user=cast.administrator, cluster=cluster, now=NOW)
    queue, page = (
        reverse("directory:review_queue"),
        reverse("directory:review", args=[cluster.slug]),
    )
    client.login(email=cast.coordinator.email, password=PASSWORD)
    assert client.get(queue).status_code == 403
    assert client.get(page).status_code == 403
    assert client.post(page, {"decision": "validated"}).status_code == 403
    cluster.refresh_from_db()
    assert cluster.validation_status == ValidationStatus.PROVISIONAL
    client.login(email=cast.administrator.email, password=PASSWORD)
    assert cluster.name in client.get(queue).content.decode()
    html = client.get(page).content.decode()
    assert "Committed members" in html
    assert "10 member organisations" in html
    response = client.post(page, {"decision": "validated", "comment": ""})
    assert response.status_code == 302
    cluster.refresh_from_db()
    assert cluster.validation_status == ValidationStatus.VALIDATED
    profile = client.get(reverse("directory:organisation", args=[cluster.slug])).content.decode()
    assert "Validated until" in profile


def test_review_page_shows_why_validation_is_refused(cast, client: Client) -> None:
    client.login(email=cast.administrator.email, password=PASSWORD)
    response = client.post(
        reverse("directory:review", args=[cast.cluster.slug]), {"decision": "validated"}
    )
    assert response.status_code == 200
    assert "Cannot validate: Dedicated management" in response.content.decode()
    cast.cluster.refresh_from_db()
    assert cast.cluster.validation_status == ValidationStatus.PROVISIONAL


def test_criteria_page_is_public(client: Client, db: None) -> None:
    html = client.get(reverse("directory:criteria")).content.decode()
    for label in ("Dedicated management", "Committed members", "A mix of members",
                  "An active website", "A description"):  # fmt: skip
        assert label in html
    assert "one year" in html
