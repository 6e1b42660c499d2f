"""Every model's plural in the admin is English (issue 13: "Countrys", "Opportunitys")."""

from __future__ import annotations

import re

from django.apps import apps

# A consonant followed by "ys" is a plural made by appending "s" to a word ending in "y".
WRONG_PLURAL = re.compile(r"[^aeiou]ys$")


def test_no_model_is_called_countrys_or_opportunitys() -> None:
    wrong = {
        model.__name__: str(model._meta.verbose_name_plural)
        for model in apps.get_models()
        if model.__module__.startswith("crosscluster.")
        and WRONG_PLURAL.search(str(model._meta.verbose_name_plural))
    }
    assert wrong == {}
