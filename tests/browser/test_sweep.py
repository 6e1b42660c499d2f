"""The browser sweep (issue 13): every page of the demo, anonymous and as the demo coordinator, at
390 px and 1,280 px, fails on page overflow, tap targets under 40 px and controls or tags left
to the browser's defaults at 390 px, console errors, failed requests and serious or critical
axe-core violations.

"Every page" is every page reachable by links from the home page, one address per URL pattern
(the second partner page finds nothing the first did not, and would double the run time): one
browser context per role, its one tab reused; each role is its own test, so pytest-xdist runs
the roles (and the German sweep's, test_sweep_german.py) side by side. axe-core comes from
axe-playwright-python, which ships ``axe.min.js`` (MPL-2.0) in its wheel: nothing is fetched.
Each problem is reported with its page, so one run lists them all.
"""

from __future__ import annotations

import io
import os
import sqlite3
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from crosscluster.brokerage.models import B2BSession, Participant
from crosscluster.demo import accounts
from crosscluster.demo import brokerage as demo_brokerage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1280)
# Pages a sweep does not open: files (opened and read back by their own tests; /me/data/ is the
# person's data as a JSON download), the admin (Django's own pages), the API's JSON, and actions.
SKIPPED_PREFIXES = (
    "/admin/",
    "/static/",
    "/media/",
    "/api/v1/",
    "/accounts/logout/",
    "/me/data/",
)
SKIPPED_SUFFIXES = (
    ".pdf",
    ".ics",
    ".xlsx",
    ".docx",
    ".csv",
    ".json",
    ".zip",
    ".png",
    ".svg",
    ".atom",
    ".xml",
)
MAX_PAGES = int(os.environ.get("CROSSCLUSTER_SWEEP_MAX_PAGES", "120"))
SERIOUS = {"serious", "critical"}
LOAD_SECONDS = 30
# Pages known to be slow, with the reason; they get more time, and are still checked for the rest.
KNOWN_SLOW: dict[str, str] = {}
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TAP_TARGET_PX = 40
# What a finger taps at 390 px, each at least 40 x 40 px (issue 13): links, buttons, inputs,
# selects, summaries, and a checkbox's or radio button's label (else the box itself). Exempt: a
# link inside running text (display inline, in a block whose own text outside its links has a
# letter: WCAG 2.5.8's inline exception), and what is not shown (hidden, visually hidden,
# scrolled off above or left). A row of links separated only by "·", "|" or "←" is no sentence:
# its links are checked (the design system's .link-row gives them their 40 px).
SMALL_TAP_TARGETS = """size => {
  const style = element => getComputedStyle(element);
  const ownText = block => {
    let text = '';
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.closest('a, button, select, textarea, script, style')) text += node.data;
    }
    return text;
  };
  const inRunningText = element => {
    if (style(element).display !== 'inline') return false;
    let block = element.parentElement;
    while (block && style(block).display.startsWith('inline')) block = block.parentElement;
    return !!block && /\\p{L}/u.test(ownText(block));
  };
  const describe = element => {
    const text = (element.innerText || element.value || element.getAttribute('aria-label') || '')
      .trim().slice(0, 40);
    const classes = typeof element.className === 'string' && element.className.trim()
      ? '.' + element.className.trim().split(/\\s+/).join('.') : '';
    return element.tagName.toLowerCase() + classes + (text ? ` "${text}"` : '');
  };
  const targets = new Set();
  const selector = 'a[href], button, select, textarea, summary, input:not([type=hidden])';
  document.querySelectorAll(selector).forEach(element => {
    if (element.matches('input[type=checkbox], input[type=radio]')) {
      const label = element.closest('label')
        || (element.id && document.querySelector(`label[for="${CSS.escape(element.id)}"]`));
      targets.add(label || element);
    } else {
      targets.add(element);
    }
  });
  const found = [];
  for (const element of targets) {
    const box = element.getBoundingClientRect();
    if (box.width <= 2 || box.height <= 2 || box.bottom < 0 || box.right < 0) continue;
    if (style(element).visibility === 'hidden') continue;
    if (element.matches('a') && inRunningText(element)) continue;
    if (box.width < size - 0.5 || box.height < size - 0.5) {
      found.push(`${describe(element)} ${Math.round(box.width)}x${Math.round(box.height)} px`);
    }
  }
  return found;
}"""


