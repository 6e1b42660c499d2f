"""Stage 6: the four published news items, titles and dates only (their text is not reproduced),
each citing the ECCP partnership page that lists them (its source link)."""

from __future__ import annotations

import datetime as dt

from crosscluster.content.models import NewsPost
from crosscluster.core.choices import Visibility
from crosscluster.core.text import render_markdown, unique_slug
from crosscluster.demo import facts
from crosscluster.demo.partnership import get_demo_partnership

# Publication dates are days; noon UTC keeps the same calendar day in every European time zone.
PUBLICATION_TIME = dt.time(12, 0, tzinfo=dt.UTC)


def news_body(published: dt.date) -> str:
    return (
        f"Published on the partnership's ECCP page on {published.day} {published:%B %Y}. "
        "The full text is not reproduced here: the title and the date are those listed under "
        f'"Latest news and documents" on [{facts.ECCP_PAGE}]({facts.ECCP_PAGE_URL}) '
        f'("News Published: {published:%d.%m.%Y}").'
    )


def load_news() -> str:
    partnership = get_demo_partnership()
    if partnership is None:
        raise RuntimeError("The news needs the DIA partnership: load stage 3 first.")
    existing = {post.title: post for post in NewsPost.objects.filter(partnership=partnership)}
    taken = {post.slug for post in existing.values()}
    created = 0
    for item in facts.NEWS:
        body = news_body(item.published_date)
        fields = {
            "body_markdown": body,
            "body_html": render_markdown(body),
            "published_at": dt.datetime.combine(item.published_date, PUBLICATION_TIME),
            "visibility": Visibility.PUBLIC,
            "language": "en",  # as published
            "source_url": facts.ECCP_PAGE_URL,
        }
        post = existing.get(item.title)
        if post is None:
            slug = unique_slug(item.title, taken)
            taken.add(slug)
            NewsPost.objects.create(partnership=partnership, slug=slug, title=item.title, **fields)
            created += 1
        else:
            for name, value in fields.items():
                setattr(post, name, value)
            post.save(update_fields=[*fields, "updated_at"])
    return f"{len(facts.NEWS)} published news items ({created} new)"
