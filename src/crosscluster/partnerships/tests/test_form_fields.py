"""The partnership's forms render with the site's shared field template
(``content/_form_fields.html``): label, help text tied to its input, errors beside the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse

from crosscluster.partnerships.models import WorkItem, WorkPackage
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def _templates(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {template.name for template in response.templates if template.name}


def test_the_partnership_pages_use_the_shared_form_fields(cast, client: Client) -> None:
    package = WorkPackage.objects.create(partnership=cast.partnership, number=1, title="Management")
    item = WorkItem.objects.create(
        work_package=package,
        kind="task",
        code="T1.1",
        title="Kick-off",
        due_date=dt.date(2026, 6, 1),
    )
    slug = cast.partnership.slug
    client.login(email=cast.coordinator.email, password=PASSWORD)
    pages = [
        reverse("partnerships:partners", args=[slug]),
        reverse("partnerships:package_add", args=[slug]),
        reverse("partnerships:item_add", args=[slug, 1]),
        reverse("partnerships:item_done", args=[slug, item.pk]),
        reverse("partnerships:translation", args=[slug, "de"]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "content/_form_fields.html" in _templates(response), url
    # help text read out with its field, as before
    html = client.get(reverse("partnerships:partners", args=[slug])).content.decode()
    assert 'aria-describedby="id_email_helptext"' in html
    assert '<p class="muted small" id="id_email_helptext">' in html


def test_a_refused_value_is_shown_beside_its_field(cast, client: Client) -> None:
    client.login(email=cast.coordinator.email, password=PASSWORD)
    response = client.post(
        reverse("partnerships:package_add", args=[cast.partnership.slug]), {"title": ""}
    )
    assert response.status_code == 200
    assert "content/_form_fields.html" in _templates(response)
    html = response.content.decode()
    assert '<div role="alert"><ul class="errorlist" id="id_title_error">' in html
    assert 'aria-invalid="true"' in html


def test_the_partnerships_own_copy_is_gone() -> None:
    with pytest.raises(TemplateDoesNotExist):
        get_template("partnerships/_form_fields.html")