# Nothing left to the browser's defaults (issue 13: native grey buttons, tiny inputs, tags run
# together as plain text): a control shown in Chromium's own 13.33 px control font (the design
# system's controls inherit the site's font), and a tag (.tag, .tags li) without a background
# or a border.
UNSTYLED = """() => {
  const shown = element => {
    const box = element.getBoundingClientRect();
    return box.width > 2 && box.height > 2 && getComputedStyle(element).visibility !== 'hidden';
  };
  const name = element => element.tagName.toLowerCase()
    + (element.type && element.tagName === 'INPUT' ? `[type=${element.type}]` : '')
    + ` "${(element.innerText || element.value || element.name || '').trim().slice(0, 40)}"`;
  const found = [];
  const controls = 'button, select, textarea, '
    + 'input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=range])';
  document.querySelectorAll(controls).forEach(element => {
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (shown(element) && Math.abs(size - 40 / 3) < 0.01) found.push(`unstyled control: ${name(element)}`);
  });
  document.querySelectorAll('.tag, .tags > li').forEach(element => {
    const style = getComputedStyle(element);
    const bare = style.backgroundColor === 'rgba(0, 0, 0, 0)' && style.borderTopStyle === 'none';
    if (shown(element) && bare) found.push(`unstyled tag: ${name(element)}`);
  });
  return found;
}"""


@dataclass
class Sweep:
    problems: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    axe_checked: set[str] = field(default_factory=set)


