"""Journey 2 of issue 10, the parts after "ask to join" (test_onboarding_journey has the request
approved and an invitation of a person accepted on /me/), in a real browser from sign-up on a
fresh database: a cluster's manager declines a request to join with a reason, then invites the
organisation, whose manager accepts; the cluster's manager removes it again. Its manager invites
a colleague, hands the manager role over (the last manager cannot leave before) and leaves."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from crosscluster.accounts.models import OrganisationMembership
from crosscluster.directory.models import ClusterJoinRequest, ClusterMembership, RequestStatus
from tests.browser.people import log_in, sign_up
from tests.browser.people import origin as _origin
from tests.browser.test_onboarding_journey import sign_up_and_ask_to_join

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_cluster_declines_invites_and_removes_and_a_manager_hands_over_and_leaves(  # type: ignore[no-untyped-def]
    cast, page: Page, browser
) -> None:
    sign_up_and_ask_to_join(page, cluster_slug=cast.other_cluster.slug)

    # the cluster's manager declines with a reason, then invites the organisation after all
    manager = browser.new_context(base_url=_origin(page)).new_page()
    log_in(manager, cast.cluster_manager.email)
    manager.goto("/directory/requests/")
    card = manager.locator("li.card", has_text="New Sensors")
    card.get_by_label("Reason (required to decline)").fill("Only Baltic companies so far.")
    card.get_by_role("button", name="Decline").click()
    expect(manager.get_by_text("The request was decided.")).to_be_visible()
    declined = ClusterJoinRequest.objects.get(organisation__name="New Sensors")
    assert (declined.status, declined.reason) == (
        RequestStatus.DECLINED,
        "Only Baltic companies so far.",
    )
    manager.goto(f"/directory/organisations/{cast.other_cluster.slug}/")
    # found by its profile's address, pasted (the page lists it to choose)
    manager.get_by_label("Organisation", exact=True).fill("/directory/organisations/new-sensors/")
    manager.get_by_role("radio", name=re.compile("^New Sensors")).check()
    manager.get_by_role("button", name="Invite", exact=True).click()
    expect(manager.get_by_text("New Sensors is invited; its managers will answer.")).to_be_visible()

    page.goto("/directory/requests/")
    invitation = page.locator("li.card", has_text="to become a member")
    expect(invitation).to_contain_text(cast.other_cluster.name)
    invitation.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("The request was decided.")).to_be_visible()
    assert ClusterMembership.objects.filter(
        cluster=cast.other_cluster, member__name="New Sensors"
    ).exists()

    manager.goto(f"/directory/organisations/{cast.other_cluster.slug}/")
    manager.get_by_role("button", name="Remove New Sensors from the members").click()
    expect(manager.get_by_text("New Sensors is no longer a member.")).to_be_visible()
    manager.context.close()
    assert not ClusterMembership.objects.filter(member__name="New Sensors").exists()

    # the founder invites a colleague, hands the manager role over and leaves
    page.goto("/me/")
    page.get_by_label("Colleague's e-mail").fill("colleague@newsensors.example")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("Invitation sent to colleague@newsensors.example.")).to_be_visible()
    colleague = browser.new_context(base_url=_origin(page)).new_page()
    sign_up(colleague, "colleague@newsensors.example")
    colleague.goto("/me/")
    colleague.get_by_role("region", name="Invitations waiting for you").get_by_role(
        "button", name="Accept"
    ).click()
    expect(colleague.get_by_text("You joined New Sensors.")).to_be_visible()

    page.goto("/me/")  # the last manager is not offered Leave: the page says to hand over
    expect(page.get_by_role("button", name="Leave")).to_have_count(0)
    expect(page.get_by_text("The only manager: make someone else manager first.")).to_be_visible()
    page.get_by_role("link", name="People").click()
    row = page.get_by_role("row", name="colleague@newsensors.example")
    row.get_by_label("Role").select_option("manager")
    row.get_by_role("button", name="Save role").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.goto("/me/")
    page.get_by_role("button", name="Leave").click()
    expect(page.get_by_text("You left the organisation.")).to_be_visible()
    colleague.context.close()
    assert list(
        OrganisationMembership.objects.filter(organisation__name="New Sensors").values_list(
            "user__email", "role"
        )
    ) == [("colleague@newsensors.example", "manager")]
