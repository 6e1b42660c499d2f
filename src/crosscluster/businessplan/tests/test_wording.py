"""The business plan's checks worded in the reader's language from the engine's codes and
values (issue 14): amounts as money and dates in the reader's format, names as written. The
German sentences around them depend on the catalogues; the amounts and dates do not."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.utils import translation

from crosscluster.businessplan import wording
from crosscluster.engines.financing import checks
from crosscluster.engines.financing.tests.test_checks import A1, TODAY, example

D = Decimal


def _variants() -> list[checks.CheckResult]:
    """Results of every kind: gaps, surpluses, caps above and within, late calls, no rates,
    a negative and a positive cash-flow, an empty plan."""
    surplus = example(
        financing=(
            checks.Financing(1, 2026, "eu", "EU grant", D("12500"), "granted", 7, D("50")),
            checks.Financing(1, 2027, "eu", "EU grant", D("9000"), "planned", 7, D("50")),
            checks.Financing(2, 2027, "regional", "ERDF", D("12000"), "planned"),
        )
    )
    empty = checks.Plan(first_year=2026, last_year=2026, actions=(A1,))
    return [
        result
        for plan in (example(), surplus, empty)
        for result in checks.run_checks(plan, today=TODAY)[1]
    ]


def test_english_sentences_write_amounts_as_money_and_keep_the_names() -> None:
    results = {result.key: result for result in checks.run_checks(example(), today=TODAY)[1]}
    with translation.override("en"):
        financed = wording.check(results["financed"])
        deadlines = wording.check(results["deadlines"])
        shares = wording.check(results["shares"])
    assert financed["title"] == "Every cost is financed"
    assert financed["explanation"] == (
        "1 action-year lacks financing: €2,000.00 in all. Add financing lines (or own "
        "contributions) for it, or lower its costs."
    )
    assert financed["findings"] == [
        "A2 Matchmaking, 2027: costs €12,000.00, financing €10,000.00, gap of €2,000.00."
    ]
    assert deadlines["findings"][0].startswith("A2, 2027: €10,000.00 from “ERDF call”, deadline")
    assert "Regional: €10,000.00 (33.3%)" in shares["findings"]
    assert "the largest share is regional (33.3%)" in shares["explanation"]
    assert financed["severity"] == checks.ERROR  # the rest as the engine gave it


def test_every_code_is_worded_in_german_formats() -> None:
    with translation.override("de"):
        worded = [wording.check(result) for result in _variants()]
    texts = [text for result in worded for text in [result["explanation"], *result["findings"]]]
    assert not [text for text in texts if "EUR " in text]  # no engine sentence left over
    joined = "\n".join(texts)
    assert "12.000,00\u00a0€" in joined
    assert "31.01.2026" in joined
    assert "Baltic" in joined  # names as written
    assert "Matchmaking" in joined


def test_a_snapshots_check_and_a_result_without_parts_keep_their_text() -> None:
    result = checks.run_checks(example(), today=TODAY)[1][0]
    kept = dict(dataclasses.asdict(result))
    with translation.override("de"):
        assert wording.check(kept)["findings"] == wording.check(result)["findings"]
        bare = dataclasses.replace(result, code="", finding_parts=())
        assert wording.check(bare)["explanation"] == result.explanation
        assert wording.check(bare)["findings"] == list(result.findings)
