"""Two web processes and one worker on one database serve the same data and sessions.

Run by .ci/run against PostgreSQL after the test suite (it needs real separate processes, which a
pytest test of one process cannot show):

    python -m tests.multiprocess.check http://127.0.0.1:8101 http://127.0.0.1:8102

with both web processes and a `crosscluster worker` running on the demo database. It signs
in on the first process, finds the same session on the second, asks the first for a document,
and waits on the second until the worker has made it; then downloads it from the first.
"""

from __future__ import annotations

import http.cookiejar
import re
import sys
import time
import urllib.parse
import urllib.request

#: the demo's coordinator (crosscluster.demo.accounts.COORDINATOR; this script does not load Django)
COORDINATOR_EMAIL = "coordinator@demo.crosscluster.invalid"
TIMEOUT_SECONDS = 180


class Browser:
    """One person's cookies, sent to whichever process a request goes to (as a load balancer
    would do with one host name)."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url: str) -> tuple[int, str, str]:
        with self.opener.open(url, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode("utf-8", "replace")

    def get_bytes(self, url: str) -> bytes:
        with self.opener.open(url, timeout=30) as response:
            return bytes(response.read())

    def post(self, url: str, fields: dict[str, str], referer: str) -> tuple[int, str, str]:
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(url, data=data, headers={"Referer": referer})  # noqa: S310
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode("utf-8", "replace")


def share_cookies_across_ports(browser: Browser, first: str, second: str) -> None:
    """Cookies are per host, not per port, in browsers; CookieJar agrees (127.0.0.1 for both)."""
    assert urllib.parse.urlsplit(first).hostname == urllib.parse.urlsplit(second).hostname


def main(first: str, second: str, password: str) -> int:
    browser = Browser()
    share_cookies_across_ports(browser, first, second)
    browser.get(f"{first}/accounts/login/")
    _status, landed, _page = browser.post(
        f"{first}/accounts/login/",
        {"login": COORDINATOR_EMAIL, "password": password},
        referer=f"{first}/accounts/login/",
    )
    assert "/accounts/login/" not in landed, "could not sign in on the first process"
    _status, _url, profile = browser.get(f"{second}/me/")
    assert COORDINATOR_EMAIL in profile, "the second process does not know the session"
    print(f"signed in on {first}; {second} knows the same session")

    _status, status_page, _page = browser.post(
        f"{first}/exports/",
        {"kind": "strategy.jis", "format": "pdf", "subject": "dia"},
        referer=f"{first}/strategy/dia/",
    )
    match = re.search(r"/exports/([^/]+)/$", status_page)
    assert match, f"no export status page after asking for the document: {status_page}"
    export_id = match.group(1)
    print(f"asked {first} for the JIS PDF: export {export_id}")
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while True:
        _status, _url, page = browser.get(f"{second}/exports/{export_id}/")
        if f"/exports/{export_id}/file/" in page:
            break
        if "The document could not be made." in page:
            raise AssertionError(f"the worker reports the export failed: {page}")
        if time.monotonic() > deadline:
            raise AssertionError(f"the worker did not make the export in {TIMEOUT_SECONDS} s")
        time.sleep(1)
    pdf = browser.get_bytes(f"{first}/exports/{export_id}/file/")
    assert pdf.startswith(b"%PDF"), "the download is not a PDF"
    print(f"the worker made it; {second} showed it done; {first} served {len(pdf):,} bytes")
    return 0


if __name__ == "__main__":
    import os

    raise SystemExit(main(sys.argv[1], sys.argv[2], os.environ["CROSSCLUSTER_DEMO_PASSWORD"]))
