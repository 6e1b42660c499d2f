"""``{% follow_partnership_button partnership %}``: follow or unfollow a partnership (the
marketplace's follow, whose notices are the ``marketplace.opportunity`` kind). Shown to people
who are signed in; visitors get a link to log in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.contrib.auth.models import AnonymousUser

from crosscluster.marketplace import queries

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

register = template.Library()


@register.inclusion_tag("marketplace/_follow_partnership.html", takes_context=True)
def follow_partnership_button(
    context: template.Context, partnership: Partnership
) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    signed_in = bool(user.is_authenticated)
    return {
        "partnership": partnership,
        "signed_in": signed_in,
        "following": signed_in and queries.is_following(user=user, partnership_id=partnership.pk),
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }
