"""Opportunity writes: who may write, what is checked, the workflow and expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from crosscluster.marketplace import services
from crosscluster.marketplace.models import (
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    OpportunityVisibility,
)
from crosscluster.marketplace.tests.helpers import NOW, make_opportunity

pytestmark = pytest.mark.django_db


def test_a_member_creates_a_draft_and_its_language_is_detected(cast, tags):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(
        user=cast.sme_member,
        owner=cast.sme,
        title="Kamera-Inspektion von Flaschen",
        description=(
            "Wir suchen eine automatische Kamera-Inspektion für Glasflaschen in unserer "
            "Lebensmittelproduktion, die Risse und falsche Etiketten erkennt."
        ),
        tags=[tags["vision"], tags["food"]],
        publish=False,
    )
    assert opportunity.status == OpportunityStatus.DRAFT
    assert opportunity.language == "de"
    assert set(opportunity.tags.values_list("label", flat=True)) == {
        "Sensors & Vision Processing Systems",
        "Agricultural biotechnology and food biotechnology",
    }


def test_an_outsider_cannot_publish_in_the_name_of_another_organisation(cast):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        make_opportunity(user=cast.outsider, owner=cast.sme)
    assert not Opportunity.objects.exists()


def test_bad_input_names_each_field_and_writes_nothing(cast):  # type: ignore[no-untyped-def]
    data = services.OpportunityData(
        kind="wish",
        title="",
        description="too short",
        visibility=OpportunityVisibility.PARTNERSHIP,
        cooperation_types=["friendship"],
        deadline_date=dt.date(2027, 3, 1),
        expiry_date=dt.date(2027, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        services.create_opportunity(user=cast.sme_member, owner=cast.sme, data=data, now=NOW)
    errors = caught.value.message_dict
    assert set(errors) == {
        "kind",
        "title",
        "description",
        "visibility",
        "cooperation_types",
        "deadline_date",
    }
    assert "Choose a partnership" in errors["visibility"][0]
    assert "'friendship'" in errors["cooperation_types"][0]
    assert not Opportunity.objects.exists()


def test_the_partnership_must_be_one_the_owner_takes_part_in(cast):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        make_opportunity(user=cast.outsider, owner=cast.other_sme, partnership=cast.partnership)
    assert "does not take part" in caught.value.message_dict["partnership"][0]
    # the SME belongs to a partner cluster, so it may publish in the partnership
    opportunity = make_opportunity(
        user=cast.sme_member, owner=cast.sme, partnership=cast.partnership
    )
    assert opportunity.partnership == cast.partnership


def test_brokers_review_but_other_partners_do_not(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(
        user=cast.sme_member, owner=cast.sme, partnership=cast.partnership, publish=False
    )
    changes = services.OpportunityChanges(title="Reviewed title", given=frozenset({"title"}))
    services.update_opportunity(
        user=cast.coordinator, opportunity=opportunity, changes=changes, now=NOW
    )
    opportunity.refresh_from_db()
    assert opportunity.title == "Reviewed title"
    with pytest.raises(PermissionDenied):
        services.update_opportunity(
            user=cast.cluster_manager, opportunity=opportunity, changes=changes, now=NOW
        )


def test_an_update_with_bad_input_changes_nothing(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    changes = services.OpportunityChanges(
        title="New title",
        expiry_date=dt.date(2020, 1, 1),
        given=frozenset({"title", "expiry_date"}),
    )
    with pytest.raises(ValidationError) as caught:
        services.update_opportunity(
            user=cast.sme_member, opportunity=opportunity, changes=changes, now=NOW
        )
    assert "expiry_date" in caught.value.message_dict
    opportunity.refresh_from_db()
    assert opportunity.title == "Camera inspection of bottles"


def test_workflow_draft_published_closed(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme, publish=False)
    with pytest.raises(ValidationError) as caught:
        services.close_opportunity(user=cast.sme_member, opportunity=opportunity, now=NOW)
    assert caught.value.message_dict["status"] == [
        "Only a published opportunity can be closed; this one is still a draft."
    ]
    services.publish_opportunity(user=cast.sme_member, opportunity=opportunity, now=NOW)
    assert opportunity.status == OpportunityStatus.PUBLISHED
    assert opportunity.published_at == NOW
    services.close_opportunity(user=cast.sme_member, opportunity=opportunity, now=NOW)
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.CLOSED
    with pytest.raises(ValidationError) as again:
        services.close_opportunity(user=cast.sme_member, opportunity=opportunity, now=NOW)
    assert again.value.message_dict["status"] == ["This opportunity is closed already."]


def test_publishing_after_the_expiry_date_is_refused(cast):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(
        user=cast.sme_member, owner=cast.sme, publish=False, expiry_date=dt.date(2026, 12, 1)
    )
    later = dt.datetime(2026, 12, 5, tzinfo=dt.UTC)
    with pytest.raises(ValidationError) as caught:
        services.publish_opportunity(user=cast.sme_member, opportunity=opportunity, now=later)
    assert "expiry_date" in caught.value.message_dict
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.DRAFT


def test_expire_command_expires_only_past_expiry_dates(cast):  # type: ignore[no-untyped-def]
    old = make_opportunity(user=cast.sme_member, owner=cast.sme, expiry_date=dt.date(2026, 12, 1))
    fresh = make_opportunity(
        user=cast.sme_member, owner=cast.sme, title="Still open", expiry_date=dt.date(2027, 6, 1)
    )
    call_command("expire_opportunities", now="2026-12-02T00:00:00+00:00")
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == OpportunityStatus.EXPIRED
    assert fresh.status == OpportunityStatus.PUBLISHED


def test_expire_command_rejects_a_bad_time(db):  # type: ignore[no-untyped-def]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--now"):
        call_command("expire_opportunities", now="yesterday")


def test_kinds_cover_the_een_profile_types() -> None:
    assert {kind.value for kind in OpportunityKind} == {
        "industrial_need",
        "ict_offer",
        "technology_request",
        "technology_offer",
        "business_cooperation",
        "research_cooperation",
    }
