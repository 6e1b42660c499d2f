"""The sweep in German (issue 14), on every page a visitor and the demo coordinator reach from
the home page, as the English sweep: each fits 390 px and 1,280 px with tap targets of 40 px and
without errors (``test_sweep.visit``: the longest language must not break the layout), and no
English is left in the site's chrome. axe runs in the English sweep (its rules do not change
with the language).

"English left" is a text of the header, navigation, footer, or of the page's buttons, labels,
column headings, legends, headings and badges (and the ``placeholder``, ``aria-label`` and
``title`` people read) that is an English catalogue string with a different German translation
(a string rendered before the language was chosen, or not looked up), or a chrome text with
English function words. Content people wrote keeps its own language: elements inside another
``lang`` are not read.
"""

from __future__ import annotations

import os
import re

import pytest
from django.utils.translation import trans_real
from playwright.sync_api import Browser, Page

from tests.browser.test_sweep import MAX_PAGES, ROLES, demo, sweep_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["demo"]

#: distinct pages (URL patterns) per role: every page, as the English sweep
PAGES = int(os.environ.get("CROSSCLUSTER_SWEEP_GERMAN_PAGES", str(MAX_PAGES)))
ENGLISH_WORDS = re.compile(r"\b(the|and|of|your|you|with|sign in|log in|log out)\b", re.IGNORECASE)

READ_TEXTS = """() => {
  const texts = [];
  const own = element => {
    const marked = element.closest('[lang]');
    return !marked || marked.getAttribute('lang') === 'de';
  };
  const add = (where, element, text) => {
    for (const line of (text || '').split('\\n')) {
      if (line.trim()) texts.push([where, line.trim()]);
    }
  };
  document.querySelectorAll('header, nav, footer').forEach(root => {
    root.querySelectorAll('a, button, p, li, h2, label, summary, span').forEach(element => {
      if (own(element) && !element.children.length) add('chrome', element, element.innerText);
    });
  });
  const parts = 'main button, main label, main th[scope=col], main legend, main summary, '
    + 'main caption, main h1, main h2, main h3, main .badge';
  document.querySelectorAll(parts).forEach(element => {
    if (own(element)) add('page', element, element.innerText);
  });
  document.querySelectorAll('[placeholder], [aria-label], [title]').forEach(element => {
    if (!own(element)) return;
    for (const name of ['placeholder', 'aria-label', 'title']) {
      if (element.hasAttribute(name)) add(name, element, element.getAttribute(name));
    }
  });
  return texts;
}"""


def english_catalogue_strings() -> frozenset[str]:
    """Every English catalogue string (ours and Django's) whose German differs and that is not
    itself the German of another string."""
    catalogue = trans_real.translation("de")._catalog  # type: ignore[attr-defined]
    pairs = list(catalogue.items())
    german = {value for _key, value in pairs if isinstance(value, str)}
    return frozenset(
        key
        for key, value in pairs
        if isinstance(key, str)
        and "\x04" not in key
        and len(key) > 3
        and value != key
        and key not in german  # "Filter" is English and the German of "Filters"
    )


def english_left(page: Page, english: frozenset[str]) -> list[str]:
    found = []
    for where, text in page.evaluate(READ_TEXTS):
        bare = text.rstrip(":…").strip()
        if text in english or bare in english:
            found.append(f"English {where} text {text!r}")
        elif where == "chrome" and ENGLISH_WORDS.search(text):
            found.append(f"English words in the chrome: {text!r}")
    return sorted(set(found))


def german_problems(english: frozenset[str]):  # type: ignore[no-untyped-def]
    def check(page: Page, path: str) -> list[str]:
        problems = english_left(page, english)
        if page.evaluate("document.documentElement.lang") != "de":
            problems.append("the page is not in German")
        return problems

    return check


def test_the_checks_find_english_in_the_german_chrome(browser: Browser) -> None:
    english = english_catalogue_strings()
    assert "Marketplace" in english
    page = browser.new_page()
    page.set_content(
        '<html lang="de"><body><header><a href="#">Marketplace</a></header></body></html>'
    )
    assert english_left(page, english) == ["English chrome text 'Marketplace'"]
    page.close()


# Each role's pages in German without axe: about as long as the English sweep's role.
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_in_german_fits_and_leaves_no_english_in_the_chrome(
    demo, browser: Browser, live_server, role: str
) -> None:
    sweep = sweep_as(
        browser,
        live_server.url,
        role,
        language="de",
        zone="Europe/Berlin",
        locale="de-DE",
        max_pages=PAGES,
        with_axe=False,
        check=german_problems(english_catalogue_strings()),
    )
    print(f"\ngerman sweep as {role}: {len(sweep.visited)} page visits")
    assert len(sweep.visited) >= min(PAGES, 20), sweep.visited  # the demo has more
    assert not sweep.problems, "\n".join(sweep.problems)
