"""Rendering PDFs (WeasyPrint) without reaching out: every PDF goes through ``render_pdf``.

Documents carry people's text (a need's description, a meeting's message, a note). WeasyPrint
fetches every URL a document names (images, style sheets, fonts), so a ``<img src="http://...">``
or a ``file:///etc/passwd`` in that text would make the server fetch it. ``render_pdf`` passes a
fetcher (``_fetcher``) that answers ``data:`` URIs and files inside this package's own ``static``
folders, and refuses everything else (WeasyPrint then leaves the resource out and goes on).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import crosscluster

#: the package's own static folders: the only files a PDF may embed
PACKAGE_ROOT = Path(crosscluster.__file__).resolve().parent


class RefusedURLError(ValueError):
    """A document named a URL that PDFs may not fetch."""


def is_allowed(url: str) -> bool:
    """``data:`` URIs, and ``file:`` URLs of files under a ``static`` folder of this package."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(PACKAGE_ROOT):
        return False
    return "static" in path.relative_to(PACKAGE_ROOT).parts[:-1]


def _fetcher() -> Any:
    """WeasyPrint's URL fetcher for our PDFs: refuses every URL ``is_allowed`` does not allow.

    WeasyPrint 68+ takes a ``URLFetcher`` instance; older versions a function.
    """
    import weasyprint.urls

    if hasattr(weasyprint.urls, "URLFetcher"):

        class AllowedOnly(weasyprint.urls.URLFetcher):
            def fetch(self, url: str, headers: Any = None) -> Any:
                if not is_allowed(url):
                    raise RefusedURLError(f"PDF rendering does not fetch {url[:80]!r}")
                return super().fetch(url, headers)

        return AllowedOnly(allowed_protocols=("data", "file"), allow_redirects=False)

    def fetch_allowed_only(url: str, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover
        if not is_allowed(url):
            raise RefusedURLError(f"PDF rendering does not fetch {url[:80]!r}")
        return weasyprint.urls.default_url_fetcher(url, *args, **kwargs)

    return fetch_allowed_only


def render_pdf(html: str, *, uncompressed: bool = False) -> bytes:
    """``html`` as PDF; relative URLs resolve to nothing fetchable (no base URL is given).
    ``uncompressed`` keeps the PDF's objects readable (for tests that read it back)."""
    from weasyprint import HTML  # lazy: loads Pango

    return bytes(HTML(string=html, url_fetcher=_fetcher()).write_pdf(uncompressed_pdf=uncompressed))


def warm_up() -> None:
    """Load WeasyPrint, Pango and the fonts now: a worker that makes documents calls it when it
    starts. The first PDF of a process otherwise pays for them (2.3-3.1 s for a one-page
    document, 0.3-0.4 s once warm; the import is 1.3-2 s of it, the first layout with its fonts
    the rest; docs/benchmarks.md)."""
    render_pdf("<p style=\"font-family: 'DejaVu Sans', sans-serif\">.</p>")
