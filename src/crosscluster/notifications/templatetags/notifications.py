"""``{% unread_notifications as count %}``: the signed-in person's unread count (header)."""

from __future__ import annotations

from django import template
from django.db import DatabaseError

from crosscluster.notifications import queries

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return 0
    try:
        return queries.count_unread(user=user)
    except DatabaseError:  # the error pages still render when the database is down
        return 0
