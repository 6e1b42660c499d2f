"""The pages: what a coordinator sees and does, with and without htmx."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from crosscluster.businessplan import services
from crosscluster.businessplan.models import BusinessPlan, CostLine, FinancingLine, StaffEffort
from crosscluster.businessplan.tests.helpers import NOW, build_plan, build_roadmap
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def login(cast, who: str = "coordinator") -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.login(email=getattr(cast, who).email, password=PASSWORD)
    return client


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_coordinator_starts_the_plan_with_the_strategy_years(cast) -> None:
    client = login(cast)
    slug = cast.partnership.slug
    response = client.get(reverse("businessplan:overview", args=[slug]))
    assert "The business plan budgets the roadmap" in text_of(response)
    build_roadmap(cast)
    response = client.get(reverse("businessplan:overview", args=[slug]))
    assert 'name="first_year" value="2026"' in response.content.decode()
    assert 'name="last_year" value="2027"' in response.content.decode()
    response = client.post(
        reverse("businessplan:edit", args=[slug]),
        {"first_year": "2027", "last_year": "2026", "notes": ""},
    )
    assert response.status_code == 200
    assert "The last year must be 2027 or later" in text_of(response)
    assert BusinessPlan.objects.count() == 0
    response = client.post(
        reverse("businessplan:edit", args=[slug]),
        {"first_year": "2026", "last_year": "2027", "notes": "Rates from payroll."},
    )
    assert response.status_code == 302
    assert BusinessPlan.objects.get().years == [2026, 2027]


def test_overview_shows_the_table_checks_charts_and_downloads(cast) -> None:
    build_plan(cast)
    response = login(cast, "sme_member").get(
        reverse("businessplan:overview", args=[cast.partnership.slug])
    )
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert html.count('class="plan-chart"') == 2
    assert "A2 Matchmaking, 2027: costs €12,000.00, financing €10,000.00, gap of" in text
    assert 'id="check-financed"' in html
    assert "Download XLSX" in text
    assert "Years and assumptions" not in text  # members do not edit
    assert "Rates: 2025 payroll." in text


def test_lines_are_added_in_place_with_htmx_and_errors_keep_the_input(cast) -> None:
    built = build_plan(cast)
    client = login(cast)
    target = reverse("businessplan:action", args=[cast.partnership.slug, built.a2.pk])
    before = CostLine.objects.count()
    response = client.post(
        target,
        {"kind": "costs", "action": built.a2.pk, "year": "2027", "category": "travel",
         "description": "Train to Milan", "amount_eur": "1,250.50"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200
    assert response.content.decode().startswith('<div id="action-body">')
    assert "Train to Milan" in text_of(response)
    assert CostLine.objects.count() == before + 1
    response = client.post(
        target,
        {"kind": "staff", "action": built.a2.pk, "year": "2027",
         "organisation": cast.cluster.pk, "person_months": "-1", "monthly_rate_eur": "abc"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200  # htmx swaps 2xx only
    text = text_of(response)
    assert "Monthly staff rate (EUR): give a number like 6200.50 (got &#x27;abc&#x27;)." in text
    response = client.post(
        target,
        {"kind": "staff", "action": built.a2.pk, "year": "2027",
         "organisation": cast.cluster.pk, "person_months": "-1", "monthly_rate_eur": ""},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert "Give a number above 0, e.g. 2.5." in text_of(response)
    assert StaffEffort.objects.count() == 2
    # without htmx: a redirect on success, a 400 page with the errors otherwise
    response = client.post(
        target,
        {"kind": "financing", "action": built.a2.pk, "year": "2027",
         "source": f"partner:{cast.other_cluster.pk}", "amount_eur": "2000", "status": "planned"},
    )  # fmt: skip
    assert response.status_code == 302
    assert FinancingLine.objects.filter(level="own", organisation=cast.other_cluster).exists()
    response = client.post(target, {"kind": "costs", "action": built.a2.pk, "year": "2031"})
    assert response.status_code == 400


def test_editing_and_removing_a_line(cast) -> None:
    build_plan(cast)
    client = login(cast)
    slug = cast.partnership.slug
    cost = CostLine.objects.get(description="Flights")
    edit = reverse("businessplan:line_edit", args=[slug, "costs", cost.pk])
    assert 'value="2000.00"' in client.get(edit).content.decode()
    response = client.post(
        edit,
        {"action": cost.action_id, "year": "2026", "category": "travel",
         "description": "Flights and trains", "amount_eur": "2500"},
    )  # fmt: skip
    assert response.status_code == 302
    cost.refresh_from_db()
    assert (cost.description, cost.amount_eur) == ("Flights and trains", 2500)
    response = client.post(reverse("businessplan:line_delete", args=[slug, "costs", cost.pk]))
    assert response.status_code == 302
    assert not CostLine.objects.filter(pk=cost.pk).exists()


def test_calls_page_sorts_by_deadline_and_marks_overdue_closing_soon_and_illustrative(cast) -> None:
    built = build_plan(cast)
    today = timezone.localdate()
    for title, days, illustrative in (
        ("Later call", 90, False),
        ("Overdue call", -3, False),
        ("Soon call", 10, True),
    ):
        services.save_call(
            user=cast.coordinator,
            plan=built.plan,
            data=services.CallInput(
                title=title,
                programme="Test programme",
                deadline_date=today + dt.timedelta(days=days),
                action_ids=(built.a1.pk,),
                is_illustrative=illustrative,
            ),
            now=NOW,
        )
    response = login(cast, "cluster_manager").get(
        reverse("businessplan:calls", args=[cast.partnership.slug])
    )
    text = text_of(response)
    order = [text.index(title) for title in ("Overdue call", "Soon call", "Later call")]
    assert order == sorted(order)
    assert "Deadline passed" in text
    assert "Closing soon" in text
    assert "Calls marked illustrative are demo content" in text
    assert "Add a call" not in text  # members do not add


def test_adding_a_call_with_bad_input_names_the_fix(cast) -> None:
    build_plan(cast)
    client = login(cast)
    response = client.post(
        reverse("businessplan:calls", args=[cast.partnership.slug]),
        {"title": "A call", "status": "open", "url": "ftp://example.eu"},
    )
    assert response.status_code == 400
    text = text_of(response)
    assert "Name the programme, or choose the call" in text
    assert "Give a web address starting https://" in text


def test_instruments_page_groups_by_level_and_cites_the_source(cast) -> None:
    build_plan(cast)
    response = login(cast, "sme_member").get(
        reverse("businessplan:instruments", args=[cast.partnership.slug])
    )
    text = text_of(response)
    for label in ("Regional", "National", "EU"):
        assert label in text
    assert "Vinnova programmes" in text
    assert "vintage 2026" in text
    assert "Add an instrument" not in text
    client = login(cast)
    response = client.post(
        reverse("businessplan:instruments", args=[cast.partnership.slug]),
        {"name": "Regional voucher", "level": "regional", "cofinancing_cap_percent": "60",
         "url": "https://example.eu/voucher"},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.get(reverse("businessplan:instruments", args=[cast.partnership.slug]))
    assert "Regional voucher" in text_of(response)
    assert "60%" in text_of(response)


def test_the_admin_lists_the_catalogue_calls_and_plans(cast) -> None:
    build_plan(cast)
    client = login(cast, "administrator")
    for name in ("fundinginstrument", "fundingcall", "businessplan"):
        response = client.get(reverse(f"admin:businessplan_{name}_changelist"))
        assert response.status_code == 200, name
    plan = BusinessPlan.objects.get()
    response = client.get(reverse("admin:businessplan_businessplan_change", args=[plan.pk]))
    assert response.status_code == 200
    assert "Flights" in response.content.decode()


def test_amounts_in_sentences_are_money_in_the_readers_language(cast) -> None:
    """The granted total is written as money: "€9,000.00" in English, "9.000,00 €" in German
    (the German sentence around it depends on the catalogues)."""
    build_plan(cast)
    client = login(cast, "sme_member")
    slug = cast.partnership.slug
    english = text_of(client.get(reverse("businessplan:overview", args=[slug])))
    assert "Of which granted: €9,000.00." in english
    with translation.override("de"):
        german_url = reverse("businessplan:overview", args=[slug])
    german = text_of(client.get(german_url))
    assert "9.000,00 €" in german  # text_of makes the no-break space a space
    assert "EUR 9.000,00" not in german


def test_an_instruments_country_is_picked_by_its_name_and_stored_as_its_code(cast) -> None:
    """Issue 16: a country picker in the reader's language, not an ISO code box."""
    from crosscluster.businessplan.models import FundingInstrument

    build_plan(cast)
    client = login(cast)
    url = reverse("businessplan:instruments", args=[cast.partnership.slug])
    with translation.override("fr"):
        page = client.get(reverse("businessplan:instruments", args=[cast.partnership.slug]))
    picker = page.content.decode().split('name="country_code"')[1].split("</select>")[0]
    assert '<option value="DE">Allemagne</option>' in picker
    assert "ISO" not in text_of(page)
    response = client.post(url, {"name": "Go global", "level": "national", "country_code": "DE"})
    assert response.status_code == 302
    assert FundingInstrument.objects.get(name="Go global").country_code == "DE"


