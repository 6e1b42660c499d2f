"""The staff's administration page (the header's "Administration" menu without JavaScript): its
links for staff and administrators, refused to everyone else; and the header's menus."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from tests.cast import Cast, make_user

pytestmark = pytest.mark.django_db


def test_staff_get_the_cluster_reviews_and_the_django_admin(cast: Cast) -> None:
    client = Client()
    client.force_login(make_user("staff@example.eu", is_staff=True))
    main = client.get("/administration/").content.decode().split('<main id="main"')[1]
    assert 'href="/directory/reviews/"' in main
    assert 'href="/admin/"' in main
    assert 'href="/partnerships/approvals/"' not in main  # approving is the administrators'


def test_administrators_also_get_what_awaits_approval_and_the_requests(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.administrator)
    main = client.get("/administration/").content.decode().split('<main id="main"')[1]
    assert 'href="/partnerships/approvals/"' in main
    assert 'href="/directory/requests/"' in main


def test_others_are_refused_and_visitors_sent_to_log_in(cast: Cast) -> None:
    client = Client()
    assert client.get("/administration/").url.startswith("/accounts/login/")
    client.force_login(cast.coordinator)
    refused = client.get("/administration/")
    assert refused.status_code == 403
    text = html.unescape(refused.content.decode())
    assert "Only the platform's staff and administrators open this page." in text


def test_the_header_groups_the_staff_links_in_one_menu(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.administrator)
    header = client.get("/").content.decode().split("</header>")[0]
    assert 'href="/administration/" class="nav-menu-link" data-menu="administration-menu"' in header
    assert '<ul class="nav-submenu" id="administration-menu" hidden>' in header
    client.force_login(cast.coordinator)
    header = client.get("/").content.decode().split("</header>")[0]
    assert "administration-menu" not in header
    assert 'data-menu="account-menu"' in header  # "Log out" is in the account menu
