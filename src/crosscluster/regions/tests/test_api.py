"""The guidelines over the API: reads for members, writes with a coordinator's token."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from crosscluster.regions.models import Recommendation, S3Priority
from crosscluster.regions.tests.helpers import build_guidelines

pytestmark = pytest.mark.django_db


def call(client: Client, method: str, address: str, token: str, body: object = None):  # type: ignore[no-untyped-def]
    return getattr(client, method)(
        address,
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        HTTP_AUTHORIZATION=token,
    )


def test_a_coordinator_builds_the_guidelines_through_the_api(cast, token_for) -> None:
    setup = build_guidelines(cast)
    client = Client()
    token = token_for(cast.coordinator)
    base = f"/api/v1/regions/{cast.partnership.slug}"

    region = call(client, "get", f"{base}/regions/{setup.basque.pk}", token).json()
    assert [c["key"] for c in region["candidates"]] == [
        "sectors:manufacturing",
        "sectors:health-care",
    ]
    assert region["region"]["indicator"]["year"] == 2018

    adopted = call(
        client,
        "post",
        f"{base}/regions/{setup.basque.pk}/priorities/adopt",
        token,
        {"keys": ["sectors:manufacturing"]},
    )
    assert adopted.status_code == 201
    assert adopted.json()[0]["is_derived"]
    assert adopted.json()[0]["origin"] == "derived"

    entered = call(
        client,
        "post",
        f"{base}/regions/{setup.german.pk}/priorities",
        token,
        {
            "title": "Plasma technologies",
            "tags": ["technologies:cybersecurity"],
            "source_url": "https://example.eu/ris3-mv.pdf",
            "source_vintage": "RIS3 2021-2027",
        },
    )
    assert entered.status_code == 201, entered.content
    priority_id = entered.json()["id"]
    patched = call(
        client, "patch", f"{base}/priorities/{priority_id}", token, {"description": "Plasma."}
    )
    assert patched.json()["description"] == "Plasma."
    assert patched.json()["source_vintage"] == "RIS3 2021-2027"

    guidelines = call(client, "get", base, token).json()
    matrix = guidelines["matrix"]
    assert [row["label"] for row in matrix["rows"]] == ["Internet of Things", "Cybersecurity"]
    columns = [column["title"] for column in matrix["columns"]]
    iot = dict(zip(columns, matrix["rows"][0]["cells"], strict=True))
    cyber = dict(zip(columns, matrix["rows"][1]["cells"], strict=True))
    assert iot["Manufacturing"]["level"] == "strong"
    assert iot["Manufacturing"]["score"] == 1.0
    assert cyber["Plasma technologies"]["level"] == "strong"
    assert cyber["Manufacturing"]["level"] == "none"

    generated = call(client, "post", f"{base}/recommendations/generate", token).json()
    assert generated["created"] == Recommendation.objects.count() > 0
    recommendation = Recommendation.objects.first()
    edited = call(
        client, "patch", f"{base}/recommendations/{recommendation.pk}", token, {"body": "Ours."}
    ).json()
    assert edited["is_edited"]
    assert edited["body"] == "Ours."
    assert edited["title"] == recommendation.title

    moved = call(
        client,
        "put",
        f"{base}/partners/{cast.other_cluster.pk}/region",
        token,
        {"region": "PT19", "source": "published", "source_note": "https://example.eu (2020)"},
    )
    assert moved.json()["region"] == "PT19"
    assert moved.json()["source"] == "published"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        (
            {
                "title": "X",
                "tags": ["nope"],
                "source_url": "https://e.eu",
                "source_vintage": "2022",
            },
            "tags",
        ),
        ({"title": "X", "source_url": "https://e.eu"}, "source_vintage"),
    ],
)
def test_bad_priorities_are_400_with_the_field_and_write_nothing(
    cast, token_for, body, field
) -> None:
    setup = build_guidelines(cast)
    response = call(
        Client(),
        "post",
        f"/api/v1/regions/{cast.partnership.slug}/regions/{setup.basque.pk}/priorities",
        token_for(cast.coordinator),
        body,
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert S3Priority.objects.count() == 0


def test_a_bad_region_code_is_400(cast, token_for) -> None:
    build_guidelines(cast)
    response = call(
        Client(),
        "put",
        f"/api/v1/regions/{cast.partnership.slug}/partners/{cast.cluster.pk}/region",
        token_for(cast.coordinator),
        {"region": "Basque Country"},
    )
    assert response.status_code == 400
    assert "region" in response.json()["errors"]
