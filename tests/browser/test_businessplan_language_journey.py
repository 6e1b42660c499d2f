"""A member reads the business plan on a phone in Swedish and in Italian: the amounts and shares
in the language's format, the catalogue's notes and official programme names in the language,
and no page scrolls sideways at 390 px (wide tables scroll in their own box)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from crosscluster.businessplan.catalogue import load_catalogue
from crosscluster.businessplan.models import FundingInstrument
from crosscluster.businessplan.tests.helpers import NOW, build_plan
from tests.browser.people import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: per language: a figure of the hand-computed plan (total cost 32,000; national 60%), the
#: official name of Horizon Europe and the first words of its translated notes
READINGS = {
    "sv": ("32 000,00", "60 %", "Horisont Europa", "Forsknings- och innovationsåtgärder"),
    "it": ("32.000,00", "60%", "Orizzonte Europa", "Le azioni di ricerca e innovazione"),
}


@pytest.mark.parametrize("language", sorted(READINGS))
def test_the_business_plan_reads_in_the_members_language_on_a_phone(
    page: Page, cast, language: str
) -> None:  # type: ignore[no-untyped-def]
    load_catalogue(FundingInstrument, now=NOW)  # a transactional test flushed the migration's rows
    build_plan(cast)
    total, share, horizon, notes = READINGS[language]
    log_in(page, cast.sme_member.email)
    page.set_viewport_size({"width": 390, "height": 844})
    slug = cast.partnership.slug
    page.goto(f"/{language}/business-plans/{slug}/")
    main = page.locator("main")
    expect(main).to_contain_text(total.replace(" ", "\u00a0"))
    expect(main).to_contain_text(share.replace(" ", "\u00a0"))
    assert not re.search(r"\b32,000\.00\b", main.inner_text())  # not the English format
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.goto(f"/{language}/business-plans/{slug}/instruments/")
    expect(main).to_contain_text(horizon)
    expect(main).to_contain_text(notes)
    expect(main).not_to_contain_text("Research and innovation actions are funded")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.goto(f"/{language}/business-plans/{slug}/calls/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
