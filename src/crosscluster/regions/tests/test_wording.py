"""The S3 recommendations in the reader's language (regions/wording.py): the rules write English
and, beside it, the same as codes and values, kept with the row and worded when read."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crosscluster.core.taxonomy import translate_label
from crosscluster.regions import queries, services, wording
from crosscluster.regions.models import Recommendation
from crosscluster.regions.tests.helpers import NOW, build_guidelines
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def generated(cast, *, with_jis: bool = True, adopt: bool = True) -> list[Recommendation]:  # type: ignore[no-untyped-def]
    setup = build_guidelines(cast, with_jis=with_jis)
    if adopt:
        services.adopt_candidates(
            user=cast.coordinator, profile=setup.basque, keys=["sectors:manufacturing"], now=NOW
        )
    services.generate_recommendations(user=cast.coordinator, partnership=cast.partnership, now=NOW)
    return list(Recommendation.objects.order_by("profile_id", "position"))


@pytest.mark.parametrize("with_jis", [True, False])
def test_worded_in_english_it_is_the_rules_own_text(cast, with_jis: bool) -> None:
    """The oracle: in English every worded recommendation is exactly what the rule wrote."""
    recommendations = generated(cast, with_jis=with_jis)
    assert recommendations
    with translation.override("en"):
        for recommendation in recommendations:
            assert wording.recommendation_text(recommendation.wording) == (
                recommendation.title,
                recommendation.body,
            ), recommendation.rule
    snapshot = queries.build_guidelines(partnership=cast.partnership, today=NOW)
    with translation.override("en"):
        shown = wording.guidelines_for_reader(snapshot)
    cells = [cell for row in snapshot["matrix"]["rows"] for cell in row["cells"]]
    assert [cell["reasons"] for row in shown["matrix"]["rows"] for cell in row["cells"]] == [
        cell["reasons"] for cell in cells
    ]
    assert any(cell["reason_parts"] for cell in cells) == with_jis
    codes = {recommendation.wording["code"] for recommendation in recommendations}
    expected = (
        {"aligned-none", "record-priorities"}
        if with_jis
        else {"define-domains", "record-priorities"}
    )
    assert expected <= codes, codes


def test_a_german_reader_sees_the_tags_in_german_and_an_edited_text_as_written(cast) -> None:
    recommendations = generated(cast)
    aligned = next(r for r in recommendations if r.wording["code"].startswith("aligned"))
    tag = aligned.wording["domains"][0]
    with translation.override("de"):
        title, body = wording.shown_text(
            title=aligned.title, body=aligned.body, wording=aligned.wording, is_edited=False
        )
        german_tag = translate_label(tag)
    assert german_tag != tag
    assert german_tag in title  # (quoted as German quotes once the catalogue has them)
    assert german_tag in body
    assert tag not in title
    # the matrix's reasons name the tags in German too
    with translation.override("de"):
        shown = wording.guidelines_for_reader(
            queries.build_guidelines(partnership=cast.partnership, today=NOW)
        )
    reasons = " ".join(
        reason
        for row in shown["matrix"]["rows"]
        for cell in row["cells"]
        for reason in cell["reasons"]
    )
    assert german_tag in reasons
    assert tag not in reasons
    # a coordinator's edit is theirs: shown as written in every language
    services.update_recommendation(
        user=cast.coordinator, recommendation=aligned, title="Our plan", body="As agreed.", now=NOW
    )
    aligned.refresh_from_db()
    with translation.override("de"):
        assert wording.shown_text(
            title=aligned.title,
            body=aligned.body,
            wording=aligned.wording,
            is_edited=aligned.is_edited,
        ) == ("Our plan", "As agreed.")


def test_rows_from_before_the_parts_show_their_stored_text(cast) -> None:
    recommendation = generated(cast)[0]
    Recommendation.objects.filter(pk=recommendation.pk).update(wording={})
    client = Client()
    client.login(email=cast.sme_member.email, password=PASSWORD)
    with translation.override("de"):
        url = reverse("regions:overview", args=[cast.partnership.slug])
    assert recommendation.title in client.get(url).content.decode()


def test_the_guidelines_page_and_api_word_recommendations_in_german(cast) -> None:
    """Depends on the catalogues: the German sentences are filled in by the lead."""
    recommendations = generated(cast)
    record = next(r for r in recommendations if r.wording["code"] == "record-priorities")
    client = Client()
    client.login(email=cast.sme_member.email, password=PASSWORD)
    with translation.override("de"):
        url = reverse("regions:overview", args=[cast.partnership.slug])
    html = client.get(url).content.decode()
    assert f"Erfassen Sie die S3-Prioritäten von {record.wording['region']}" in html
    assert record.title not in html
    body = client.get(
        f"/api/v1/regions/{cast.partnership.slug}", headers={"Accept-Language": "de"}
    ).json()
    titles = [r["title"] for region in body["regions"] for r in region["recommendations"]]
    assert f"Erfassen Sie die S3-Prioritäten von {record.wording['region']}" in titles


def every_variant() -> list[object]:
    """Drafts of every rule and variant, from the engine's hand-built facts (no database)."""
    from crosscluster.engines.s3.alignment import Neighbour, Priority, align
    from crosscluster.engines.s3.rules import Mechanism, recommend
    from crosscluster.engines.s3.tests.test_rules import AGRI, AI, DOMAINS, FOOD, SMART, facts

    near = {"technologies:iot": [Neighbour("sectors:food", 0.5, 4, 8)]}
    food_only = Priority("priority:3", "Food chains", "ES21", "País Vasco", (FOOD,))
    ai_only = Priority("priority:4", "Data", "ES21", "País Vasco", (AI,))
    mechanism = Mechanism("Innovation vouchers", "Funding", "País Vasco")
    cases = [
        (
            facts(
                (SMART, AGRI), linked_items={"technology:iot": ("Kit",)}, mechanisms=(mechanism,)
            ),
            align(DOMAINS, [SMART, AGRI], {}),
        ),
        (
            facts((SMART,), jis_items=tuple(f"Offer {n}" for n in range(7))),
            align(DOMAINS, [SMART], {}),
        ),
        (facts((SMART,)), align(DOMAINS, [SMART], {})),
        (facts((food_only,)), align(DOMAINS, [food_only], near)),
        (facts((food_only,)), align(DOMAINS, [food_only], {})),
        (facts((ai_only,)), align(DOMAINS, [ai_only], {})),
        *[(facts((), candidate_count=count), align(DOMAINS, [], {})) for count in (0, 1, 3)],
        (facts((SMART,)), align([], [SMART], {})),
        (facts((SMART, AGRI)), align([], [SMART, AGRI], {})),
    ]
    return [draft for region, matrix in cases for draft in recommend(region, matrix)]


def test_every_rule_and_variant_worded_in_english_is_the_rules_own_text() -> None:
    drafts = every_variant()
    with translation.override("en"):
        for draft in drafts:
            assert wording.recommendation_text(draft.parts) == (draft.title, draft.body), (  # type: ignore[attr-defined]
                draft.parts  # type: ignore[attr-defined]
            )
    codes = {draft.parts["code"] for draft in drafts}  # type: ignore[attr-defined]
    assert codes == set(wording._RULES), set(wording._RULES) - codes
