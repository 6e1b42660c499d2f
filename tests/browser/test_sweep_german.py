"""The sweep in German (issue 14), on the first pages a visitor and the demo coordinator reach
from the home page: each fits 390 px and 1,280 px without errors (``test_sweep.visit``: the
longest language must not break the layout), and no English is left in the site's chrome.

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
from collections import deque

import pytest
from django.utils import translation
from django.utils.translation import trans_real
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from crosscluster.demo import accounts
from tests.browser.test_sweep import (
    SKIPPED_PREFIXES,
    Sweep,
    demo,
    pattern,
    same_site_links,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["demo"]

#: distinct pages (URL patterns) per role; the whole demo is swept in English by test_sweep
PAGES = int(os.environ.get("CROSSCLUSTER_SWEEP_GERMAN_PAGES", "14"))
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


def sweep_in_german(
    page: Page, origin: str, sweep: Sweep, english: frozenset[str], *, role: str
) -> None:
    seen: set[str] = set()
    queue: deque[str] = deque(["/de/"])
    while queue and len(seen) < PAGES:
        path = queue.popleft()
        if path.removeprefix("/de").startswith(SKIPPED_PREFIXES):
            continue  # files, the admin, the API: as the English sweep
        with translation.override("de"):
            name = pattern(path.split("?")[0])
        if name is None or name in seen or not path.startswith("/de/"):
            continue
        seen.add(name)
        try:
            visit(page, path, sweep, role=role, with_axe=False)
        except PlaywrightError:  # the page replaced itself while measured (a refresh): again
            page.wait_for_load_state("load")
            visit(page, page.url.removeprefix(origin), sweep, role=role, with_axe=False)
        page.wait_for_load_state("load")
        if page.evaluate("document.documentElement.lang") != "de":
            sweep.problems.append(f"{role} {path}: the page is not in German")
        sweep.problems.extend(
            f"{role} {path}: {problem}" for problem in english_left(page, english)
        )
        queue.extend(same_site_links(page, origin))


def test_the_first_pages_in_german_fit_and_leave_no_english_in_the_chrome(
    demo, browser: Browser, live_server
) -> None:
    english = english_catalogue_strings()
    assert "Marketplace" in english  # the check can find something
    sweep = Sweep()
    context = browser.new_context(
        base_url=live_server.url, timezone_id="Europe/Berlin", locale="de-DE"
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.set_content(
        '<html lang="de"><body><header><a href="#">Marketplace</a></header></body></html>'
    )
    assert english_left(page, english) == ["English chrome text 'Marketplace'"]
    sweep_in_german(page, live_server.url, sweep, english, role="anonymous")

    page.goto("/de/accounts/login/")
    with translation.override("de"):
        email, password, log_in = (
            translation.gettext("E-mail"),
            translation.gettext("Password"),
            translation.gettext("Log in"),
        )
    page.get_by_label(email).fill(accounts.COORDINATOR.email)
    page.get_by_label(password).fill(accounts.DEFAULT_PASSWORD)
    page.get_by_role("button", name=log_in).click()
    page.wait_for_load_state("load")
    sweep_in_german(page, live_server.url, sweep, english, role="coordinator")
    context.close()

    print(f"\ngerman sweep: {len(sweep.visited)} page visits")
    assert len(sweep.visited) >= min(2 * PAGES - 4, 40), sweep.visited  # the demo has fewer
    assert not sweep.problems, "\n".join(sweep.problems)
