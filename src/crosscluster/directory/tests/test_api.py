"""The organisations API: search, one organisation, taxonomy, and writes by members only."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.directory.models import Organisation, OrganisationTag
from crosscluster.directory.tests.factories import make_vocabulary

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(cast) -> dict[str, object]:
    tags = make_vocabulary()
    OrganisationTag.objects.create(organisation=cast.sme, tag=tags["robotics"], level=4)
    OrganisationTag.objects.create(organisation=cast.sme, tag=tags["health-care"], level=5)
    OrganisationTag.objects.create(
        organisation=cast.sme, tag=tags["training-and-skills-development"], level=5
    )
    return tags


def test_list_filters_and_paginates(
    cast, tagged, client: Client, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/organisations/", {"country": "FR", "type": "sme"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["slug"] == cast.sme.slug
    assert item["country"] == "FR"
    assert item["country_name"] == "France"
    # strongest first; services are not among the top tags
    assert [t["slug"] for t in item["top_tags"]] == ["health-care", "robotics"]
    by_tag = client.get("/api/v1/organisations/", {"technology": "robotics"}).json()
    assert [i["slug"] for i in by_tag["items"]] == [cast.sme.slug]
    by_text = client.get("/api/v1/organisations/", {"q": "baltic"}).json()
    assert [i["slug"] for i in by_text["items"]] == [cast.other_cluster.slug]
    involved = client.get("/api/v1/organisations/", {"partnership": cast.partnership.slug}).json()
    assert {i["slug"] for i in involved["items"]} == {
        cast.cluster.slug, cast.other_cluster.slug, cast.sme.slug,
    }  # fmt: skip
    page = client.get("/api/v1/organisations/", {"page": 1, "page_size": 2}).json()
    assert page["count"] == 4
    assert len(page["items"]) == 2


def test_unknown_filter_values_are_a_400_naming_the_parameter(cast, client: Client) -> None:
    response = client.get("/api/v1/organisations/", {"country": "XX", "sector": "warp"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["country"] == ["Unknown value(s) 'XX': use ISO 3166 two-letter codes such as DE."]
    assert "sector" in errors


def test_one_organisation_with_tags_members_and_validation(cast, tagged, client: Client) -> None:
    body = client.get(f"/api/v1/organisations/{cast.cluster.slug}").json()
    assert body["members_count"] == 1
    assert body["validation"] == {
        "status": "provisional",
        "valid_until": None,
        "review_requested_at": None,
    }
    sme = client.get(f"/api/v1/organisations/{cast.sme.slug}").json()
    assert sme["validation"] is None
    assert sme["members_count"] is None
    assert {(t["facet"], t["slug"], t["level"]) for t in sme["tags"]} == {
        ("technologies", "robotics", 4),
        ("sectors", "health-care", 5),
        ("services", "training-and-skills-development", 5),
    }
    assert sme["clusters"][0]["slug"] == cast.cluster.slug
    assert sme["source"]["citation"] == "Source: Entered by its members"
    assert client.get("/api/v1/organisations/nobody").status_code == 404


def test_taxonomy_lists_the_vocabulary_by_facet(tagged, client: Client) -> None:
    body = client.get("/api/v1/organisations/taxonomy").json()
    assert [t["slug"] for t in body["sectors"]] == ["health-care", "manufacturing-and-processing"]
    assert len(body["technologies"]) == 3
    assert len(body["services"]) == 1
    assert body["source"] == "European Commission, EDIH catalogue"


def test_patch_needs_a_token_of_a_member(cast, tagged, client: Client, token_for) -> None:
    url = f"/api/v1/organisations/{cast.sme.slug}"
    assert client.patch(url, {"city": "x"}, content_type="application/json").status_code == 401
    for who in ("outsider", "cluster_manager", "coordinator"):
        response = client.patch(
            url,
            {"city": "Hijacked"},
            content_type="application/json",
            headers={"Authorization": token_for(getattr(cast, who))},
        )
        assert response.status_code == 403, who
    cast.sme.refresh_from_db()
    assert cast.sme.city == ""
    response = client.patch(
        url,
        {
            "city": "Grenoble",
            "tags": [{"facet": "technologies", "slug": "digital-twins", "level": 3}],
        },
        content_type="application/json",
        headers={"Authorization": token_for(cast.sme_member)},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["city"] == "Grenoble"
    assert [(t["slug"], t["level"]) for t in body["tags"]] == [("digital-twins", 3)]
    cast.sme.refresh_from_db()
    assert cast.sme.search_text == "vision systems sme grenoble"


def test_administrators_patch_any_organisation(cast, client: Client, token_for) -> None:
    response = client.patch(
        f"/api/v1/organisations/{cast.other_sme.slug}",
        {"website": "https://unrelated.example.de"},
        content_type="application/json",
        headers={"Authorization": token_for(cast.administrator)},
    )
    assert response.status_code == 200
    assert Organisation.objects.get(pk=cast.other_sme.pk).website == "https://unrelated.example.de"


def test_patch_bad_input_names_the_field_and_changes_nothing(
    cast, tagged, client: Client, token_for
) -> None:
    url = f"/api/v1/organisations/{cast.sme.slug}"
    auth = {"Authorization": token_for(cast.sme_member)}
    response = client.patch(
        url,
        {"city": "Lost", "tags": [{"facet": "technologies", "slug": "robotics", "level": 6}]},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"tags": ["Give 'Robotics' a level from 1 to 5 (got 6)."]}
    response = client.patch(
        url, {"management_staff": "many"}, content_type="application/json", headers=auth
    )
    assert response.status_code == 422
    assert "management_staff" in response.json()["errors"]
    response = client.patch(url, {"kind": "cluster"}, content_type="application/json", headers=auth)
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]
    cast.sme.refresh_from_db()
    assert cast.sme.city == ""
    assert cast.sme.kind == "sme"
    assert cast.sme.organisation_tags.count() == 3


def test_a_token_sees_the_private_partnership_a_session_sees(
    cast, client: Client, token_for
) -> None:
    """Searching within a private partnership: its coordinator gets the same answer with a
    bearer token as with a session; the public is told there is no such partnership."""
    cast.partnership.is_public = False
    cast.partnership.save()
    url, within = "/api/v1/organisations/", {"partnership": cast.partnership.slug}
    assert client.get(url, within).status_code == 400
    with_token = client.get(url, within, HTTP_AUTHORIZATION=token_for(cast.coordinator))
    client.force_login(cast.coordinator)
    with_session = client.get(url, within)
    assert with_token.status_code == with_session.status_code == 200
    assert with_token.json() == with_session.json()
    assert with_token.json()["count"] > 0
