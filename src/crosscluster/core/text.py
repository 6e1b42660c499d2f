"""Small text helpers shared by apps: search normalisation, slugs, Markdown rendering."""

from __future__ import annotations

import unicodedata

import markdown
import nh3
from django.utils.text import slugify

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "li",
    "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip


def normalise_for_search(*parts: str) -> str:
    """Lower-case, accent-free, single-spaced text for portable ``LIKE`` search."""
    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


def unique_slug(text: str, taken: set[str], max_length: int = 100) -> str:
    base = (slugify(normalise_for_search(text)) or "item")[:max_length].strip("-") or "item"
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        number += 1
    return slug


def render_markdown(source: str) -> str:
    """Markdown to HTML, sanitised with an allow-list (no scripts, styles or event handlers)."""
    html = markdown.markdown(source, extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
