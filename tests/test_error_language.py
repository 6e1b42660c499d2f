"""Error messages answer in the reader's language (issue 14): the API in the request's
``Accept-Language``, the pages in their address's language. The services raise them through
gettext with named placeholders (tests/test_error_text.py keeps it so)."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.accounts import services
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_active_language():  # type: ignore[no-untyped-def]
    """The German and Swedish requests activate their language: give the next test its own."""
    from django.utils import translation

    with translation.override(translation.get_language()):
        yield


def _patch_me(client: Client, key: str, reader: str, **data: str):  # type: ignore[no-untyped-def]
    return client.patch(
        "/api/v1/accounts/me",
        data=data,
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}", "Accept-Language": reader},
    )


def test_a_refused_api_write_says_why_in_the_requested_language(cast: Cast, client: Client) -> None:
    key = services.create_api_token(user=cast.sme_member, name="w", scope="write").key
    german = _patch_me(client, key, "de", timezone="Mars/Olympus")
    assert german.status_code == 400
    assert german["Content-Language"] == "de"
    assert german.json()["errors"]["timezone"] == [
        "'Mars/Olympus' ist keine bekannte Zeitzone: Verwenden Sie einen Namen wie Europe/Rome."
    ]
    english = _patch_me(client, key, "en", timezone="Mars/Olympus")
    assert english.json()["errors"]["timezone"] == [
        "'Mars/Olympus' is not a known time zone: use a name like Europe/Rome."
    ]
    swedish = _patch_me(client, key, "sv", language="xx")
    assert swedish.json()["errors"]["language"][0].startswith("'xx' erbjuds inte: välj ett av ")
    cast.sme_member.refresh_from_db()
    assert cast.sme_member.timezone != "Mars/Olympus"  # nothing half-written


def test_the_apis_own_answers_follow_the_language(client: Client) -> None:
    missing = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "de"})
    assert missing.status_code == 404
    assert missing.json()["detail"] == (
        "Keine API-Operation unter /api/v1/no-such-thing: siehe /api/v1/docs."
    )
    french = client.get("/api/v1/notifications/999999999", headers={"Accept-Language": "fr"})
    assert french.status_code in {401, 404}
    assert "Not" not in french.json()["detail"]


def test_a_permission_error_of_a_service_is_read_in_the_readers_language(cast: Cast) -> None:
    from django.core.exceptions import PermissionDenied
    from django.utils import translation

    from crosscluster.businessplan.services import NOT_A_COORDINATOR
    from crosscluster.partnerships import queries

    with translation.override("de"), pytest.raises(PermissionDenied) as refused:
        queries.require_coordinator(
            user=cast.sme_member,
            partnership_id=cast.partnership.pk,
            message=NOT_A_COORDINATOR,
        )
    # the message is lazy: it is put in words where it is shown, in that reader's language
    with translation.override("de"):
        assert str(refused.value) == (
            "Nur die Koordinatoren der Partnerschaft dürfen ihren Geschäftsplan ändern."
        )
    with translation.override("it"):
        assert str(refused.value) == (
            "Solo i coordinatori del partenariato possono modificarne il piano aziendale."
        )


def test_a_service_error_on_a_german_page_is_german(cast: Cast, client: Client) -> None:
    # the only manager of a cluster may not leave it: the service refuses, the page says why
    client.force_login(cast.cluster_manager)
    page = client.post(
        f"/de/me/organisations/{cast.other_cluster.pk}/leave/", follow=True
    ).content.decode()
    assert "Eine Organisation behält mindestens einen Verwalter: Ernennen Sie zuerst" in page
    assert "An organisation keeps at least one manager" not in page


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/v1/marketplace/opportunities/999999", "No such opportunity."),
        ("/api/v1/content/news/999999", "No such news post."),
    ],
)
def test_an_object_that_is_not_there_is_said_in_the_readers_language(
    client: Client, path: str, message: str
) -> None:
    """A query's "no such …", passed on as the 404's message, in the request's language."""
    from django.utils import translation

    english = client.get(path)
    assert (english.status_code, english.json()["detail"]) == (404, message)
    for language in ("de", "sv"):
        answer = client.get(path, headers={"Accept-Language": language})
        with translation.override(language):
            expected = translation.gettext(message)
        assert expected != message
        assert (answer.status_code, answer.json()["detail"]) == (404, expected)
