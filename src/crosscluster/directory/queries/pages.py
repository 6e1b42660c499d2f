"""Page links for the directory's long lists (search results, a cluster's members)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: an ellipsis
    current: bool = False


def page_links(*, current: int, count: int, around: int = 2) -> list[PageLink]:
    """1 … 4 5 [6] 7 8 … 40: the first, the last and ``around`` pages either side."""
    shown = sorted(
        {1, count} | set(range(max(1, current - around), min(count, current + around) + 1))
    )
    links: list[PageLink] = []
    previous = 0
    for number in shown:
        if number < 1:
            continue
        if number - previous > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, current=number == current))
        previous = number
    return links
