"""The preferences form: one choice per kind of notification."""

from __future__ import annotations

from typing import Any

from django import forms

from crosscluster.notifications.models import Frequency
from crosscluster.notifications.queries import PreferenceRow


class PreferencesForm(forms.Form):
    """A radio group per kind (named by the kind's key), set to the person's current choice."""

    def __init__(self, *args: Any, rows: list[PreferenceRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[row.kind.key] = forms.ChoiceField(
                label=row.kind.label,
                help_text=row.kind.help_text,
                choices=Frequency.choices,
                initial=row.frequency,
                widget=forms.RadioSelect,
            )
