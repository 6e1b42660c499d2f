"""A match's reasons over the API in the request's language, as the match list words them
(apiwords: the API gave the engine's stored English): worded from the engine's parts, which
the answer keeps beside; in English as the page says them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from crosscluster.marketplace.tests.helpers import (
    need_with_a_worded_match,
)
from crosscluster.marketplace.wording import describe

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["de", "it"])
def test_the_match_api_words_the_reasons_in_the_requests_language(
    cast, tags, language: str
) -> None:
    need, match = need_with_a_worded_match(cast, tags)
    client = Client()
    client.force_login(cast.sme_member)
    address = f"/api/v1/marketplace/opportunities/{need.pk}/matches"

    def shown(asked: str) -> dict:  # type: ignore[type-arg]
        answer = client.get(address, headers={"accept-language": asked})
        assert answer.status_code == 200, answer.content
        return next(item for item in answer.json()["matches"] if item["id"] == match.pk)

    english = shown("en")
    with translation.override("en"):  # as the page words them ("rank 1 of 3", not "1st of 3")
        assert english["reasons"] == [describe(parts) for parts in match.reason_parts]
    assert english["reason_parts"] == match.reason_parts
    # the numbers rounded as the engine's sentences round them (0.6487: "0.65", not "0.64")
    semantic = next(part for part in match.reason_parts if part["code"] == "semantic")
    assert f"similarity {semantic['number']:.2f}," in " ".join(match.reasons)
    assert f"similarity {semantic['number']:.2f}," in " ".join(english["reasons"])
    worded = shown(language)
    with translation.override(language):
        expected = [describe(parts) for parts in match.reason_parts]
    assert worded["reasons"] == expected
    assert not set(worded["reasons"]) & set(english["reasons"])
