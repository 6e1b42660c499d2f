"""``count_matches``: the number a need's matches page shows the viewer, for many needs at once."""

from __future__ import annotations

import pytest

from crosscluster.marketplace.models import MatchSource, MatchSuggestion, OpportunityKind
from crosscluster.marketplace.queries import MatchFilters, count_matches, list_matches
from crosscluster.marketplace.tests.helpers import NOW, make_opportunity
from tests.cast import Cast, make_organisation

pytestmark = pytest.mark.django_db


def _match(need, **fields):  # type: ignore[no-untyped-def]
    fields.setdefault("provider_organisation", None)
    return MatchSuggestion.objects.create(opportunity=need, score=0.5, computed_at=NOW, **fields)


def test_counts_agree_with_the_matches_page(cast: Cast) -> None:
    need = make_opportunity(user=cast.sme_member, owner=cast.sme)
    other_need = make_opportunity(user=cast.sme_member, owner=cast.sme, title="Robot welding")
    offer = make_opportunity(
        user=cast.outsider,
        owner=cast.other_sme,
        kind=OpportunityKind.ICT_OFFER,
        title="Vision inspection offer",
    )
    _match(need, provider_organisation=cast.other_sme)  # shown
    _match(need, provider_opportunity=offer)  # shown: the offer is public
    _match(need, provider_organisation=cast.other_cluster, is_hidden=True)  # hidden by a broker
    _match(need, provider_organisation=cast.cluster, is_current=False)  # no longer ranked
    picked = make_organisation("Broker Pick SME")
    _match(
        need, provider_organisation=picked, is_current=False, source=MatchSource.BROKER
    )  # a broker's addition stays
    _match(other_need, provider_organisation=cast.other_sme)

    counts = count_matches(user=cast.sme_member, opportunity_ids=[need.pk, other_need.pk])

    page = list_matches(user=cast.sme_member, opportunity=need, filters=MatchFilters())
    assert counts == {need.pk: len(page), other_need.pk: 1}
    assert counts[need.pk] == 3
    assert count_matches(user=cast.sme_member, opportunity_ids=[]) == {}
