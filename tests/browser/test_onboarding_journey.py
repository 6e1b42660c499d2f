"""Journeys 1 and 2 of issue 10 in a real browser, each starting from sign-up on a fresh database:
register an organisation, claim one (by e-mail domain or by a manager's approval), join a
cluster, and accept an invitation on /me/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from crosscluster.directory.models import ClusterMembership
from tests.browser.people import confirm_email, log_in, sign_up
from tests.browser.people import origin as _origin
from tests.cast import make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_up_and_ask_to_join(page: Page, *, cluster_slug: str) -> None:
    """A newcomer signs up, registers "New Sensors" (DE) and asks the cluster to join it."""
    sign_up(page, "founder@newsensors.example")
    page.goto("/directory/register/")
    page.get_by_label("Name").fill("New Sensors")
    page.get_by_label("Country").select_option("DE")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("you manage its profile")).to_be_visible()
    page.goto(f"/directory/organisations/{cluster_slug}/")
    page.get_by_label("Message to the cluster's managers").fill("We make sensors.")
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_text("Asked: the cluster's managers will decide.")).to_be_visible()


def test_a_newcomer_registers_an_organisation_after_a_duplicate_warning(cast, page: Page) -> None:  # type: ignore[no-untyped-def]
    make_organisation("Robotique Lyon SARL", city="Lyon")
    sign_up(page, "founder@robotique-lyon.example")
    page.goto("/me/")
    page.get_by_role("link", name="Register your organisation").click()
    page.get_by_label("Name").fill("Robotique Lyon")
    page.get_by_label("Country").select_option("FR")
    page.get_by_label("Description").fill("We integrate collaborative robots in food factories.")
    page.get_by_role("button", name="Register").click()
    warning = page.get_by_test_id("duplicates")
    expect(warning).to_contain_text("Is this you?")
    expect(warning.get_by_role("link", name="Claim it")).to_be_visible()
    page.get_by_label("My organisation is none of the organisations listed above").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("you manage its profile")).to_be_visible()
    page.goto("/directory/?q=robotique")
    expect(
        page.locator("#directory-body").get_by_role("link", name="Robotique Lyon", exact=True)
    ).to_be_visible()
    page.goto("/marketplace/new/")
    expect(page.get_by_role("option", name="Robotique Lyon", exact=True)).to_have_count(1)


def test_an_address_at_the_web_domain_confirms_a_claim_at_once(
    cast, page: Page, mailoutbox
) -> None:  # type: ignore[no-untyped-def]
    firm = make_organisation("Domain Firm", website="https://www.domainfirm.example/")
    sign_up(page, "anna@domainfirm.example")
    confirm_email(page, mailoutbox)
    page.goto(f"/directory/organisations/{firm.slug}/")
    page.get_by_role("link", name="I work here: claim this organisation").click()
    page.get_by_role("button", name="Claim this organisation").click()
    expect(page.get_by_text("Confirmed by your e-mail address")).to_be_visible()
    expect(page.get_by_role("link", name="Edit the profile")).to_be_visible()


def test_a_cluster_manager_approves_a_claim_in_the_browser(cast, page: Page, browser) -> None:  # type: ignore[no-untyped-def]
    sign_up(page, "someone@elsewhere.example")
    page.goto(f"/directory/organisations/{cast.sme.slug}/claim/")
    page.get_by_label("How you work for the organisation").fill("I run its vision lab.")
    page.get_by_role("button", name="Claim this organisation").click()
    expect(page.get_by_test_id("claim-pending")).to_be_visible()

    manager = browser.new_context(base_url=_origin(page)).new_page()
    log_in(manager, cast.coordinator.email)  # manages the SME's cluster
    manager.goto("/directory/requests/")
    card = manager.locator("li.card", has_text="someone@elsewhere.example")
    expect(card).to_contain_text("I run its vision lab.")
    card.get_by_role("button", name="Approve").click()
    expect(manager.get_by_text("The claim was decided.")).to_be_visible()
    manager.context.close()

    page.goto(f"/directory/organisations/{cast.sme.slug}/")
    expect(page.get_by_role("link", name="Edit the profile")).to_be_visible()


def test_an_organisation_asks_to_join_and_the_manager_approves(cast, page: Page, browser) -> None:  # type: ignore[no-untyped-def]
    sign_up_and_ask_to_join(page, cluster_slug=cast.other_cluster.slug)

    manager = browser.new_context(base_url=_origin(page)).new_page()
    log_in(manager, cast.cluster_manager.email)
    manager.goto("/directory/requests/")
    card = manager.locator("li.card", has_text="New Sensors")
    card.get_by_role("button", name="Approve").click()
    expect(manager.get_by_text("The request was decided.")).to_be_visible()
    manager.goto(f"/directory/organisations/{cast.other_cluster.slug}/")
    expect(manager.get_by_role("link", name="New Sensors")).to_be_visible()
    manager.context.close()
    assert ClusterMembership.objects.filter(
        cluster=cast.other_cluster, member__name="New Sensors"
    ).exists()


def test_an_invitation_waits_on_me_and_is_accepted_there(cast, page: Page, browser) -> None:  # type: ignore[no-untyped-def]
    sign_up(page, "colleague@example.eu")
    manager = browser.new_context(base_url=_origin(page)).new_page()
    log_in(manager, cast.outsider.email)  # manages Unrelated SME
    manager.goto("/me/")
    manager.get_by_label("Colleague's e-mail").fill("colleague@example.eu")
    manager.get_by_role("button", name="Invite").click()
    expect(manager.get_by_text("Invitation sent to colleague@example.eu.")).to_be_visible()
    manager.context.close()

    page.goto("/me/")
    invitations = page.get_by_role("region", name="Invitations waiting for you")
    expect(invitations).to_contain_text("Unrelated SME")
    invitations.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("You joined Unrelated SME.")).to_be_visible()
    expect(page.get_by_role("link", name="Unrelated SME")).to_be_visible()
