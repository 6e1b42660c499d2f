"""Issue 10, journeys 3 and 4 in a real browser, on a fresh database, from sign-up: a cluster
manager creates a partnership, invites a cluster whose manager accepts, an administrator approves
it and it is public; a coordinator builds the work plan, marks a task done with a link, sees the
progress change and hands the coordination over."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from crosscluster.accounts.models import OrganisationMembership, User
from crosscluster.directory.models import OrganisationKind
from crosscluster.partnerships.models import (
    ApprovalStatus,
    Partnership,
    PartnershipCoordinator,
    PartnershipMember,
)
from tests.browser.people import log_in, log_out, sign_up
from tests.cast import PASSWORD, make_country, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_cluster_manager_creates_a_partnership_a_cluster_joins_and_an_administrator_approves(
    page: Page,
) -> None:
    make_country()
    germany = make_country("DE", "DEU", "Germany")
    make_country("US", "USA", "United States")
    robotics = make_organisation("Robotics Valley Cluster", OrganisationKind.CLUSTER)
    baltic = make_organisation("Baltic Laser Cluster", OrganisationKind.CLUSTER, germany)
    baltic_manager = make_user("baltic@example.eu")
    OrganisationMembership.objects.create(user=baltic_manager, organisation=baltic, role="manager")
    User.objects.create_superuser(email="admin@example.eu", password=PASSWORD)

    ada = sign_up(page, "ada@example.eu")
    # Onboarding her cluster is journey 1 (another page); her membership is set up here.
    OrganisationMembership.objects.create(user=ada, organisation=robotics, role="manager")

    page.goto("/partnerships/")
    page.get_by_role("link", name="Create a partnership").click()
    page.get_by_label("Coordinating cluster").select_option(label="Robotics Valley Cluster")
    page.get_by_label("Name").fill("Robots Going Global")
    page.get_by_label("Acronym").fill("RGG")
    page.get_by_label("Type of partnership").select_option("escp-4i")
    page.get_by_label("Partnership origin").fill("COSME - ESCP-4i")
    countries = page.get_by_role("group", name="Target countries")
    countries.get_by_label("United States", exact=True).check()
    page.get_by_label("Start of partnership").fill("2026-01-01")
    page.get_by_label("Partnership duration (months)").fill("24")
    page.get_by_label("Summary and objectives").fill("Robotics clusters **going international**.")
    page.get_by_label("Results expected").fill("- a joint strategy")
    page.get_by_label("Sectoral and industrial focus").fill("Robotics\nAdvanced manufacturing")
    page.get_by_role("button", name="Create the partnership").click()
    expect(page.get_by_role("heading", name=re.compile("Robots Going Global"))).to_be_visible()
    expect(page.locator("p.notice")).to_contain_text("Awaiting approval")
    assert Partnership.objects.get(slug="rgg").approval_status == ApprovalStatus.PENDING

    page.get_by_role("link", name="Partners and coordinators").click()
    page.get_by_label("Cluster to invite").select_option(label="Baltic Laser Cluster (DE)")
    page.get_by_label("Message").fill("Join us for the study visits.")
    page.get_by_role("button", name="Invite").click()
    expect(
        page.get_by_text("Baltic Laser Cluster is invited; its managers answer.")
    ).to_be_visible()
    log_out(page)

    log_in(page, "baltic@example.eu")
    page.goto("/partnerships/")
    page.get_by_role("link", name="Invitations to answer").click()
    expect(page.get_by_role("heading", name="Robots Going Global")).to_be_visible()
    page.get_by_role("button", name="Accept").click()
    expect(
        page.get_by_text("Baltic Laser Cluster is now a partner of Robots Going Global.")
    ).to_be_visible()
    assert PartnershipMember.objects.filter(partnership__slug="rgg", organisation=baltic).exists()
    log_out(page)

    # Not public yet: the visitor does not find it.
    assert page.goto("/partnerships/rgg/").status == 404  # type: ignore[union-attr]

    log_in(page, "admin@example.eu")
    page.goto("/partnerships/")
    page.get_by_role("link", name="Awaiting approval").click()
    expect(page.get_by_role("link", name="Robots Going Global")).to_be_visible()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Robots Going Global is approved.")).to_be_visible()
    log_out(page)

    page.goto("/partnerships/")
    page.get_by_role("link", name="Robots Going Global").click()
    expect(page.get_by_role("heading", name="Partners")).to_be_visible()
    expect(page.get_by_role("cell", name="Baltic Laser Cluster")).to_be_visible()
    expect(page.locator("p.notice")).to_have_count(0)


def test_a_coordinator_builds_the_work_plan_and_hands_over(cast, page: Page) -> None:
    bea = sign_up(page, "bea@example.eu")
    OrganisationMembership.objects.create(user=bea, organisation=cast.cluster, role="member")
    log_out(page)

    log_in(page, cast.coordinator.email)
    page.goto(f"/partnerships/{cast.partnership.slug}/")
    page.get_by_role("link", name="Edit the work plan").click()
    page.get_by_role("link", name="Add a work package").click()
    page.get_by_label("Title of the work package").fill("Mapping of competences")
    page.get_by_label("Leader").select_option(label="Pole Test Cluster")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="WP1 · Mapping of competences")).to_be_visible()

    def add_item(kind: str, code: str, title: str, weight: str, due: str) -> None:
        page.get_by_role("link", name="Add an item to WP1").click()
        page.get_by_label("Kind").select_option(kind)
        page.get_by_label("Code").fill(code)
        page.get_by_label("Title").fill(title)
        page.get_by_label("Weight").fill(weight)
        page.get_by_label("Due date").fill(due)
        page.get_by_label("Owner organisation").select_option(label="Baltic Test Cluster")
        page.get_by_role("button", name="Save").click()

    # A due date after the partnership's end is refused, naming the field.
    add_item("task", "T1.1", "Map the SMEs' competences", "3", "2027-06-30")
    expect(page.get_by_role("alert")).to_contain_text("outside the partnership's period")
    page.get_by_label("Due date").fill("2019-06-30")
    page.get_by_role("button", name="Save").click()
    add_item("deliverable", "D1.1", "Competence map", "1", "2021-02-28")
    progress = page.locator("#progress-figure")
    expect(progress).to_have_text("0% completed")

    page.get_by_role("link", name="Mark T1.1 done").click()
    page.get_by_label("Link to the evidence").fill("https://example.eu/competence-map.pdf")
    page.get_by_label("Done on").fill("2019-06-28")
    page.get_by_role("button", name="Mark done").click()
    expect(progress).to_have_text("75% completed")
    expect(
        page.locator("tr", has_text="T1.1").get_by_role("link", name="evidence")
    ).to_have_attribute("href", "https://example.eu/competence-map.pdf")
    expect(page.locator("tr", has_text="D1.1")).to_contain_text("1 day late at the end")

    # Hand-over: name Bea, then leave; at least one coordinator always remains.
    page.goto(f"/partnerships/{cast.partnership.slug}/partners/")
    page.get_by_label("E-mail of the new coordinator").fill("bea@example.eu")
    page.get_by_role("button", name="Name coordinator").click()
    expect(page.get_by_text("bea@example.eu is a coordinator.")).to_be_visible()
    page.get_by_role("button", name=f"Remove {cast.coordinator.email} as coordinator").click()
    expect(page.get_by_text("The coordinator was removed.")).to_be_visible()
    expect(page.get_by_role("link", name="Edit the work plan")).to_have_count(0)
    assert list(PartnershipCoordinator.objects.values_list("user__email", flat=True)) == [
        "bea@example.eu"
    ]
    log_out(page)

    log_in(page, "bea@example.eu")
    page.goto(f"/partnerships/{cast.partnership.slug}/partners/")
    expect(page.get_by_role("button", name=re.compile("^Remove"))).to_have_count(0)
    page.goto(f"/partnerships/{cast.partnership.slug}/work-plan/")
    expect(page.get_by_role("link", name="Mark D1.1 done")).to_be_visible()
