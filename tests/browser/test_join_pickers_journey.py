"""Pickers that keep what people typed, by keyboard at phone and desktop widths: an
organisation's manager finds by name the cluster it asks to join; a coordinator picks a support
mechanism's region among its country's (also in the form htmx brings back after an addition);
and with JavaScript off, "Find" and "List the chosen country's regions" show the form again
with the message and the name already typed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from crosscluster.directory.models import ClusterJoinRequest
from crosscluster.directory.tests.factories import make_region
from crosscluster.strategy.models import SupportMechanism
from tests.browser.test_controls_journey import fits, signed_in
from tests.cast import PASSWORD, make_country

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _without_javascript(browser: Browser, base_url: str, email: str) -> Page:
    context = browser.new_context(
        base_url=base_url, timezone_id="Europe/Paris", locale="en-GB", java_script_enabled=False
    )
    context.set_default_timeout(30_000)
    context.set_default_navigation_timeout(60_000)
    page = context.new_page()
    page.goto("/accounts/login/")  # as people.log_in, whose account menu needs JavaScript
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))
    page.set_viewport_size({"width": 390, "height": 900})
    return page


@pytest.mark.parametrize("width", [390, 1280])
def test_a_manager_finds_the_cluster_to_join_by_keyboard(
    cast, browser: Browser, live_server, width: int
) -> None:
    page = signed_in(browser, live_server.url, cast.outsider.email, width)  # Unrelated SME
    page.goto(reverse("directory:organisation", args=[cast.other_sme.slug]))
    search = page.get_by_label("Cluster", exact=True)
    search.fill("pole")
    search.press("Enter")  # searches at once, the first match takes the focus
    match = page.get_by_role("radio", name=re.compile("^Pole Test Cluster"))
    expect(match).to_be_focused()
    page.keyboard.press("Space")
    expect(match).to_be_checked()
    form = page.locator("form", has=page.locator("#join-cluster-heading"))
    form.get_by_label("Message to the cluster's managers").fill("We make sensors.")
    assert fits(page)
    form.get_by_role("button", name="Ask to join").last.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Asked: the cluster's managers will decide.")).to_be_visible()
    made = ClusterJoinRequest.objects.get()
    assert (made.cluster, made.organisation, made.message) == (
        cast.cluster,
        cast.other_sme,
        "We make sensors.",
    )
    # the cluster now waits: it is not offered again
    search = page.get_by_label("Cluster", exact=True)
    search.fill("pole")
    search.press("Enter")
    expect(page.get_by_role("radio", name=re.compile("^Pole Test Cluster"))).to_have_count(0)
    page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_support_mechanisms_region_follows_its_country(
    cast, browser: Browser, live_server, width: int
) -> None:
    make_country("ES", "ESP", "Spain")
    make_region("ES51", "Cataluña", "ES")
    make_region("FR10", "Ile-de-France", "FR")
    page = signed_in(browser, live_server.url, cast.coordinator.email, width)
    page.goto(reverse("strategy:section", args=[cast.partnership.slug, "support"]))
    expect(page.get_by_role("button", name="List the chosen country's regions")).to_be_hidden()
    for count, (mechanism, country, region) in enumerate(
        [("Vouchers", "ES", "ES51"), ("Loans", "FR", "FR10")], start=1
    ):
        # the second time in the form htmx brought back after the first addition
        page.get_by_label("Mechanism", exact=True).fill(mechanism)
        page.get_by_label("Country", exact=True).select_option(country)
        regions = page.get_by_label("Region", exact=True)
        expect(regions.locator(f"option[value='{region}']")).to_have_count(1)
        regions.focus()
        regions.select_option(region)
        assert fits(page)
        page.get_by_label("Mechanism", exact=True).focus()
        page.keyboard.press("Enter")  # Enter adds (the first button is "Save")
        expect(page.get_by_role("status").filter(has_text="Added.")).to_be_visible()
        expect(page.locator(".item-list li")).to_have_count(count)
    assert sorted(SupportMechanism.objects.values_list("mechanism", "region_id")) == [
        ("Loans", "FR10"),
        ("Vouchers", "ES51"),
    ]
    page.context.close()


def test_without_javascript_find_and_regions_keep_what_was_typed(
    cast, browser: Browser, live_server
) -> None:
    page = _without_javascript(browser, live_server.url, cast.cluster_manager.email)
    page.goto(reverse("directory:organisation", args=[cast.other_cluster.slug]))
    form = page.locator("form", has=page.locator("#invite-heading"))
    form.get_by_label("Message").fill("Welcome to the Baltic cluster.")
    form.get_by_label("Organisation").fill("unrelated")
    form.get_by_role("button", name="Find").click()
    form = page.locator("form", has=page.locator("#invite-heading"))
    expect(form.get_by_label("Message")).to_have_value("Welcome to the Baltic cluster.")
    expect(page.get_by_role("alert")).to_have_count(0)
    form.get_by_role("radio", name=re.compile("^Unrelated SME")).check()
    form.get_by_role("button", name="Invite").last.click()
    expect(page.get_by_text("Unrelated SME is invited")).to_be_visible()
    invited = ClusterJoinRequest.objects.get()
    assert (invited.organisation, invited.message) == (
        cast.other_sme,
        "Welcome to the Baltic cluster.",
    )
    page.context.close()

    make_country("ES", "ESP", "Spain")
    make_region("ES51", "Cataluña", "ES")
    page = _without_javascript(browser, live_server.url, cast.coordinator.email)
    page.goto(reverse("strategy:section", args=[cast.partnership.slug, "support"]))
    page.get_by_label("Mechanism", exact=True).fill("Vouchers")
    page.get_by_label("Country", exact=True).select_option("ES")
    page.get_by_role("button", name="List the chosen country's regions").click()
    expect(page.get_by_label("Mechanism", exact=True)).to_have_value("Vouchers")
    page.get_by_label("Region", exact=True).select_option("ES51")
    page.get_by_label("Authority", exact=True).fill("Generalitat")
    page.get_by_role("button", name="Add", exact=True).click()
    assert SupportMechanism.objects.get().region_id == "ES51"
    page.context.close()
