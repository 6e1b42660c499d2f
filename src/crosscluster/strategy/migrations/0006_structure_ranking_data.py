"""A priority market's ranking stored before its data kept their parts gets them once.

A chosen market keeps its ranking's data (``PriorityMarket.ranking["data"]``, and the same in
each adopted version's snapshot, ``StrategyVersion.snapshot["sections"]["markets"]``): the
source and the vintage as English texts and, since the ranking engine gives them, as codes and
values (``source_parts``, ``vintage_parts``) that the page words in the reader's language. The
forms the engine wrote those texts in (``engines.ranking.data`` and ``screens``) are frozen here:
each "; "-separated piece of a text is read back into its part, kept only when every piece is
of a known form and the parts give the very text stored (nothing is guessed). A text of another
form keeps no parts and is shown as stored. The English texts are not changed, so an adopted
version says what it said.
"""

import re

from django.db import migrations

SOURCE_FORMS = (
    (
        "wdi",
        re.compile(
            r"World Bank, World Development Indicators \(CC BY 4\.0\), via "
            r"github\.com/datasets/world-development-indicators, automated update (?P<update>\S+)\Z"
        ),
    ),
    (
        "cepii",
        re.compile(
            r"CEPII GeoDist \(Mayer & Zignago 2011, CEPII WP 2011-25\), original file dated "
            r"(?P<file_year>\d+)\Z"
        ),
    ),
)
VINTAGE_FORMS = (
    ("wdi", re.compile(r"WDI update (?P<update>\S+)\Z")),
    ("cepii_static", re.compile(r"CEPII GeoDist \(static\)\Z")),
    (
        "window",
        re.compile(
            r"latest value per country in (?P<first_year>\d+)-(?P<last_year>\d+) "
            r"\(each value's year is given with it\)\Z"
        ),
    ),
)
NUMBERS = frozenset({"file_year", "first_year", "last_year"})


def text_of(part):
    """One piece of a source or vintage in English, as the engine wrote it."""
    return {
        "wdi": "World Bank, World Development Indicators (CC BY 4.0), via "
        "github.com/datasets/world-development-indicators, automated update {update}",
        "cepii": "CEPII GeoDist (Mayer & Zignago 2011, CEPII WP 2011-25), original file dated "
        "{file_year}",
        "wdi_vintage": "WDI update {update}",
        "cepii_static": "CEPII GeoDist (static)",
        "window": "latest value per country in {first_year}-{last_year} "
        "(each value's year is given with it)",
    }[part["form"]].format(**part)


def parts_of(text, forms, vintage):
    """The parts of an English source (or ``vintage``); [] when any piece is of another form."""
    parts = []
    for piece in text.split("; "):
        for code, pattern in forms:
            found = pattern.match(piece)
            if found is not None:
                values = {
                    key: int(value) if key in NUMBERS else value
                    for key, value in found.groupdict().items()
                }
                parts.append({"code": code, **values})
                break
        else:
            return []
    forms_of = {"wdi": "wdi_vintage"} if vintage else {}
    worded = [text_of({**part, "form": forms_of.get(part["code"], part["code"])}) for part in parts]
    return parts if "; ".join(worded) == text else []


def structure_data(ranking):
    """Gives a ranking's ``data`` its source and vintage parts where it has none and they read
    back; True when it gained one."""
    data = (ranking or {}).get("data") or {}
    changed = False
    for key, forms, vintage in (
        ("source", SOURCE_FORMS, False),
        ("vintage", VINTAGE_FORMS, True),
    ):
        text = data.get(key)
        if text and not data.get(f"{key}_parts"):
            parts = parts_of(str(text), forms, vintage)
            if parts:
                data[f"{key}_parts"] = parts
                changed = True
    return changed


def structure_ranking_data(apps, schema_editor):
    PriorityMarket = apps.get_model("strategy", "PriorityMarket")
    StrategyVersion = apps.get_model("strategy", "StrategyVersion")
    for market in PriorityMarket.objects.order_by("pk").iterator(chunk_size=500):
        if structure_data(market.ranking):
            market.save(update_fields=["ranking"])
    for version in StrategyVersion.objects.order_by("pk").iterator(chunk_size=100):
        markets = ((version.snapshot or {}).get("sections") or {}).get("markets") or []
        changed = [structure_data(market.get("ranking")) for market in markets]
        if any(changed):
            version.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [
        ("strategy", "0005_support_mechanism_country"),
    ]

    operations = [
        migrations.RunPython(structure_ranking_data, migrations.RunPython.noop),
    ]
