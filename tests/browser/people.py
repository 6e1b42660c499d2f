"""What a person does in the browser before a journey: sign up, confirm the address from the
e-mail, log in and out (English pages; the sweeps log in with the demo's accounts themselves)."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from crosscluster.accounts.models import User
from tests.cast import PASSWORD


def origin(page: Page) -> str:
    """The live server's address (scheme and host) of the page's current address."""
    scheme, _, host = page.url.split("/", 3)[:3]
    return f"{scheme}//{host}"


def sign_up(page: Page, email: str) -> User:
    page.goto("/accounts/signup/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile(r"Password \(again\)")).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(account_menu(page)).to_be_visible()
    return User.objects.get(email=email)


def confirm_email(page: Page, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    """Follow the confirmation link of the last e-mail sent, as its recipient would."""
    link = re.search(r"https?://\S+/confirm-email/\S+", mailoutbox[-1].body)
    assert link, mailoutbox[-1].body
    page.goto(re.sub(r"^https?://[^/]+", "", link.group(0)))
    page.get_by_role("button", name="Confirm").click()


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(account_menu(page)).to_be_visible()


def account_menu(page: Page) -> Locator:
    """The header's "Your account" menu button (signed in: the account page and "Log out")."""
    return page.locator("#nav-links").get_by_role("button", name=re.compile(r"^Your account"))


def log_out(page: Page) -> None:
    account_menu(page).click()
    page.locator("#account-menu").get_by_role("button", name="Log out").click()
