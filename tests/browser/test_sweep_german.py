"""The sweep in German (issue 14), on every page a visitor and the demo coordinator reach from
the home page, as the English sweep: each fits 390 px and 1,280 px with tap targets of 40 px and
without errors (``test_sweep.visit``: the longest language must not break the layout), and no
English is left on the page. axe runs in the English sweep (its rules do not change with the
language).

"English left" (``tests/language_sweep.py``) is an English catalogue string with a different
German translation (a string rendered before the language was chosen, or not looked up), or a
sentence made from one with its values ("… is interested in …"), in any text of the page: the
header, navigation and footer, the messages, and every text of ``main`` (paragraphs, table
cells, ``<dd>``, empty states, captions, a chart's SVG text, also hidden ones), each text alone
and each block's sentence with its links, and the ``placeholder``, ``aria-label`` and ``title``
people read; in the chrome also English function words. Content people wrote keeps its own
language: elements inside another ``lang`` are not read (inside a sentence they stand as "…").
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.test_sweep import MAX_PAGES, ROLES, demo, sweep_as
from tests.language_sweep import EnglishCatalogue, english_catalogue

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
  // Every text of main and of the messages (shown or not: a closed <details>, a text for
  // screen readers), each text node alone and each block's sentence with its links; text in
  // another language inside a block stands as "…" (a name in a sentence), a block all in
  // another language is not read.
  const inline = element => getComputedStyle(element).display.startsWith('inline');
  const sentences = new Map();
  document.querySelectorAll('main, [role=status]').forEach(root => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let foreignBefore = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!node.data.trim() || parent.closest('script, style, template, noscript')) continue;
      let block = parent;
      while (block !== root && inline(block)) block = block.parentElement;
      if (!sentences.has(block)) sentences.set(block, []);
      if (!own(parent)) {
        const foreign = parent.closest('[lang]');
        if (!foreign.contains(block) && foreign !== foreignBefore) sentences.get(block).push(' … ');
        foreignBefore = foreign;
        continue;
      }
      foreignBefore = null;
      add('text', parent, node.data.replace(/\\s+/g, ' '));
      sentences.get(block).push(node.data);
    }
  });
  sentences.forEach(pieces => add('text', null, pieces.join('').replace(/\\s+/g, ' ')));
  document.querySelectorAll('[placeholder], [aria-label], [title]').forEach(element => {
    if (!own(element)) return;
    for (const name of ['placeholder', 'aria-label', 'title']) {
      if (element.hasAttribute(name)) add(name, element, element.getAttribute(name));
    }
  });
  return texts;
}"""


def english_left(page: Page, english: EnglishCatalogue) -> list[str]:
    found = []
    for where, text in page.evaluate(READ_TEXTS):
        if english.find(text):
            found.append(f"English {where} {text!r}")
        elif where == "chrome" and ENGLISH_WORDS.search(text):
            found.append(f"English words in the chrome: {text!r}")
    return sorted(set(found))


def german_problems(english: EnglishCatalogue):  # type: ignore[no-untyped-def]
    def check(page: Page, path: str) -> list[str]:
        problems = english_left(page, english)
        if page.evaluate("document.documentElement.lang") != "de":
            problems.append("the page is not in German")
        return problems

    return check


def test_the_checks_find_english_in_the_german_chrome(browser: Browser) -> None:
    page = browser.new_page()
    page.set_content(
        '<html lang="de"><body><header><a href="#">Marketplace</a></header></body></html>'
    )
    assert english_left(page, english_catalogue()) == ["English chrome 'Marketplace'"]
    page.close()


def test_the_checks_find_english_in_every_text_of_the_german_page(browser: Browser) -> None:
    """A message, a table cell, a <dd>, a sentence built around names (the names in their own
    language), a text in a closed <details>; not what people wrote in another language."""
    page = browser.new_page()
    page.set_content(
        '<html lang="de"><body><div role="status"><p>Your profile was saved.</p></div><main>'
        "<p>Kein Treffen.</p><table><tr><td>Not stated</td></tr></table>"
        "<dl><dt>Umfrage</dt><dd>No survey answers yet.</dd></dl>"
        '<p><strong lang="en">Unrelated SME</strong> is interested in '
        '<a href="#" lang="en">Vision systems</a></p>'
        "<details><summary>Mehr</summary><p>No needs recorded yet.</p></details>"
        '<p lang="en">Marketplace</p><p>Marktplatz</p></main></body></html>'
    )
    found = english_left(page, english_catalogue())
    page.close()
    assert found == [
        "English text 'No needs recorded yet.'",
        "English text 'No survey answers yet.'",
        "English text 'Not stated'",
        "English text 'Your profile was saved.'",
        "English text '… is interested in …'",
    ]


# Each role's pages in German without axe: about as long as the English sweep's role.
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_in_german_fits_and_leaves_no_english(
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
        check=german_problems(english_catalogue()),
    )
    print(f"\ngerman sweep as {role}: {len(sweep.visited)} page visits")
    assert len(sweep.visited) >= min(PAGES, 20), sweep.visited  # the demo has more
    assert not sweep.problems, "\n".join(sweep.problems)
