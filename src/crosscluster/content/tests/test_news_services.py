"""Publishing news: Markdown rendered and sanitised on every write, slugs, who may write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crosscluster.content import services
from crosscluster.content.models import NewsPost
from crosscluster.content.tests.helpers import WHEN, make_news, make_other_partnership

pytestmark = pytest.mark.django_db

HOSTILE = """# Heading

Hello <script>alert('x')</script> **world** <img src=x onerror="alert(1)">

[click](javascript:alert(1)) and [EU](https://commission.europa.eu) <a href="https://e.eu" onclick="steal()">e</a>

<iframe src="https://evil.example"></iframe><style>body{display:none}</style>
"""


def test_the_coordinator_publishes_news_rendered_and_sanitised(cast) -> None:
    post = services.publish_news(
        user=cast.coordinator,
        partnership=cast.partnership,
        title="  ISWC 2019,   BARCELONA: a great success! ",
        body_markdown=HOSTILE,
        published_at=WHEN,
        source_url="https://www.clustercollaboration.eu/news",
    )
    post.refresh_from_db()
    assert post.title == "ISWC 2019, BARCELONA: a great success!"
    assert post.slug == "iswc-2019-barcelona-a-great-success"
    assert post.author == cast.coordinator
    html = post.body_html
    assert "<strong>world</strong>" in html
    assert (
        '<a href="https://commission.europa.eu" rel="noopener noreferrer nofollow">EU</a>' in html
    )
    for forbidden in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<style", "<img"):
        assert forbidden not in html, forbidden
    assert post.body_markdown.startswith("# Heading")  # the source is kept as written


def test_slugs_are_unique_per_partnership_and_avoid_reserved_words(cast) -> None:
    first = make_news(cast.partnership, "DIA project")
    second = make_news(cast.partnership, "DIA project")
    other, _ = make_other_partnership(cast)
    elsewhere = make_news(other, "DIA project")
    reserved = make_news(cast.partnership, "New")
    assert (first.slug, second.slug, elsewhere.slug) == (
        "dia-project",
        "dia-project-2",
        "dia-project",
    )
    assert reserved.slug == "new-2"


def test_update_rerenders_and_keeps_the_address(cast) -> None:
    post = make_news(cast.partnership, "Old title", body="*old*")
    services.update_news(
        user=cast.coordinator,
        post=post,
        changes=services.NewsChanges(title="New title", body_markdown="**new** <b onclick=x>b</b>"),
    )
    post.refresh_from_db()
    assert post.title == "New title"
    assert post.slug == "old-title"
    assert post.body_html == "<p><strong>new</strong> <b>b</b></p>"
    assert post.published_at == WHEN  # not given, not changed


def test_a_naive_time_is_read_as_utc(cast) -> None:
    post = make_news(cast.partnership, published_at=dt.datetime(2019, 9, 30, 8, 0))
    post.refresh_from_db()
    assert post.published_at == dt.datetime(2019, 9, 30, 8, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("who", ["cluster_manager", "sme_member", "outsider"])
def test_only_coordinators_write_news(cast, who: str) -> None:
    user = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        services.publish_news(
            user=user,
            partnership=cast.partnership,
            title="Hijack",
            body_markdown="",
            published_at=WHEN,
        )
    post = make_news(cast.partnership, "Kept")
    with pytest.raises(PermissionDenied):
        services.update_news(user=user, post=post, changes=services.NewsChanges(title="Hijack"))
    with pytest.raises(PermissionDenied):
        services.delete_news(user=user, post=post)
    assert list(NewsPost.objects.values_list("title", flat=True)) == ["Kept"]


def test_a_coordinator_of_another_partnership_cannot_write_here(cast) -> None:
    _other, other_coordinator = make_other_partnership(cast)
    with pytest.raises(PermissionDenied):
        make_news_as(other_coordinator, cast.partnership)


def make_news_as(user, partnership) -> NewsPost:  # type: ignore[no-untyped-def]
    return services.publish_news(
        user=user, partnership=partnership, title="x", body_markdown="", published_at=WHEN
    )


def test_administrators_write_news(cast) -> None:
    post = make_news_as(cast.administrator, cast.partnership)
    services.delete_news(user=cast.administrator, post=post)
    assert not NewsPost.objects.exists()


def test_bad_input_names_each_field_and_writes_nothing(cast) -> None:
    with pytest.raises(ValidationError) as refused:
        services.publish_news(
            user=cast.coordinator,
            partnership=cast.partnership,
            title="   ",
            body_markdown="x" * (services.BODY_MAX + 1),
            published_at=WHEN,
            visibility="everyone",
            source_url="javascript:alert(1)",
        )
    errors = refused.value.message_dict
    assert errors["title"] == ["Give a title."]
    assert "publish long texts as a document" in errors["body_markdown"][0]
    assert errors["visibility"][0].startswith("Choose one of: public, partnership, private")
    assert "starting with https://" in errors["source_url"][0]
    assert not NewsPost.objects.exists()


def test_a_failed_update_changes_nothing(cast) -> None:
    post = make_news(cast.partnership, "Stable", body="stable body")
    with pytest.raises(ValidationError):
        services.update_news(
            user=cast.coordinator,
            post=post,
            changes=services.NewsChanges(body_markdown="changed", visibility="nobody"),
        )
    post.refresh_from_db()
    assert (post.body_markdown, post.visibility) == ("stable body", "public")
