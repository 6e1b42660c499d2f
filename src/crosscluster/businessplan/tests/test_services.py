"""Writes: what the services accept, what they refuse (naming the field and the fix), and that
a refused write leaves nothing behind."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crosscluster.businessplan import services
from crosscluster.businessplan.models import (
    BusinessPlan,
    CostLine,
    FinancingLine,
    FundingCall,
    FundingInstrument,
    StaffEffort,
)
from crosscluster.businessplan.tests.helpers import NOW, build_plan, build_roadmap
from crosscluster.strategy.tests.helpers import make_other_partnership

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (BusinessPlan, StaffEffort, CostLine, FinancingLine, FundingCall)
    )


def test_the_seeded_catalogue_is_there_with_sources_and_official_addresses() -> None:
    shared = FundingInstrument.objects.filter(partnership__isnull=True)
    keys = set(shared.values_list("key", flat=True))
    assert {"horizon-europe", "digital-europe-edih", "interreg-europe", "vinnova", "bmwe-zim",
            "mimit-incentives", "erdf-regional", "smp-cosme-euroclusters"} <= keys  # fmt: skip
    for instrument in shared:
        assert instrument.url.startswith("https://"), instrument.key
        assert "vintage 2026" in instrument.source
    # caps only where the published rule is sure (EIC Accelerator 70%, Interreg ceiling 80%)
    capped = dict(
        shared.filter(cofinancing_cap_percent__isnull=False).values_list(
            "key", "cofinancing_cap_percent"
        )
    )
    assert capped["eic-accelerator"] == 70
    assert all(value == 80 for key, value in capped.items() if key.startswith("interreg"))
    assert shared.get(key="horizon-europe").cofinancing_cap_percent is None


def test_the_plan_needs_a_strategy_and_plausible_years(cast) -> None:
    with pytest.raises(ValidationError) as error:
        services.save_plan(
            user=cast.coordinator,
            partnership=cast.partnership,
            data=services.PlanInput(2026, 2027),
            now=NOW,
        )
    assert "roadmap actions first" in error.value.message_dict["strategy"][0]
    build_roadmap(cast)
    with pytest.raises(ValidationError) as error:
        services.save_plan(
            user=cast.coordinator,
            partnership=cast.partnership,
            data=services.PlanInput(2027, 2026),
            now=NOW,
        )
    assert error.value.message_dict["last_year"] == [
        "The last year must be 2027 or later (the first year)."
    ]
    with pytest.raises(ValidationError) as error:
        services.save_plan(
            user=cast.coordinator,
            partnership=cast.partnership,
            data=services.PlanInput(1999, 2040),
            now=NOW,
        )
    assert "first_year" in error.value.message_dict
    assert BusinessPlan.objects.count() == 0


def test_narrowing_the_years_is_refused_while_lines_are_there(cast) -> None:
    built = build_plan(cast)
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.save_plan(
            user=cast.coordinator,
            partnership=cast.partnership,
            data=services.PlanInput(2026, 2026),
            now=NOW,
        )
    assert error.value.message_dict["last_year"] == [
        "Lines of the plan are in 2027: keep those years in the plan, or move or remove those "
        "lines first."
    ]
    assert counts() == before
    built.plan.refresh_from_db()
    assert (built.plan.first_year, built.plan.last_year) == (2026, 2027)
    # widening is fine
    plan = services.save_plan(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=services.PlanInput(2025, 2028),
        now=NOW,
    )
    assert plan.years == [2025, 2026, 2027, 2028]


def test_bad_lines_name_every_field_and_write_nothing(cast) -> None:
    built = build_plan(cast)
    other = make_other_partnership(cast)
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.save_effort(
            user=cast.coordinator,
            plan=built.plan,
            data=services.EffortInput(
                action_id=999_999,
                year=2030,
                organisation_id=cast.outsider.pk,
                person_months="two",
                monthly_rate_eur="-5",
            ),
        )
    problems = error.value.message_dict
    assert set(problems) == {"action", "year", "organisation", "person_months", "monthly_rate_eur"}
    assert problems["year"] == [
        "Choose a year of the plan, 2026 to 2027 (got 2030). Widen the plan's years first if the "
        "action runs longer."
    ]
    assert problems["person_months"] == ["Give a number, e.g. 2.5 (got 'two')."]
    with pytest.raises(ValidationError) as error:
        services.save_cost(
            user=cast.coordinator,
            plan=built.plan,
            data=services.CostInput(built.a1.pk, 2026, "food", "", "12.345"),
        )
    assert set(error.value.message_dict) == {"category", "description", "amount_eur"}
    assert "decimal places" in error.value.message_dict["amount_eur"][0]
    own_of_other = FundingInstrument.objects.create(
        partnership=other.partnership, name="Other's grant", level="eu", created_at=NOW,
        updated_at=NOW,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.save_financing(
            user=cast.coordinator,
            plan=built.plan,
            data=services.FinancingInput(built.a1.pk, 2026, "100", own_of_other.pk),
        )
    assert "not in the catalogue of this partnership" in error.value.message_dict["instrument"][0]
    with pytest.raises(ValidationError) as error:
        services.save_financing(
            user=cast.coordinator,
            plan=built.plan,
            data=services.FinancingInput(
                built.a1.pk, 2026, "100", built.eu.pk, organisation_id=cast.cluster.pk
            ),
        )
    assert "not both" in error.value.message_dict["instrument"][0]
    assert counts() == before


def test_one_effort_line_per_partner_action_and_year(cast) -> None:
    built = build_plan(cast)
    with pytest.raises(ValidationError) as error:
        services.save_effort(
            user=cast.coordinator,
            plan=built.plan,
            data=services.EffortInput(built.a1.pk, 2026, cast.cluster.pk, "1", "4000"),
        )
    assert "change that line instead" in error.value.message_dict["organisation"][0]


def test_financing_takes_its_level_from_the_instrument_and_follows_it(cast) -> None:
    built = build_plan(cast)
    levels = sorted(FinancingLine.objects.values_list("level", flat=True))
    assert levels == ["eu", "eu", "national", "national", "own"]
    services.save_instrument(
        user=cast.coordinator,
        partnership=cast.partnership,
        data=services.InstrumentInput(name="Test EU grant", level="regional"),
        now=NOW,
        instrument=built.eu,
    )
    assert FinancingLine.objects.filter(instrument=built.eu, level="regional").count() == 2


def test_calls_link_actions_of_this_roadmap_only_and_must_match_the_instrument(cast) -> None:
    built = build_plan(cast)
    with pytest.raises(ValidationError) as error:
        services.save_call(
            user=cast.coordinator,
            plan=built.plan,
            data=services.CallInput(title="A call", action_ids=(built.a1.pk, 999_999)),
            now=NOW,
        )
    assert set(error.value.message_dict) == {"programme", "actions"}
    call = services.save_call(
        user=cast.coordinator,
        plan=built.plan,
        data=services.CallInput(
            title="Test call", instrument_id=built.national.pk, action_ids=(built.a2.pk,)
        ),
        now=NOW,
    )
    assert list(call.actions.all()) == [built.a2]
    with pytest.raises(ValidationError) as error:
        services.save_financing(
            user=cast.coordinator,
            plan=built.plan,
            data=services.FinancingInput(built.a2.pk, 2027, "100", built.eu.pk, call_id=call.pk),
        )
    assert "belongs to another instrument" in error.value.message_dict["call"][0]


def test_instruments_in_use_cannot_be_removed(cast) -> None:
    built = build_plan(cast)
    with pytest.raises(ValidationError) as error:
        services.remove_instrument(user=cast.coordinator, instrument=built.eu)
    assert "finances 2 line(s)" in error.value.message_dict["instrument"][0]
    assert FundingInstrument.objects.filter(pk=built.eu.pk).exists()


def test_only_coordinators_write_and_only_administrators_touch_the_shared_catalogue(cast) -> None:
    built = build_plan(cast)
    before = counts()
    for user in (cast.cluster_manager, cast.sme_member, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.save_cost(
                user=user,
                plan=built.plan,
                data=services.CostInput(built.a1.pk, 2026, "travel", "Train", "100"),
            )
        with pytest.raises(PermissionDenied):
            services.remove_line(user=user, line=CostLine.objects.first())  # type: ignore[arg-type]
    assert counts() == before
    data = services.InstrumentInput(name="New shared", level="eu")
    with pytest.raises(PermissionDenied):
        services.save_instrument(user=cast.coordinator, partnership=None, data=data, now=NOW)
    with pytest.raises(PermissionDenied):
        services.save_instrument(
            user=cast.coordinator, partnership=None, data=data, now=NOW, instrument=built.national
        )
    created = services.save_instrument(
        user=cast.administrator, partnership=None, data=data, now=NOW
    )
    assert created.is_shared


def test_bad_instrument_input_names_the_fields(cast) -> None:
    build_roadmap(cast)
    before = FundingInstrument.objects.count()
    with pytest.raises(ValidationError) as error:
        services.save_instrument(
            user=cast.coordinator,
            partnership=cast.partnership,
            data=services.InstrumentInput(
                name="",
                level="global",
                cofinancing_cap_percent="150",
                country_code="Sweden",
                url="www.example.eu",
            ),
            now=NOW,
        )
    assert set(error.value.message_dict) == {
        "name", "level", "cofinancing_cap_percent", "country_code", "url",
    }  # fmt: skip
    assert FundingInstrument.objects.count() == before


def test_the_catalogue_command_refreshes_shared_entries_in_place(cast) -> None:
    import io

    from django.core.management import call_command

    built = build_plan(cast)
    shared = FundingInstrument.objects.filter(partnership__isnull=True)
    total = shared.count()
    shared.filter(key="vinnova").update(name="Renamed by hand")
    out = io.StringIO()
    call_command("load_funding_catalogue", stdout=out)
    assert out.getvalue().strip() == f"Funding catalogue: 0 created, {total} updated."
    assert shared.get(key="vinnova").name == "Vinnova programmes"
    assert FundingInstrument.objects.filter(pk=built.eu.pk).exists()  # own entries stay
    assert FinancingLine.objects.filter(instrument=built.national).count() == 2
