"""The only way a monitoring page obtains the partnership it reports on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _

from crosscluster.partnerships import queries as partnership_queries

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership
    from crosscluster.partnerships.queries import AnyUser


def access_scoreboard(*, user: AnyUser, slug: str) -> Partnership:
    """The partnership if the viewer may see it (the scoreboard shows counts, as its page does);
    404 when it is hidden or missing."""
    try:
        return partnership_queries.get_partnership(user=user, slug=slug)
    except ObjectDoesNotExist as error:
        raise Http404(_("No such partnership.")) from error
