"""Targets that coordinators set per indicator and period. The figures themselves are never
stored: they are computed from what happens on the platform (see ``registry``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Target(models.Model):
    """The value a partnership aims for on one indicator in one period (``2026`` or ``2026-Q2``)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.CharField(max_length=40)
    period = models.CharField(max_length=7)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "indicator", "period"], name="unique_monitoring_target"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}: {self.value}"
