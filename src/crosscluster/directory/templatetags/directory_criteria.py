"""The cluster criteria a review stored, worded in the language being rendered (pages and the
e-mails rendered per recipient's language): ``{{ review.criteria|unmet_criteria }}``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import template

from crosscluster.directory.wording import word_records
from crosscluster.engines.clusters.criteria import CriterionResult

register = template.Library()


@register.filter
def unmet_criteria(records: Sequence[Mapping[str, Any]]) -> list[CriterionResult]:
    """The stored criteria that were not met, with their label and fix in the active language."""
    return [result for result in word_records(records) if not result.met]
