"""``{% load marketplace_reasons %}``: ``{% for reason in match|reason_texts %}`` gives a match's
reasons in the active language (``marketplace.wording``, shared with the list files)."""

from __future__ import annotations

from django import template

from crosscluster.marketplace.wording import reason_texts

register = template.Library()
register.filter("reason_texts", reason_texts)
