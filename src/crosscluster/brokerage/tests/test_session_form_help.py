"""The session set-up form's help texts add to their labels: the accepted range, what the value
does, what an empty field means; none repeats its label."""

from __future__ import annotations

import pytest

from crosscluster.brokerage.forms import SessionForm


def test_no_help_text_repeats_its_label() -> None:
    for name, field in SessionForm.base_fields.items():
        if not field.help_text:
            continue
        label, help_text = str(field.label).casefold(), str(field.help_text).casefold()
        assert label not in help_text, name
        assert help_text.rstrip(".") not in label, name


@pytest.mark.parametrize(
    ("name", "limits"),
    [
        ("slot_minutes", "5 to 240"),  # the service's limits (services/sessions.py)
        ("gap_minutes", "0 to 120"),
        ("tables", "1 to 2,000"),
        ("request_days", "1 to 90"),
        ("reminder_days", "0 to 30"),
        ("max_break_difference", "0 to 50"),
    ],
)
def test_a_number_states_the_range_the_service_accepts(name: str, limits: str) -> None:
    assert limits in str(SessionForm.base_fields[name].help_text)


@pytest.mark.parametrize(
    "name", ["capacity", "max_meetings", "max_consecutive", "max_break_difference"]
)
def test_an_optional_limit_says_what_empty_means(name: str) -> None:
    assert "empty: no limit" in str(SessionForm.base_fields[name].help_text)
