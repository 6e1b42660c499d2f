"""Documents never reach out (issue 11): every PDF goes through ``core.documents.pdf.render_pdf``
with a URL fetcher that refuses everything but ``data:`` URIs and the package's static files,
and every XLSX cell through ``core.documents.xlsx``."""

from __future__ import annotations

import base64
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import crosscluster
from crosscluster.core.documents.pdf import is_allowed, render_pdf
from crosscluster.strategy.tests.helpers import pdf_text

SOURCE = Path(crosscluster.__file__).resolve().parent
CANARY_CSS = 'body::after { content: "CANARY FETCHED"; }'


@pytest.fixture
def web_server() -> Iterator[tuple[str, list[str]]]:
    """A server on this machine that records every path asked of it."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = CANARY_CSS.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


def test_a_pdf_does_not_fetch_web_addresses_or_local_files_its_text_names(
    web_server: tuple[str, list[str]], tmp_path: Path
) -> None:
    address, asked = web_server
    canary = tmp_path / "canary.css"
    canary.write_text(CANARY_CSS)
    html = (
        f'<link rel="stylesheet" href="{address}/style.css">'
        f'<link rel="stylesheet" href="file://{canary}">'
        f'<p>Our need <img src="{address}/tracker.png" alt="">'
        '<a href="file:///etc/passwd">notes</a> <img src="file:///etc/passwd" alt=""></p>'
    )
    text = pdf_text(render_pdf(html))
    assert "Our need" in text
    assert asked == []
    assert "CANARY" not in text


def test_a_pdf_may_still_use_data_uris() -> None:
    """The control: the same style sheet given inline as a data URI is applied."""
    encoded = base64.b64encode(CANARY_CSS.encode()).decode()
    text = pdf_text(render_pdf(f'<link rel="stylesheet" href="data:text/css;base64,{encoded}">'))
    assert "CANARY FETCHED" in text


def test_only_data_uris_and_the_package_s_static_files_are_allowed() -> None:
    static_file = next((SOURCE / "core" / "static").rglob("*.css"))
    assert is_allowed(static_file.as_uri())
    assert is_allowed("data:image/png;base64,AAAA")
    assert not is_allowed("file:///etc/passwd")
    assert not is_allowed((SOURCE / "config" / "settings.py").as_uri())
    assert not is_allowed(f"file://{SOURCE}/core/static/../../config/settings.py")
    assert not is_allowed("http://127.0.0.1/x.png")
    assert not is_allowed("https://example.org/x.png")
    assert not is_allowed("ftp://example.org/x.png")


def _sources() -> Iterator[tuple[Path, str]]:
    for path in SOURCE.rglob("*.py"):
        if "tests" not in path.parts:
            yield path, path.read_text(encoding="utf-8")


def test_every_pdf_goes_through_the_one_renderer() -> None:
    offenders = [
        str(path.relative_to(SOURCE))
        for path, text in _sources()
        if "weasyprint" in text
        and path.name != "pdf.py"
        and ("import HTML" in text or "HTML(" in text)
    ]
    assert offenders == []


def test_every_xlsx_cell_goes_through_the_one_writer() -> None:
    """Writing a cell directly (``.cell(..., value=...)``, ``sheet["A1"] = ...``) would skip the
    formula guard: only ``core/documents/xlsx.py`` does."""
    offenders = [
        str(path.relative_to(SOURCE))
        for path, text in _sources()
        if "openpyxl" in text
        and path.name != "xlsx.py"
        and (
            re.search(r"\.cell\([^)]*value=", text)
            or re.search(r"^\s*\w+\[[^\]]+\]\s*=\s", text, re.MULTILINE)
        )
    ]
    assert offenders == []
