"""Issue 12: a cluster manager, on a phone (390 px), goes from the cluster's page to the import,
uploads a CSV, reads the check (one row with a problem named by row and column), maps the
columns again (its competences column among them), asks for the matched organisations to be updated
and reads what would change, then imports every row, the new members tagged and the matched one
updated; nothing overflows the screen, no script error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.directory.models import ClusterMembership, Organisation, OrganisationTag
from crosscluster.directory.tests.factories import make_vocabulary
from tests.browser.people import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    b"Firma;Land;Art;Web;Kompetenzen\n"
    b"Nordlicht Sensorik;DE;SME;www.nordlicht.example.de;Robotik:4, Digitale Zwillinge\n"
    b"Mecca Tronica;FR;SME;;\n"
    b"Unrelated SME GmbH;DE;sme;;Robotik\n"
)


def fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def check_again(page: Page, table: str, text: str) -> Locator:
    """Send the columns form; the worker checks the file; the page shows ``table`` with ``text``
    and still fits the screen."""
    page.get_by_role("button", name="Check again with these columns").click()
    run_queued_tasks()
    found = page.get_by_test_id(table)
    expect(found).to_contain_text(text, timeout=15_000)
    assert fits(page)
    return found


def test_a_cluster_manager_imports_members_from_a_csv_on_a_phone(page: Page, cast) -> None:  # type: ignore[no-untyped-def]
    make_vocabulary()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, cast.cluster_manager.email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/directory/organisations/{cast.other_cluster.slug}/")
    page.get_by_role("link", name="Import members from a file (CSV, XLSX, CORDIS)").click()
    expect(page.get_by_role("heading", name="Import organisations")).to_be_visible()
    expect(page.get_by_label("Cluster the organisations join")).to_have_value(
        cast.other_cluster.slug
    )
    page.get_by_label("File").set_input_files(
        files=[{"name": "mitglieder.csv", "mimeType": "text/csv", "buffer": CSV}]
    )
    assert fits(page)
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Import of mitglieder.csv")).to_be_visible()
    run_queued_tasks()  # the worker checks the file; the page updates itself
    problems = page.get_by_test_id("problems")
    expect(problems).to_contain_text("No column holds the name", timeout=15_000)
    assert fits(page)
    page.get_by_label("Name *").select_option("Firma")
    page.get_by_label("Country (ISO code or name) *").select_option("Land")
    page.get_by_label("Type").select_option("Art")
    page.get_by_label("Website").select_option("Web")
    page.get_by_label("Technologies (taxonomy labels").select_option("Kompetenzen")
    preview = check_again(page, "preview", "Nordlicht Sensorik")
    expect(preview).to_contain_text("Already in the directory (same name in the same country)")
    # the option, from the keyboard: the matched organisation takes the file's technologies
    page.get_by_label("Update matched organisations").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Update matched organisations")).to_be_checked()
    expect(check_again(page, "changes", "Unrelated SME GmbH")).to_contain_text("Robotics:3")
    page.get_by_role("button", name="Import all 3 rows").click()
    run_queued_tasks()
    expect(page.get_by_test_id("import-done")).to_contain_text(
        "Imported: 2 new organisations; 3 members added to the cluster.", timeout=15_000
    )
    expect(page.get_by_test_id("import-updated")).to_contain_text(
        "1 organisation already in the directory updated from the file."
    )
    assert fits(page)
    assert Organisation.objects.get(name="Nordlicht Sensorik").website == (
        "https://www.nordlicht.example.de"
    )
    assert ClusterMembership.objects.filter(
        cluster=cast.other_cluster, member=cast.other_sme
    ).exists()
    tags = OrganisationTag.objects.filter(organisation__name="Nordlicht Sensorik")
    assert dict(tags.values_list("tag__label", "level")) == {"Robotics": 4, "Digital twins": 3}
    # matched, and updated as asked: its technologies are the file's now
    tags = OrganisationTag.objects.filter(organisation=cast.other_sme)
    assert dict(tags.values_list("tag__label", "level")) == {"Robotics": 3}
    assert not errors, errors
