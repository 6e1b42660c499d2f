"""A long word on a control wraps instead of being cut (qa1's review: "Gemensam
internationaliseringsstrategi", the partnership page's strategy button, at 390 px in Swedish).
The browser sweep measures pages; this checks the rule the buttons get it from."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders


def _rules(selector: str) -> str:
    path = finders.find("crosscluster/site.css")
    assert isinstance(path, str)
    with open(path, encoding="utf-8") as css:
        text = re.sub(r"/\*.*?\*/", "", css.read(), flags=re.S)
    return " ".join(
        body
        for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", text)
        if selector in [item.strip() for item in selectors.split(",")]
    )


def test_buttons_wrap_long_words_within_their_box() -> None:
    for selector in ("button", ".button"):
        rules = _rules(selector)
        assert "overflow-wrap: anywhere" in rules
        assert "max-width: 100%" in rules
        assert "hyphens: auto" in rules
        assert "white-space: nowrap" not in rules