def test_removing_a_line_names_it_in_the_readers_words(cast) -> None:
    """Not the model's ``__str__`` ("6028: 1.00 PM in 2026", "eu: 9000.00"): the partner's
    name, amounts as money and the level by its name, in the page's language (qa6)."""
    build_plan(cast)
    client = login(cast)
    slug = cast.partnership.slug
    lines = {
        "costs": CostLine.objects.get(description="Flights").pk,
        "staff": StaffEffort.objects.get(organisation=cast.other_cluster).pk,
        "financing": FinancingLine.objects.get(level="eu", amount_eur=9000).pk,
    }
    pages = {
        kind: client.get(
            reverse("businessplan:line_delete", args=[slug, kind, pk])
        ).content.decode()
        for kind, pk in lines.items()
    }
    assert "Flights: €2,000.00 in 2026" in pages["costs"]
    assert f"{cast.other_cluster.name}: 1.50 person-months in 2026" in pages["staff"]
    assert "EU: €9,000.00 in 2026" in pages["financing"]
    assert "PM in 2026" not in pages["staff"]
    assert "eu: 9000" not in pages["financing"]
    with translation.override("pt"):
        address = reverse("businessplan:line_delete", args=[slug, "financing", lines["financing"]])
    assert "9.000,00\u00a0€" in client.get(address).content.decode()  # the reader's format
