"""The scoreboard's target form: kept as typed, so that a refused target comes back with its
indicator, period and value (the service checks them, naming the field)."""

from __future__ import annotations

from django import forms


class TargetForm(forms.Form):
    indicator = forms.CharField(required=False)
    period = forms.CharField(required=False)
    value = forms.CharField(required=False)
