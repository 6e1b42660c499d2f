"""The marketplace's lists as files (CSV, XLSX) through the exports worker: the browse list and
an opportunity's matches hold exactly the page's rows with the page's filters, for whoever may
see the page and no one else."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.core.taxonomy import translate_label
from crosscluster.marketplace.models import MatchSuggestion, OpportunityKind, OpportunityVisibility
from crosscluster.marketplace.tests.helpers import (
    OFFER_TEXT,
    make_opportunity,
    need_with_a_worded_match,
)
from crosscluster.marketplace.wording import describe
from tests.cast import make_organisation
from tests.list_files import csv_rows, download_file, make_list_file

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page_subject(page: str, testid: str) -> str:
    block = re.search(rf'data-testid="{testid}".*?name="subject" value="([^"]*)"', page, re.S)
    assert block, testid
    return block.group(1).replace("&amp;", "&")


def test_the_browse_list_shown_is_the_list_downloaded(cast, tags) -> None:  # type: ignore[no-untyped-def]
    make_opportunity(user=cast.sme_member, owner=cast.sme, tags=[tags["vision"]])
    make_opportunity(
        user=cast.outsider,
        owner=cast.other_sme,
        title="=HYPERLINK(evil) welding cell",
        kind=OpportunityKind.ICT_OFFER,
        description=OFFER_TEXT,
        tags=[tags["robotics"]],
    )
    make_opportunity(
        user=cast.sme_member,
        owner=cast.sme,
        title="Members only",
        partnership=cast.partnership,
        visibility=OpportunityVisibility.PARTNERSHIP,
    )
    anonymous = _client()
    page = anonymous.get(reverse("marketplace:browse"), {"kind": "industrial_need"}).content
    subject = page_subject(page.decode(), "opportunities-export")
    assert subject == "kind=industrial_need"
    shown = re.findall(r'<h2 id="opportunity-\d+"[^>]*><a [^>]*>([^<]+)</a>', page.decode())
    rows = csv_rows(make_list_file(anonymous, "marketplace.opportunities", subject, "csv"))
    assert [row["title"] for row in rows] == shown == ["Camera inspection of bottles"]
    assert rows[0]["organisation"] == "Vision Systems SME"
    assert rows[0]["technologies"] == tags["vision"].label
    # everything a partnership member sees, formula-safe; the same in XLSX
    member = _client(cast.cluster_manager)
    everything = csv_rows(make_list_file(member, "marketplace.opportunities", "", "csv"))
    titles = {row["title"] for row in everything}
    assert titles == {
        "Camera inspection of bottles",
        "'=HYPERLINK(evil) welding cell",
        "Members only",
    }
    workbook = load_workbook(
        io.BytesIO(make_list_file(member, "marketplace.opportunities", "kind=ict_offer", "xlsx"))
    )
    sheet = workbook.active
    assert sheet is not None
    cell = sheet.cell(row=2, column=1)
    assert (cell.value, cell.data_type) == ("=HYPERLINK(evil) welding cell", "s")
    # the anonymous file leaves out what the page hides from them
    public = {
        row["title"]
        for row in csv_rows(make_list_file(anonymous, "marketplace.opportunities", "", "csv"))
    }
    assert "Members only" not in public
    # a filter the page would refuse is not exported
    refused = anonymous.post(
        "/exports/",
        {"kind": "marketplace.opportunities", "subject": "kind=nonsense", "format": "csv"},
    )
    assert refused.status_code in (403, 404)


def test_the_browse_list_in_german_names_countries_and_labels_in_german(cast, tags) -> None:  # type: ignore[no-untyped-def]
    make_opportunity(user=cast.sme_member, owner=cast.sme, tags=[tags["vision"]])
    response = download_file(_client(), "marketplace.opportunities", "", "csv", language="de")
    (row,) = csv_rows(response.content)
    with translation.override("de"):
        assert row["country"] == cast.sme.country.display_name != cast.sme.country.name
        german = translate_label(tags["vision"].label, facet=tags["vision"].facet)
    assert row["technologies"] == german != tags["vision"].label


def test_a_needs_matches_are_downloaded_by_its_organisation_only(cast) -> None:  # type: ignore[no-untyped-def]
    need = make_opportunity(user=cast.sme_member, owner=cast.sme)
    run_queued_tasks()  # the engine's own run first; then a known list replaces its rows
    MatchSuggestion.objects.filter(opportunity=need).delete()
    germany = cast.other_sme.country
    provider = make_organisation("Bildverarbeitung GmbH", country=germany)
    now = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    for organisation, score, hidden in (
        (cast.other_sme, 0.81, False),
        (provider, 0.62, False),
        (cast.other_cluster, 0.40, True),
    ):
        MatchSuggestion.objects.create(
            opportunity=need,
            provider_organisation=organisation,
            score=score,
            is_hidden=hidden,
            cross_border=True,
            provider_country=organisation.country_id,
            reasons=["Both mention machine vision."],
            computed_at=now,
        )
    need.__class__.objects.filter(pk=need.pk).update(
        matches_computed_at=now, matches_requested_at=None
    )
    owner = _client(cast.sme_member)
    url = reverse("marketplace:matches", args=[need.pk])
    page = owner.get(url, {"min_score": "0.5"}).content.decode()
    subject = page_subject(page, "matches-export")
    assert subject == f"{need.pk}?min_score=0.5"
    shown = re.findall(r'<a href="/directory/organisations/[^"]+">([^<]+)</a>', page)
    rows = csv_rows(make_list_file(owner, "marketplace.matches", subject, "csv"))
    assert (
        [row["organisation"] for row in rows] == shown == ["Unrelated SME", "Bildverarbeitung GmbH"]
    )
    assert [row["score"] for row in rows] == ["0.81", "0.62"]
    assert rows[0]["reasons"] == "Both mention machine vision."
    assert rows[0]["country"] == "DE"
    every = csv_rows(make_list_file(owner, "marketplace.matches", str(need.pk), "csv"))
    assert len(every) == 2  # the hidden one only for brokers, as on the page
    # someone else: the page is refused, so is the file (a visible need: 403 -> not requestable)
    for stranger in (_client(cast.outsider), _client()):
        refused = stranger.post(
            "/exports/", {"kind": "marketplace.matches", "subject": str(need.pk), "format": "csv"}
        )
        assert refused.status_code in (403, 404)
    assert _client(cast.outsider).post(
        "/exports/", {"kind": "marketplace.matches", "subject": "99999", "format": "csv"}
    ).status_code in (403, 404)


def test_a_match_lists_reasons_are_in_the_language_it_was_asked_in(cast, tags) -> None:  # type: ignore[no-untyped-def]
    need, match = need_with_a_worded_match(cast, tags)
    owner = _client(cast.sme_member)
    asked = owner.post(
        "/de/exports/", {"kind": "marketplace.matches", "subject": str(need.pk), "format": "csv"}
    )
    assert asked.status_code == 302, asked.content
    run_queued_tasks()
    rows = csv_rows(owner.get(asked["Location"] + "file/").content)
    shown = MatchSuggestion.objects.filter(opportunity=need, is_hidden=False)
    with translation.override("de"):
        german = {"; ".join(describe(parts) for parts in m.reason_parts) for m in shown}
    assert {row["reasons"] for row in rows} == german
    english = "; ".join(match.reasons)  # the engine's stored English is not what is written
    assert english not in {row["reasons"] for row in rows}
