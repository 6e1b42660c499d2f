"""Status words agree with what they describe (pgettext contexts): one English "Closed" is
"Close" for an opportunity and "Clos" for a funding call in French, "Encerrada"/"Encerrado"
in Portuguese."""

from __future__ import annotations

import pytest
from django.utils.translation import override

from crosscluster.businessplan.models import CallStatus
from crosscluster.conversations.models import ConversationStatus
from crosscluster.marketplace.models import OpportunityStatus
from crosscluster.partnerships.models import ApprovalStatus
from crosscluster.strategy.models import ProposalStatus


@pytest.mark.parametrize(
    ("language", "opportunity", "call"),
    [("fr", "Close", "Clos"), ("pt", "Encerrada", "Encerrado"), ("it", "Chiusa", "Chiuso")],
)
def test_closed_agrees_with_the_noun(language: str, opportunity: str, call: str) -> None:
    with override(language):
        assert str(OpportunityStatus.CLOSED.label) == opportunity
        assert str(CallStatus.CLOSED.label) == call


def test_open_and_approved_agree_with_their_nouns() -> None:
    with override("pt"):
        assert str(ConversationStatus.OPEN.label) == "Aberta"  # a conversa
        assert str(CallStatus.OPEN.label) == "Aberto"  # o convite
        assert str(ApprovalStatus.APPROVED.label) == "Aprovada"  # a parceria
    with override("fr"):
        assert str(ApprovalStatus.APPROVED.label) == "Approuvé"  # le partenariat
        assert str(ProposalStatus.OPEN.label) == "Ouverte"  # la proposition
    with override("en"):
        assert str(OpportunityStatus.CLOSED.label) == str(CallStatus.CLOSED.label) == "Closed"
