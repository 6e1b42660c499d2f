"""Badges and checking in by scanning them: the badge PDF holds each approved participant's
name, organisation and a QR code of their signed check-in code (read back: the PDF's text, its
QR's modules against segno's, and a decoder reading segno's picture of the same code); the
desk's search box takes the scanned code; a changed code or another session's is refused."""

from __future__ import annotations

import io
import re

import pytest
import segno
import zxingcpp
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from PIL import Image

from crosscluster.brokerage import queries, services
from crosscluster.brokerage.documents.badges import QR_BORDER, render_badges_pdf
from crosscluster.brokerage.models import Participant
from crosscluster.brokerage.tests.factories import NOW, make_session
from crosscluster.brokerage.tests.onsite_helpers import coming_session, published_day
from crosscluster.brokerage.tests.test_onsite_pages import api, login
from crosscluster.core.documents.pdf import render_pdf
from crosscluster.strategy.tests.helpers import pdf_text
from tests.list_files import make_list_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(cast):  # type: ignore[no-untyped-def]
    session = coming_session(cast)
    people, _run = published_day(cast, session, now=NOW)
    return {"session": session, **people}


def decode(token: str) -> str:
    """What a scanner reads from segno's picture of ``token``'s QR code."""
    picture = io.BytesIO()
    segno.make(token, error="m", micro=False).save(picture, kind="png", scale=8)
    picture.seek(0)
    found = zxingcpp.read_barcodes(Image.open(picture))
    assert len(found) == 1
    return str(found[0].text)


def dark_modules(pdf: bytes) -> set[tuple[int, int]]:
    """The QR's dark modules as the PDF draws them: segno's SVG path is one horizontal line per
    run of dark modules ("x y m x2 y l", y at the row's middle)."""
    modules = set()
    for start, y, end in re.findall(rb"([\d.]+) ([\d.]+) m\n([\d.]+) \2 l", pdf):
        row = int(float(y) - 0.5) - QR_BORDER
        for column in range(int(float(start)), int(float(end))):
            modules.add((row, column - QR_BORDER))
    return modules


def test_the_code_is_signed_holds_no_personal_data_and_reads_back(day) -> None:
    ada = day["ada"]
    token = queries.badge_token(ada)
    assert token.startswith(f"B2B-{ada.session_id}-{ada.pk}:")
    assert "Ada" not in token
    assert "@" not in token
    assert queries.read_badge_token(token) == queries.BadgeCode(ada.session_id, ada.pk)
    assert decode(token) == token  # what a scanner types
    forged = f"B2B-{ada.session_id}-{day['max'].pk}:{token.split(':')[1]}"
    assert queries.looks_like_badge(forged)
    assert queries.read_badge_token(forged) is None


def test_the_badges_pdf_has_names_organisations_and_each_ones_qr(cast, day) -> None:
    session = day["session"]
    people = list(queries.list_badge_holders(session=session))
    assert [person.display_name for person in people] == ["Ada", "Carla", "Max"]
    text = pdf_text(render_badges_pdf(session=session, people=people, four_to_a_page=True))
    for person in people:
        assert person.display_name in text
        assert person.organisation.name in text
    # one badge, uncompressed, to read its drawing back: the modules of segno's matrix
    from django.template.loader import render_to_string

    from crosscluster.brokerage.documents.badges import badge_qr_svg

    ada = day["ada"]
    token = queries.badge_token(ada)
    html = render_to_string(
        "brokerage/badges_pdf.html",
        {"event": session.event, "four": False, "badges": [(ada, badge_qr_svg(token))]},
    )
    drawn = dark_modules(render_pdf(html, uncompressed=True))
    matrix = segno.make(token, error="m", micro=False).matrix
    expected = {
        (row, column) for row, line in enumerate(matrix) for column, dark in enumerate(line) if dark
    }
    assert drawn == expected


def test_scanning_a_badge_at_the_desk_checks_the_person_in(cast, day, client: Client) -> None:
    session, carla = day["session"], day["carla"]
    login(client, cast.coordinator)
    desk = reverse("brokerage:check_in", args=[session.pk])
    page = client.post(desk, {"q": queries.badge_token(carla)}, follow=True).content.decode()
    assert "Carla has arrived." in page
    assert Participant.objects.get(pk=carla.pk).arrived_at is not None
    # a code changed by hand: refused beside the search box, nobody checked in
    token = queries.badge_token(day["ada"])
    response = client.post(desk, {"q": token[:-2] + ("AA" if token[-2:] != "AA" else "BB")})
    assert response.status_code == 400
    assert "This badge&#x27;s code is not valid: check the person in by name." in (
        response.content.decode()
    )
    assert Participant.objects.get(pk=day["ada"].pk).arrived_at is None
    # a name typed and posted (no JavaScript): the search, nothing written
    response = client.post(desk, {"q": "vision"})
    assert response.status_code == 200
    assert f'data-testid="check-in-{day["ada"].pk}"' in response.content.decode()


def test_a_badge_of_another_session_is_refused(cast, day, client: Client, token_for) -> None:
    other = make_session(cast)
    stranger = Participant.objects.create(
        session=other,
        user=cast.sme_member,
        organisation=cast.sme,
        display_name="Ada",
        status="approved",
        registered_at=NOW,
    )
    with pytest.raises(ValidationError, match="another B2B session"):
        services.check_in_by_badge(
            user=cast.coordinator,
            session=day["session"],
            token=queries.badge_token(stranger),
            now=NOW,
        )
    token = token_for(cast.coordinator)
    url = f"/sessions/{day['session'].pk}/check-in/badge"
    refused = api(client, "post", url, token, {"token": queries.badge_token(stranger)})
    assert refused.status_code == 400
    assert "token" in refused.json()["errors"]
    done = api(client, "post", url, token, {"token": queries.badge_token(day["max"])})
    assert done.status_code == 200
    assert done.json()["arrived_at"] is not None
    # a participant may not scan
    assert api(client, "post", url, token_for(cast.sme_member), {"token": "x"}).status_code == 403


def test_organisers_get_the_badges_from_the_session_page(cast, day, client: Client) -> None:
    session = day["session"]
    login(client, cast.coordinator)
    page = client.get(reverse("brokerage:session", args=[session.pk])).content.decode()
    assert 'data-testid="badges-export"' in page
    pdf = make_list_file(client, "brokerage.badges", str(session.pk), "pdf")
    assert pdf.startswith(b"%PDF")
    assert "Carla" in pdf_text(pdf)
    assert "Unrelated SME" in pdf_text(pdf)
    login(client, cast.sme_member)  # a participant: no badges, not even the button
    page = client.get(reverse("brokerage:session", args=[session.pk])).content.decode()
    assert 'data-testid="badges-export"' not in page
    response = client.post(
        "/api/v1/exports",
        {"kind": "brokerage.badges", "subject": str(session.pk), "format": "pdf"},
        content_type="application/json",
    )
    assert response.status_code in {401, 403, 404}
