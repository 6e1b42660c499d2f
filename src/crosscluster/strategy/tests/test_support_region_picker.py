"""A support mechanism's region is picked by name (grouped by country, the code after the
name), not typed as a NUTS code; a value not in the list is refused naming the field."""

from __future__ import annotations

import pytest

from crosscluster.directory.tests.factories import make_region
from crosscluster.strategy.forms import SupportMechanismForm
from tests.cast import make_country

pytestmark = pytest.mark.django_db


def test_the_region_is_a_picker_of_names_and_a_bad_value_names_the_field() -> None:
    make_country("ES", "ESP", "Spain")
    make_region("ES51", "Cataluña", "ES")
    form = SupportMechanismForm()
    html = str(form["region"])
    assert '<optgroup label="Spain">' in html
    assert '<option value="ES51">\u00a0\u00a0\u00a0Cataluña · ES51</option>' in html  # level 2
    data = {"kind": "funding", "mechanism": "Vouchers", "region": "ZZ99"}
    bad = SupportMechanismForm(data)
    assert not bad.is_valid()
    assert bad.errors["region"] == ["Region: choose a region from the list, or leave it empty."]
    good = SupportMechanismForm({**data, "region": "ES51"})
    assert good.is_valid(), good.errors
    assert good.to_input().region_code == "ES51"
