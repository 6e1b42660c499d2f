"""Following opportunities and partnerships."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from crosscluster.marketplace.models import (
    Follow,
    Opportunity,
)
from crosscluster.partnerships.queries import AnyUser

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- follows


def set_following(
    *,
    user: AnyUser,
    following: bool,
    opportunity: Opportunity | None = None,
    partnership: Partnership | None = None,
) -> None:
    if isinstance(user, AnonymousUser):
        raise PermissionDenied(_("Log in to follow."))
    if (opportunity is None) == (partnership is None):
        raise ValidationError({"__all__": [_("Follow either an opportunity or a partnership.")]})
    if following:
        Follow.objects.get_or_create(user=user, opportunity=opportunity, partnership=partnership)
    else:
        Follow.objects.filter(user=user, opportunity=opportunity, partnership=partnership).delete()
