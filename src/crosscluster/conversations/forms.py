"""What the conversation page posts: kept as typed, so that a refused message or slot proposal
comes back with its text (the services check it, naming the field)."""

from __future__ import annotations

from django import forms


class MessageForm(forms.Form):
    body = forms.CharField(required=False, strip=False)


class SlotForm(forms.Form):
    item_id = forms.CharField(required=False)
    note = forms.CharField(required=False, strip=False)

    @property
    def item(self) -> int:
        """The slot chosen (0: none, or not a number)."""
        value = str(self.cleaned_data.get("item_id") or "")
        return int(value) if value.isdigit() else 0


class MeetingForm(forms.Form):
    """The B2B session chosen to propose a meeting at, kept as chosen when refused."""

    session_id = forms.CharField(required=False)

    @property
    def session(self) -> int:
        """The session chosen (0: none, or not a number)."""
        value = str(self.cleaned_data.get("session_id") or "")
        return int(value) if value.isdigit() else 0