def pattern(path: str) -> str | None:
    """The URL pattern an address belongs to (``brokerage:agenda``), or None when not a page."""
    if path.startswith(SKIPPED_PREFIXES) or path.lower().endswith(SKIPPED_SUFFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name or match.route


def same_site_links(page: Page, origin: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        "a[href]:not([download])", "links => links.map(link => link.href)"
    )
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def axe_problems(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"axe {violation['id']} ({violation['impact']}): {violation['help']} "
        f"at {', '.join(str(node['target']) for node in violation['nodes'][:3])}"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def unstyled(page: Page) -> list[str]:
    return list(page.evaluate(UNSTYLED))


def small_tap_targets(page: Page) -> list[str]:
    return [
        f"tap target under {TAP_TARGET_PX} px: {target}"
        for target in page.evaluate(SMALL_TAP_TARGETS, TAP_TARGET_PX)
    ]


def visit(
    page: Page, path: str, sweep: Sweep, *, role: str, with_axe: bool, seconds: int = LOAD_SECONDS
) -> None:
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console error: {message.text}")

    def on_failed(request: Request) -> None:
        # ERR_ABORTED: the previous page's fetch, cancelled when the sweep moved on.
        if "ERR_ABORTED" not in str(request.failure):
            errors.append(f"request failed: {request.url} ({request.failure})")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            errors.append(f"HTTP {response.status}: {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            if width == WIDTHS[0]:
                try:
                    page.goto(path, wait_until="load", timeout=seconds * 1000)
                except PlaywrightTimeoutError:
                    errors.append(f"not loaded after {seconds} s")
                    break
            else:
                page.wait_for_timeout(50)  # the resize's handlers (the folding menu) run
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                wide = page.evaluate(
                    """width => [...document.querySelectorAll('body *')]
                    .filter(element => element.getBoundingClientRect().right > width + 1)
                    .filter(element => !element.closest('.table-scroll'))
                    .slice(0, 3)
                    .map(element => element.tagName.toLowerCase()
                        + (element.className ? '.' + String(element.className).split(' ').join('.') : ''))""",
                    width,
                )
                errors.append(f"{scroll_width} px wide at {width} px: {', '.join(wide)}")
            if width == WIDTHS[0]:
                errors.extend(small_tap_targets(page))
                errors.extend(unstyled(page))
            if with_axe and width == WIDTHS[1]:
                errors.extend(axe_problems(page))
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("requestfailed", on_failed)
        page.remove_listener("response", on_response)
    sweep.visited.append(f"{role} {path}")
    print(f"{role} {path}: {len(errors)} problems", *errors, sep="\n    ", flush=True)
    sweep.problems.extend(f"{role} {path}: {error}" for error in errors)


def crawl(
    page: Page,
    origin: str,
    sweep: Sweep,
    *,
    role: str,
    also: tuple[str, ...] = (),
    language: str = "en",
    max_pages: int = MAX_PAGES,
    with_axe: bool = True,
    check: Callable[[Page, str], list[str]] | None = None,
) -> None:
    """Pages reachable from the home page in ``language``, and from ``also`` (pages a link
    reaches only from one address of a pattern the crawl has already seen at another, like the B2B
    event's page); ``check`` adds a page's own problems (the German sweep's English left)."""
    home = "/" if language == "en" else f"/{language}/"
    seen: set[str] = set()
    queue: deque[str] = deque([home, *also])
    while queue and len(seen) < max_pages:
        path = queue.popleft()
        if not path.startswith(home):
            continue  # another language's page (the language switch)
        with translation.override(language):
            name = pattern(path.split("?")[0])
        if name is None or name in seen:
            continue
        seen.add(name)
        seconds = LOAD_SECONDS * 4 if name in KNOWN_SLOW else LOAD_SECONDS
        axe = with_axe and name not in sweep.axe_checked
        try:
            visit(page, path, sweep, role=role, with_axe=axe, seconds=seconds)
        except PlaywrightError:  # the page replaced itself while measured (a refresh): again
            page.wait_for_load_state("load")
            visit(page, page.url.removeprefix(origin), sweep, role=role, with_axe=axe)
        sweep.axe_checked.add(name)
        page.wait_for_load_state("load")  # a page that redirects itself (htmx, refresh) settles
        if check is not None:
            sweep.problems.extend(f"{role} {path}: {problem}" for problem in check(page, path))
        try:
            queue.extend(same_site_links(page, origin))
        except PlaywrightError:  # it navigated while being read: read the page it went to
            page.wait_for_load_state("load")
            queue.extend(same_site_links(page, origin))


#: the seeded demo, copied once per worker (SQLite): each later test copies it back in
#: milliseconds instead of seeding again (about 20 s a test under load)
DEMO_COPY: list[sqlite3.Connection] = []


def seed_or_restore_demo() -> None:
    """The demo in the test database: seeded the first time, then restored from its SQLite
    copy (the tables are emptied after each test). Other databases are seeded every time."""
    if connection.vendor != "sqlite":
        call_command("seed_demo", "--with-demo-users", stdout=io.StringIO())
        return
    connection.ensure_connection()
    live = connection.connection
    if DEMO_COPY:
        DEMO_COPY[0].backup(live)
        return
    call_command("seed_demo", "--with-demo-users", stdout=io.StringIO())
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    live.backup(copy)
    DEMO_COPY.append(copy)


@pytest.fixture
def demo(transactional_db: None) -> Iterator[None]:
    with override_settings(PASSWORD_HASHERS=FAST_HASHER, DEBUG=True):
        seed_or_restore_demo()
        yield


def b2b_pages(language: str = "en") -> dict[str, str]:
    """The demo's illustrative B2B session: its pages by name (the agenda is the coordinator's,
    who is registered for Pôle SCS; availability and requests are sections of the session page
    of a registered participant, the registration form that of someone who is not)."""
    session = B2BSession.objects.get(event__slug=demo_brokerage.EVENT_SLUG)
    mine = Participant.objects.get(session=session, user__email=accounts.COORDINATOR.email)
    with translation.override(language):
        return {
            "session": reverse("brokerage:session", args=[session.pk]),
            "set-up": reverse("brokerage:set_up", args=[session.event_id]),
            "organise": reverse("brokerage:organise", args=[session.pk]),
            "tables": reverse("brokerage:tables", args=[session.pk]),
            "agenda": reverse("brokerage:agenda", args=[session.pk, mine.pk]),
        }


def log_in(page: Page, email: str, language: str = "en") -> None:
    with translation.override(language):
        address = reverse("account_login")
        labels = [translation.gettext(text) for text in ("E-mail", "Password", "Log in")]
    page.goto(address)
    page.get_by_label(labels[0]).fill(email)
    page.get_by_label(labels[1]).fill(accounts.DEFAULT_PASSWORD)
    page.get_by_role("button", name=labels[2]).click()
    page.wait_for_load_state("load")


#: the roles a sweep takes, each its own test: the e-mail it logs in with (None: anonymous)
ROLES = {"anonymous": None, "coordinator": accounts.COORDINATOR.email}


def new_page(browser: Browser, origin: str, *, zone: str, locale: str) -> Page:
    context = browser.new_context(base_url=origin, timezone_id=zone, locale=locale)
    context.set_default_timeout(20_000)
    return context.new_page()


def sweep_as(
    browser: Browser,
    origin: str,
    role: str,
    *,
    language: str = "en",
    zone: str = "Europe/Paris",
    locale: str = "en-GB",
    **options: Any,
) -> Sweep:
    """One role's crawl in its own browser context (logged in unless anonymous), starting also
    from the B2B pages it may see; ``options`` go to ``crawl``."""
    sweep = Sweep()
    page = new_page(browser, origin, zone=zone, locale=locale)
    b2b = b2b_pages(language)
    email = ROLES[role]
    if email is not None:
        log_in(page, email, language)
    with translation.override(language):
        overview = reverse("desk:overview")  # the signed-in menu's first link, opened for sure
    also = (*b2b.values(), overview) if email is not None else (b2b["session"],)
    crawl(page, origin, sweep, role=role, also=also, language=language, **options)
    page.context.close()
    for path in also:
        assert f"{role} {path}" in sweep.visited
    return sweep


def test_the_sweeps_checks_can_fail(browser: Browser) -> None:
    """axe finds a missing alternative text, the width check a wide block, the tap-target check
    a small button, a lone link and the links of a row separated by "·" (no sentence), but not a
    link inside a sentence, the style check a native button and bare tags; with the site's
    stylesheet, a row marked .link-row and the button and tags pass."""
    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 900})
    row = '<a href="#c">← Back</a> · <a href="#d">All news</a> (2)'
    page.set_content(
        '<main><img src="data:," width="900" height="10">'
        '<button style="padding:0;height:20px;min-height:0">OK</button>'
        '<ul class="tags"><li>Robotics</li></ul><span class="tag">AI</span>'
        '<ul><li><a href="#a">Alone in its item</a></li></ul>'
        '<p>A sentence with <a href="#b">a link inside it</a> reads on.</p>'
        f'<p class="small">{row}</p><p class="link-row">{row}</p></main>'
    )
    assert any("image-alt" in problem for problem in axe_problems(page))
    assert page.evaluate("document.documentElement.scrollWidth") > 390
    small = small_tap_targets(page)
    assert len(small) == 6, small
    assert 'button "OK"' in small[0]
    assert 'a "Alone in its item"' in small[1]
    assert ['a "← Back"' in small[2], 'a "All news"' in small[3]] == [True, True]
    assert unstyled(page) == [
        'unstyled control: button "OK"',
        'unstyled tag: li "Robotics"',
        'unstyled tag: span "AI"',
    ]
    page.add_style_tag(path=finders.find("crosscluster/site.css"))
    small = small_tap_targets(page)
    assert len(small) == 3, small  # the button's own 20 px, and the row without the class
    assert ['a "← Back"' in small[1], 'a "All news"' in small[2]] == [True, True]
    assert unstyled(page) == []
    page.close()


# Each role's half of the demo with axe: 3 to 5 minutes on the shared 2-core machine, more under
# load; the project's 300 s default stopped the whole sweep at about 100 pages.
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_the_demo_fits_phones_and_desktops_without_errors(
    demo, browser: Browser, live_server, role: str
) -> None:
    sweep = sweep_as(browser, live_server.url, role)
    print(f"\nsweep as {role}: {len(sweep.visited)} page visits, {len(sweep.axe_checked)} axe runs")
    assert len(sweep.visited) > 20, sweep.visited
    assert not sweep.problems, "\n".join(sweep.problems)


def test_the_b2b_pages_fit_phones_and_desktops_without_errors(
    demo, browser: Browser, live_server
) -> None:
    """The B2B pages alone (also in the sweep above, which takes minutes): set-up, registration,
    availability and requests, organise and run, the table plan and an agenda, each at 390 px and
    1,280 px with axe, as the organiser (registered too), a member not registered, and anonymously."""
    sweep = Sweep()
    b2b = b2b_pages()
    for role, email, names in (
        ("anonymous", None, ["session"]),
        ("manager", accounts.MANAGER.email, ["session"]),
        ("coordinator", accounts.COORDINATOR.email, list(b2b)),
    ):
        page = new_page(browser, live_server.url, zone="Europe/Paris", locale="en-GB")
        if email is not None:
            log_in(page, email)
        for name in names:
            visit(page, b2b[name], sweep, role=role, with_axe=True)
            text = page.inner_text("main")
            if role == "manager":
                assert page.get_by_role("button", name="Register").count() == 1
            if role == "coordinator" and name == "session":
                assert "When you can meet" in text
                assert "Meeting requests" in text
            if name in ("tables", "agenda"):
                assert "Europe/Rome" in text  # the venue's time, labelled
        page.context.close()
    assert len(sweep.visited) == len(b2b) + 2
    assert not sweep.problems, "\n".join(sweep.problems)
