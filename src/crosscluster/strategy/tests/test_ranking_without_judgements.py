"""Before any partner has entered market judgements, no page offers to rank with them (the
judgements page's "Rank with these weights" led a member to a 400 page), and a hand-typed
``?weights=ahp`` names the option by its label, not the code's ``weights``."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.strategy import adapters, services
from crosscluster.strategy.tests.helpers import NOW
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def page(cast, name: str) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"strategy:{name}", args=[cast.partnership.slug])


def enter_judgements(cast) -> None:  # type: ignore[no-untyped-def]
    size = len(adapters.CRITERION_CODES)
    services.save_market_judgement(
        user=cast.coordinator,
        partnership=cast.partnership,
        organisation=cast.cluster,
        pairs={(row, column): 1.0 for row in range(size) for column in range(row + 1, size)},
        now=NOW,
    )


def test_without_judgements_no_page_offers_to_rank_with_them(cast, client: Client) -> None:
    client.login(email=cast.sme_member.email, password=PASSWORD)
    judgements = client.get(page(cast, "judgements")).content.decode()
    assert "?weights=ahp" not in judgements
    assert "No partner has entered its judgements yet." in judgements
    ranking = client.get(page(cast, "ranking")).content.decode()
    assert '<option value="ahp" disabled>' in ranking

    enter_judgements(cast)
    judgements = client.get(page(cast, "judgements")).content.decode()
    assert "?weights=ahp" in judgements
    assert "No partner has entered its judgements yet." not in judgements
    assert '<option value="ahp">' in client.get(page(cast, "ranking")).content.decode()
    assert client.get(page(cast, "ranking"), {"weights": "ahp"}).status_code == 200


def test_a_typed_address_s_problem_names_the_option_as_the_form_does(cast, client: Client) -> None:
    client.login(email=cast.sme_member.email, password=PASSWORD)
    response = client.get(page(cast, "ranking"), {"weights": "ahp", "method": "best"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<p>Weights: No partner has entered market judgements yet" in html
    assert "weights:" not in html
    response = client.get(page(cast, "ranking"), {"method": "best"})
    assert "<p>Method: Use wsm or topsis, not &#x27;best&#x27;.</p>" in response.content.decode()
