"""Pickers instead of typed codes, by keyboard at phone and desktop widths: a roadmap action's
KPIs as rows (name, target, unit) added and fixed in place, a support mechanism's authority
found by its name, and an organisation's region list following its country."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from crosscluster.directory.tests.factories import make_region
from crosscluster.strategy.models import Kpi, SupportMechanism
from tests.browser.test_controls_journey import fits, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_a_coordinator_adds_kpi_rows_and_picks_an_authority_by_keyboard(
    cast, browser: Browser, live_server, width: int
) -> None:
    page = signed_in(browser, live_server.url, cast.coordinator.email, width)
    page.goto(reverse("strategy:section", args=[cast.partnership.slug, "roadmap"]))
    page.get_by_label("Action", exact=True).fill("Trade mission to Japan")
    page.get_by_label("Owner (partner)").select_option(label=cast.cluster.name)
    page.get_by_label("Start", exact=True).fill("2026-03-01")
    page.get_by_label("End", exact=True).fill("2026-12-31")
    first = page.get_by_role("group", name="KPI 1")
    first.get_by_label("Indicator").fill("SMEs taking part")
    first.get_by_label("Target").fill("forty")
    first.get_by_label("Unit").fill("SMEs")
    # "Add another KPI" by keyboard: the new row comes, its first field takes the focus
    page.get_by_role("button", name="Add another KPI").focus()
    page.keyboard.press("Enter")
    second = page.get_by_role("group", name="KPI 2")
    expect(second.get_by_label("Indicator")).to_be_focused()
    page.keyboard.type("Meetings held")
    page.keyboard.press("Tab")
    page.keyboard.type("12")
    assert fits(page)
    page.keyboard.press("Enter")  # Enter adds the action (not a row's "Remove")
    expect(page.get_by_role("alert").filter(has_text="KPI 1")).to_contain_text(
        "KPI 1: the target must be a number, e.g. 40 or 12.5 (got 'forty')."
    )
    assert not Kpi.objects.exists()
    page.get_by_role("group", name="KPI 1").get_by_label("Target").fill("40")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Added.")).to_be_visible()
    assert [(k.name, k.target, k.unit) for k in Kpi.objects.order_by("position")] == [
        ("SMEs taking part", Decimal("40.00"), "SMEs"),
        ("Meetings held", Decimal("12.00"), ""),
    ]

    # the authority of a support mechanism, found by its name and chosen by keyboard
    page.goto(reverse("strategy:section", args=[cast.partnership.slug, "support"]))
    page.get_by_label("Mechanism", exact=True).fill("Export vouchers")
    search = page.get_by_label("Authority in the directory")
    search.fill("balt")
    search.press("Enter")  # searches at once, the first match takes the focus
    match = page.get_by_role("radio", name=re.compile("^Baltic Test Cluster"))
    expect(match).to_be_focused()
    page.keyboard.press("Space")
    expect(match).to_be_checked()
    assert fits(page)
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Added.")).to_be_visible()
    assert SupportMechanism.objects.get().organisation == cast.other_cluster
    page.context.close()


def test_the_region_list_follows_the_country_chosen(cast, browser: Browser, live_server) -> None:
    make_region("FRK2", "Rhône-Alpes", "FR")
    make_region("DE21", "Oberbayern", "DE")
    page = signed_in(browser, live_server.url, cast.coordinator.email, 1280)
    page.goto(reverse("directory:organisation_edit", args=[cast.cluster.slug]))
    region = page.get_by_label("Region", exact=True)
    expect(region.locator("option", has_text="Rhône-Alpes")).to_have_count(1)
    page.get_by_label("Country", exact=True).select_option("DE")
    expect(region.locator("option", has_text="Oberbayern · DE21")).to_have_count(1)
    expect(region.locator("option", has_text="Rhône-Alpes")).to_have_count(0)
    region.select_option("DE21")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The organisation's profile was saved.")).to_be_visible()
    page.context.close()
