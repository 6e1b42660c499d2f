"""The call form's "Actions it could finance": the site's checkbox group; the same values
(the roadmap actions' ids) reach the service as before."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.businessplan.models import FundingCall
from crosscluster.businessplan.tests.helpers import build_plan
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_actions_of_a_call_are_a_checkbox_group_and_save_as_before(cast) -> None:
    built = build_plan(cast)
    client = Client()
    client.login(email=cast.coordinator.email, password=PASSWORD)
    page = reverse("businessplan:calls", args=[cast.partnership.slug])
    html = client.get(page).content.decode()
    group = re.search(
        r'<div id="id_actions" class="check-group">(.*?)</div>\s*</fieldset>', html, re.S
    )
    assert group, "the actions are the site's check-group"
    assert f'value="{built.a1.pk}"' in group.group(1)
    assert f'value="{built.a2.pk}"' in group.group(1)
    response = client.post(
        page,
        {
            "title": "Digital Europe call",
            "programme": "Digital Europe",
            "status": "open",
            "actions": [str(built.a1.pk), str(built.a2.pk)],
        },
    )
    assert response.status_code == 302
    call = FundingCall.objects.get(title="Digital Europe call")
    assert set(call.actions.values_list("pk", flat=True)) == {built.a1.pk, built.a2.pk}
