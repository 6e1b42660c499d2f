"""The check-in desk at the scale of a real day: 50 participants a page with numbered pages, and
"Not arrived yet" for who is still missing (the page and the API alike); an arrival sends the
desk back to the page and filter it was on."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosscluster.brokerage import services
from crosscluster.brokerage.tests.factories import NOW, join
from crosscluster.brokerage.tests.onsite_helpers import coming_session, published_day
from crosscluster.brokerage.tests.test_onsite_pages import api, login
from crosscluster.brokerage.views.onsite import CHECK_IN_PAGE
from tests.cast import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(cast):  # type: ignore[no-untyped-def]
    session = coming_session(cast)
    people, _ = published_day(cast, session, now=NOW)
    crowd = [
        join(session, make_user(f"guest{n:02}@example.eu"), cast.other_sme, name=f"Guest {n:02}")
        for n in range(CHECK_IN_PAGE)
    ]
    return {"session": session, "crowd": crowd, **people}


def _rows(page: str) -> list[str]:
    return re.findall(r'data-testid="check-in-(\d+)"', page)


def test_the_desk_lists_a_page_at_a_time(cast, desk, client: Client) -> None:  # type: ignore[no-untyped-def]
    login(client, cast.coordinator)
    url = reverse("brokerage:check_in", args=[desk["session"].pk])
    first = client.get(url).content.decode()
    total = CHECK_IN_PAGE + 3
    assert len(_rows(first)) == CHECK_IN_PAGE
    assert f"0 of {total} arrived." in first  # the count is of everyone, not of the page
    assert "Page 1 of 2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert len(_rows(second)) == 3
    assert set(_rows(first)).isdisjoint(_rows(second))
    # a search is paged too, and its pages keep the words
    searched = client.get(url, {"q": "unrelated"}).content.decode()  # the guests and Carla
    assert len(_rows(searched)) == CHECK_IN_PAGE
    assert 'href="?q=unrelated&amp;page=2"' in searched


def test_not_arrived_yet_and_back_to_the_same_page(cast, desk, client: Client) -> None:  # type: ignore[no-untyped-def]
    login(client, cast.coordinator)
    url = reverse("brokerage:check_in", args=[desk["session"].pk])
    for person in desk["crowd"][:40]:
        services.check_in(user=cast.coordinator, participant=person, arrived=True, now=NOW)
    waiting = client.get(url, {"show": "waiting"}).content.decode()
    assert len(_rows(waiting)) == CHECK_IN_PAGE + 3 - 40
    assert str(desk["crowd"][0].pk) not in _rows(waiting)
    assert f"40 of {CHECK_IN_PAGE + 3} arrived." in waiting
    assert "?show=waiting" in waiting  # the live search keeps the filter
    # the arrival form sends the desk back where it was
    ada = desk["ada"].pk
    assert '?show=waiting&amp;page=1"' in waiting
    response = client.post(
        reverse("brokerage:arrival", args=[ada]),
        {"arrived": "1", "next": f"{url}?show=waiting&page=1"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}?show=waiting&page=1"
    assert str(ada) not in _rows(client.get(response["Location"]).content.decode())


def test_the_api_lists_who_has_not_arrived(cast, desk, client: Client, token_for) -> None:  # type: ignore[no-untyped-def]
    services.check_in(
        user=cast.coordinator, participant=desk["ada"], arrived=True, now=timezone.now()
    )
    token = token_for(cast.coordinator)
    path = f"/sessions/{desk['session'].pk}/check-in?waiting=true&q=a"
    names = [row["display_name"] for row in api(client, "get", path, token).json()["items"]]
    assert "Ada" not in names
    assert "Carla" in names
    everyone = api(client, "get", path.replace("waiting=true", "waiting=false"), token).json()
    assert "Ada" in [row["display_name"] for row in everyone["items"]]
