"""News and document pages, the partnership page's latest block, and the Atom feed."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.content import queries
from crosscluster.content.tests import samples
from crosscluster.content.tests.helpers import WHEN, make_document, make_news
from crosscluster.partnerships.queries import get_standing
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def day(number: int) -> dt.datetime:
    return WHEN + dt.timedelta(days=number)


def test_news_list_is_paginated_newest_first_with_a_feed_link(cast, client: Client) -> None:
    for number in range(25):
        make_news(cast.partnership, f"Post number {number}", published_at=day(number))
    url = reverse("content:news_list", args=[cast.partnership.slug])
    first = client.get(url).content.decode()
    assert first.index("Post number 24") < first.index("Post number 23")
    assert "Post number 5<" in first
    assert "Post number 4<" not in first
    assert "Page 1 of 2" in first
    assert '<a href="?page=2" rel="next">Older →</a>' in first
    feed = reverse("content:news_feed", args=[cast.partnership.slug])
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="News of Test Digital Alliance" href="{feed}">'
        in first
    )
    second = client.get(url, {"page": 2}).content.decode()
    assert "Post number 4<" in second
    assert "Post number 0<" in second
    assert "Post number 5<" not in second
    assert '<a href="?page=1" rel="prev">← Newer</a>' in second


def test_news_list_shows_each_viewer_only_what_they_may_read(cast, client: Client) -> None:
    make_news(cast.partnership, "For everyone")
    make_news(cast.partnership, "For members", visibility="partnership")
    make_news(cast.partnership, "For coordinators", visibility="private")
    url = reverse("content:news_list", args=[cast.partnership.slug])
    expected = {
        None: {"For everyone"},
        "outsider": {"For everyone"},
        "sme_member": {"For everyone", "For members"},
        "cluster_manager": {"For everyone", "For members"},
        "coordinator": {"For everyone", "For members", "For coordinators"},
        "administrator": {"For everyone", "For members", "For coordinators"},
    }
    for who, titles in expected.items():
        client.logout()
        if who:
            client.login(email=getattr(cast, who).email, password=PASSWORD)
        html = client.get(url).content.decode()
        shown = {t for t in ("For everyone", "For members", "For coordinators") if t in html}
        assert shown == titles, who
        assert ("Write a news post" in html) == (who in {"coordinator", "administrator"}), who


def test_news_detail_shows_sanitised_html_and_cites_its_source(cast, client: Client) -> None:
    post = make_news(
        cast.partnership,
        "DIA: the #neverstoplearning Tour across Europe",
        body="A **tour**. <script>alert('x')</script>",
        source_url="https://www.clustercollaboration.eu/content/dia-neverstoplearning-tour",
    )
    response = client.get(reverse("content:news_detail", args=[cast.partnership.slug, post.slug]))
    html = response.content.decode()
    assert "<p>A <strong>tour</strong>. </p>" in html
    assert "<script>alert" not in html
    assert (
        'Source: <a href="https://www.clustercollaboration.eu/content/dia-neverstoplearning-tour"'
        in html
    )
    assert "17 December 2019" in html


def test_hidden_news_is_a_404(cast, client: Client) -> None:
    post = make_news(cast.partnership, "Members only", visibility="partnership")
    url = reverse("content:news_detail", args=[cast.partnership.slug, post.slug])
    assert client.get(url).status_code == 404
    client.login(email=cast.outsider.email, password=PASSWORD)
    assert client.get(url).status_code == 404
    client.login(email=cast.sme_member.email, password=PASSWORD)
    assert client.get(url).status_code == 200


def test_document_list_shows_type_date_version_size_and_visibility(cast, client: Client) -> None:
    make_document(
        cast.partnership,
        "Work plan",
        content=samples.xlsx_bytes(),
        name="plan.xlsx",
        kind="data",
        document_date=dt.date(2019, 10, 14),
    )
    make_document(cast.partnership, "Members' minutes", visibility="partnership")
    client.login(email=cast.sme_member.email, password=PASSWORD)
    html = client.get(
        reverse("content:document_list", args=[cast.partnership.slug])
    ).content.decode()
    assert "Work plan" in html
    assert "Excel (XLSX)" in html
    assert "14 October 2019" in html
    assert "<td>1.0</td>" in html
    assert "KB" in html or "bytes" in html
    assert "Partnership members" in html  # the visibility of the minutes
    assert "Upload a document" not in html
    client.logout()
    html = client.get(
        reverse("content:document_list", args=[cast.partnership.slug])
    ).content.decode()
    assert "Members&#x27; minutes" not in html
    assert "Members' minutes" not in html


def test_latest_mixes_news_and_documents_newest_first_in_three_queries(
    cast, django_assert_num_queries
) -> None:
    make_news(cast.partnership, "Oldest news", published_at=day(0))
    make_document(cast.partnership, "Middle document", document_date=day(1).date())
    make_news(cast.partnership, "Hidden news", published_at=day(2), visibility="private")
    make_news(cast.partnership, "Newest news", published_at=day(3))
    make_document(
        cast.partnership, "Hidden document", document_date=day(4).date(), visibility="partnership"
    )
    standing = get_standing(user=cast.outsider, partnership_id=cast.partnership.pk)
    with django_assert_num_queries(3):  # news, documents, the news' translations
        items = queries.list_latest(
            partnership=cast.partnership, standing=standing, limit=8, language="de"
        )
        # the template's links need no further query
        slugs = [item.news.partnership.slug for item in items if item.news]
    assert [item.title for item in items] == ["Newest news", "Middle document", "Oldest news"]
    assert slugs == [cast.partnership.slug] * 2
    assert [item.kind for item in items] == ["news", "document", "news"]
    limited = queries.list_latest(partnership=cast.partnership, standing=standing, limit=2)
    assert [item.title for item in limited] == ["Newest news", "Middle document"]


def test_partnership_page_lists_latest_news_and_documents(cast, client: Client) -> None:
    post = make_news(cast.partnership, "DIA project: we #goFOURther", published_at=day(0))
    document = make_document(cast.partnership, "Brochure", document_date=dt.date(2019, 11, 2))
    html = client.get(reverse("partnerships:detail", args=[cast.partnership.slug])).content.decode()
    assert reverse("content:news_detail", args=[cast.partnership.slug, post.slug]) in html
    assert "Published: 17 December 2019" in html
    assert reverse("content:document_download", args=[document.pk]) in html
    assert html.index("DIA project") < html.index("Brochure")


def test_atom_feed_has_absolute_links_dates_and_stable_ids(cast, client: Client, settings) -> None:
    settings.SITE_URL = "https://alliance.example.eu"
    old = make_news(cast.partnership, "ISWC 2019, BARCELONA: a great success!", published_at=day(0))
    new = make_news(
        cast.partnership,
        "DIA project",
        published_at=day(30),
        body="We **go further**.",
        source_url="https://www.clustercollaboration.eu/news/dia",
    )
    make_news(cast.partnership, "Members only", visibility="partnership", published_at=day(40))
    client.login(email=cast.coordinator.email, password=PASSWORD)  # still only public news
    response = client.get(reverse("content:news_feed", args=[cast.partnership.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)  # noqa: S314 (our own output, in a test)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "News of Test Digital Alliance"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "https://alliance.example.eu/content/test-alliance/news/",
        "self": "https://alliance.example.eu/content/test-alliance/news/feed.atom",
    }
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Test Digital Alliance"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["DIA project", old.title]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == (
        f"https://alliance.example.eu/content/test-alliance/news/{new.slug}/"
    )
    assert first.findtext(f"{ATOM}id") == (
        f"tag:alliance.example.eu,{new.created_at:%Y-%m-%d}:/content/news/{new.pk}"
    )
    assert first.findtext(f"{ATOM}published") == "2020-01-16T09:30:00+00:00"
    updated = dt.datetime.fromisoformat(first.findtext(f"{ATOM}updated"))
    assert updated >= dt.datetime(2020, 1, 16, 9, 30, tzinfo=dt.UTC)
    summary = first.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<strong>go further</strong>" in summary.text
    assert 'href="https://www.clustercollaboration.eu/news/dia"' in summary.text
    assert feed.findtext(f"{ATOM}updated") == max(e.findtext(f"{ATOM}updated") for e in entries)


def test_feed_of_a_private_partnership_is_a_404(cast, client: Client) -> None:
    make_news(cast.partnership, "Public post")
    cast.partnership.is_public = False
    cast.partnership.save()
    client.login(email=cast.coordinator.email, password=PASSWORD)
    response = client.get(reverse("content:news_feed", args=[cast.partnership.slug]))
    assert response.status_code == 404


def test_list_pages_cost_the_same_queries_for_few_or_many_items(
    cast, client: Client, django_assert_max_num_queries
) -> None:
    client.login(email=cast.sme_member.email, password=PASSWORD)
    documents = reverse("content:document_list", args=[cast.partnership.slug])
    news = reverse("content:news_list", args=[cast.partnership.slug])
    make_document(cast.partnership, "Only one")
    make_news(cast.partnership, "Only one")
    counts = []
    for url in (documents, news):
        with django_assert_max_num_queries(20) as captured:
            client.get(url)
        counts.append(len(captured))
    for number in range(20):
        make_document(cast.partnership, f"Document {number}", visibility="partnership")
        make_news(cast.partnership, f"News {number}", visibility="partnership")
    for url, before, newest in zip(
        (documents, news), counts, ("Document 19", "News 19"), strict=True
    ):
        with django_assert_max_num_queries(before):
            html = client.get(url).content.decode()
        assert newest in html
