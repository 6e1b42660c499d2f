"""An import refused because the directory changed since its check: nothing is written, the
rows' problems go back to the check's list, and the page and the API word them (and the
refusal) in their reader's language, whatever language the worker ran in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.directory.models import Organisation
from crosscluster.imports.tests.test_imports import API, as_csv, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused_import(cast, client: Client, token_for):  # type: ignore[no-untyped-def]
    """A file whose second row is checked as a new organisation; the cluster is then renamed
    to that row's name, so importing meets "the cluster itself" (run by a worker in German)."""
    country = cast.cluster.country_id
    rows = [["Name", "Country"], ["Erste Neue GmbH", country], ["Umbenannter Cluster", country]]
    token = token_for(cast.coordinator)
    body = upload(client, token, cast.cluster.slug, "later.csv", as_csv(rows)).json()
    assert run_queued_tasks() == 1
    checked = client.get(f"{API}/{body['id']}", headers={"authorization": token}).json()
    assert (checked["status"], checked["problem_count"], checked["new_count"]) == ("checked", 0, 2)
    Organisation.objects.filter(pk=cast.cluster.pk).update(name="Umbenannter Cluster")
    started = client.post(f"{API}/{body['id']}/import", headers={"authorization": token})
    assert started.status_code == 202
    before = Organisation.objects.count()
    with translation.override("de"):  # the worker's own language must not leak into the texts
        assert run_queued_tasks() == 1
    assert Organisation.objects.count() == before
    assert not Organisation.objects.filter(name="Erste Neue GmbH").exists()
    return body["id"], token


def test_the_refusal_and_its_rows_read_in_the_readers_language(
    cast, client: Client, refused_import
) -> None:  # type: ignore[no-untyped-def]
    import_id, token = refused_import
    headers = {"authorization": token}
    english = client.get(f"{API}/{import_id}", headers=headers).json()
    assert english["status"] == "checked"
    assert (english["problem_count"], english["error_rows"]) == (1, 1)
    assert english["error"].startswith("Nothing was imported: the directory changed since")
    problems = client.get(f"{API}/{import_id}/problems", headers=headers).json()["items"]
    assert [(item["row"], item["column"]) for item in problems] == [(3, "Name")]
    assert problems[0]["message"].startswith("This is the cluster itself")
    with translation.override("fr"):
        refusal_fr = translation.gettext(
            "Nothing was imported: the directory changed since the check, and the rows below "
            "have problems now. Correct them and check the file again."
        )
        row_fr = translation.gettext(
            "This is the cluster itself: a cluster cannot be its own member; remove the row."
        )
    assert refusal_fr != english["error"]  # the catalogue has it
    french = client.get(f"{API}/{import_id}", headers={**headers, "accept-language": "fr"})
    assert french.json()["error"] == refusal_fr
    problems_fr = client.get(
        f"{API}/{import_id}/problems", headers={**headers, "accept-language": "fr"}
    ).json()["items"]
    assert problems_fr[0]["message"] == row_fr
    # the page, in Swedish: the refusal and the row's problem, nothing in German or English
    page = Client()
    page.force_login(cast.coordinator)
    with translation.override("sv"):
        url = reverse("imports:detail", args=[import_id])
        refusal_sv = translation.gettext(
            "Nothing was imported: the directory changed since the check, and the rows below "
            "have problems now. Correct them and check the file again."
        )
    html = page.get(url).content.decode()
    assert url.startswith("/sv/")
    assert refusal_sv in html
    assert "Nothing was imported" not in html
    assert "Es wurde nichts" not in html


def test_an_import_into_an_organisation_that_is_no_longer_a_cluster_is_refused(
    cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    token = token_for(cast.coordinator)
    rows = [["Name", "Country"], ["Zweite Neue GmbH", cast.cluster.country_id]]
    body = upload(client, token, cast.cluster.slug, "one.csv", as_csv(rows)).json()
    assert run_queued_tasks() == 1
    assert (
        client.post(f"{API}/{body['id']}/import", headers={"authorization": token}).status_code
        == 202
    )
    # a platform administrator turned it into an SME meanwhile
    Organisation.objects.filter(pk=cast.cluster.pk).update(
        kind="sme", validation_status="", validated_until_date=None, review_requested_at=None
    )
    assert run_queued_tasks() == 1
    assert not Organisation.objects.filter(name="Zweite Neue GmbH").exists()
    found = client.get(
        f"{API}/{body['id']}", headers={"authorization": token, "accept-language": "de"}
    ).json()
    assert found["status"] == "checked"
    with translation.override("de"):
        expected = translation.gettext(
            "Nothing was imported: %(name)s is not a cluster any more. Start the import again "
            "from a cluster's page."
        ) % {"name": cast.cluster.name}
    assert found["error"] == expected
