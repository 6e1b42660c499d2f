"""An open conversation and a study visit with a company visit in its programme, for the slot
tests (pages, API, calendar file)."""

from __future__ import annotations

import datetime as dt

import pytest

from crosscluster.brokerage.tests.factories import NOW
from crosscluster.conversations import services
from crosscluster.conversations.models import Conversation
from crosscluster.events.models import ProgrammeItemKind
from crosscluster.events.tests.factories import make_event, make_programme_item
from crosscluster.marketplace.models import MatchSuggestion
from crosscluster.marketplace.tests.helpers import make_opportunity


@pytest.fixture
def conversation(cast) -> Conversation:  # type: ignore[no-untyped-def]
    """Open: Vision Systems SME (the member's, in the partnership through its cluster) and
    Unrelated SME (the outsider's, in no partnership)."""
    need = make_opportunity(user=cast.sme_member, owner=cast.sme, now=NOW)
    match = MatchSuggestion.objects.create(
        opportunity=need,
        provider_organisation=cast.other_sme,
        score=0.8,
        provider_country="DE",
        cross_border=True,
        computed_at=NOW,
    )
    invited = services.invite_provider(
        user=cast.sme_member, match_id=match.pk, message="Shall we talk?", now=NOW
    )
    return services.answer_invitation(
        user=cast.outsider, conversation=invited, accept=True, now=NOW
    )


@pytest.fixture
def visit(cast):  # type: ignore[no-untyped-def]
    """A public study visit of the partnership with a company visit in its programme."""
    event = make_event(cast.partnership, "Study visit to Berlin")
    return make_programme_item(
        event,
        "Visit of a machine builder",
        kind=ProgrammeItemKind.COMPANY_VISIT,
        start_at=event.start_at + dt.timedelta(hours=2),
        place="Factory hall 2",
    )
