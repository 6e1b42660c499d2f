"""`crosscluster seed_demo` against the test database, with every shipped row (loaded once).

The folder's fixture (``conftest.loaded``) loads the whole demo inside a transaction that is rolled
back at the end, so other test modules keep their demo-free database; each test runs in a
savepoint of it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Model

from crosscluster.accounts.models import OrganisationMembership, User
from crosscluster.brokerage.models import B2BSession, SessionStatus
from crosscluster.content.models import NewsPost
from crosscluster.demo import accounts, facts
from crosscluster.demo.sources import read_cordis_organisations, read_sme_declarations
from crosscluster.demo.tests.seeded import FAST_HASHER, TODAY
from crosscluster.directory.models import (
    ClusterMembership,
    Country,
    DataSource,
    NutsRegion,
    Organisation,
    OrganisationKind,
    OrganisationTag,
    Tag,
    ValidationStatus,
)
from crosscluster.events.models import Event
from crosscluster.events.queries import build_week, list_upcoming_events
from crosscluster.partnerships.models import (
    Partnership,
    PartnershipCoordinator,
    PartnershipMember,
    WorkItem,
    WorkPackage,
)
from crosscluster.partnerships.queries import (
    Standing,
    count_involvement,
    get_work_plan_progress,
)

PUBLIC = Standing(is_coordinator=False, is_member=False)
COUNTED: tuple[type[Model], ...] = (
    Country, NutsRegion, Tag, Organisation, OrganisationTag, ClusterMembership, Partnership,
    PartnershipMember, WorkPackage, WorkItem, NewsPost, Event, User, OrganisationMembership,
    PartnershipCoordinator,
)  # fmt: skip


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def dia(loaded: dict[str, object], db: None) -> Partnership:
    return Partnership.objects.get(slug=facts.SLUG)


def test_each_stage_reports_its_progress(loaded: dict[str, object], db: None) -> None:
    output = str(loaded["output"])
    reported = re.findall(r"^\[(\d+)/(\d+)\] ([^:]+):", output, flags=re.MULTILINE)
    total = int(reported[0][1])
    assert [int(number) for number, _, _ in reported] == list(range(1, total + 1))
    assert {int(of) for _, of, _ in reported} == {total}
    names = [name for _, _, name in reported]
    assert names[0] == "Reference data"
    assert names[-4:] == [
        "Demo accounts",
        "Illustrative pending claim and request to join",
        "Illustrative open conversation",
        "Illustrative B2B session",
    ]
    assert "Illustrative roadmap and business plan" in names
    assert "S3 guidelines of the partner regions" in names
    assert "Password (shown once): crosscluster-demo" in output
    assert "local demos only" in output


def test_the_partnership_is_as_published(dia: Partnership) -> None:
    assert dia.name == "European Digital Industry Alliance"
    assert dia.acronym == "DIA"
    assert dia.kind == "escp-4i"
    assert dia.phase == "Preparation Phase - Strand 1"
    assert dia.origin.startswith("COSME")
    assert dia.coordinator.name == "Pôle SCS"
    assert dia.coordinator.kind == OrganisationKind.CLUSTER
    assert dia.coordinator.source == DataSource.SEED
    assert dia.coordinator_contact_name == "Guillaume Roux"
    assert dia.coordinator_contact_role == "Cordinator Project"
    assert [c.pk for c in dia.target_countries.all()] == ["US"]
    assert dia.duration_months == 24
    assert dia.summary.startswith("The main objective of the project is to build-up")
    assert "\n- a Joint Internationalisation Strategy" in dia.results_expected
    assert "\n    - up to 4 priority markets worldwide" in dia.results_expected
    assert dia.funding_acknowledgement.endswith("COSME Programme (2014-2020).")
    assert "(EASME)" in dia.disclaimer
    assert sorted(a.label for a in dia.focus_areas.all()) == sorted(facts.FOCUS_AREAS)
    assert "DISCP" in dia.provenance_note
    assert "Illustrative" in dia.provenance_note
    assert "start date" in dia.provenance_note


def test_six_partner_clusters_with_the_unnamed_ones_marked_as_such(dia: Partnership) -> None:
    partners = {
        m.organisation.name: (m.organisation.country_id, m.role)
        for m in PartnershipMember.objects.filter(partnership=dia).select_related("organisation")
    }
    assert partners == {
        "Pôle SCS": ("FR", "coordinator"),
        "Basquegame": ("ES", "partner"),
        "TICE.PT": ("PT", "partner"),
        "BalticNet-PlasmaTec": ("DE", "partner"),
        "Italian partner cluster (name not published)": ("IT", "partner"),
        "Swedish partner cluster (name not published)": ("SE", "partner"),
    }
    for cluster in Organisation.objects.filter(kind=OrganisationKind.CLUSTER):
        assert cluster.validation_status == ValidationStatus.PROVISIONAL
        assert "illustrative" in cluster.description


def test_partners_and_smes_are_counted_from_declared_flags_only(dia: Partnership) -> None:
    from django.conf import settings

    declared = read_sme_declarations(settings.DATA_DIR)
    partner_countries = {p.country for p in facts.PARTNERS}
    expected_smes = {
        o.pic
        for o in read_cordis_organisations(settings.DATA_DIR)
        if o.entity_type == "PRC"
        and o.pic in declared
        and declared[o.pic].is_sme
        and o.country_code in partner_countries
    }
    counts = count_involvement(partnership=dia)
    assert counts.partners == 6
    assert counts.smes == len(expected_smes) > 0
    smes = Organisation.objects.filter(kind=OrganisationKind.SME)
    assert set(smes.values_list("source", flat=True)) == {DataSource.CORDIS}
    assert all(declared[pic].is_sme for pic in smes.values_list("source_reference", flat=True))


def test_members_are_real_organisations_of_the_cluster_country(dia: Partnership) -> None:
    for partner in PartnershipMember.objects.filter(partnership=dia).select_related("organisation"):
        members = Organisation.objects.filter(clusters__cluster=partner.organisation)
        assert 20 <= members.count() <= 40
        assert set(members.values_list("country_id", flat=True)) == {
            partner.organisation.country_id
        }
        assert set(members.values_list("source", flat=True)) <= {DataSource.EDIH, DataSource.CORDIS}
        assert len(set(members.values_list("kind", flat=True))) >= 4


@pytest.mark.parametrize("today", [dt.date(2021, 3, 1), TODAY])
def test_the_work_plan_yields_the_published_67_percent(dia: Partnership, today: dt.date) -> None:
    progress = get_work_plan_progress(partnership=dia, today=today)
    assert progress.percent == 67
    assert WorkPackage.objects.filter(partnership=dia).count() == 5
    leaders = dict(
        WorkPackage.objects.filter(partnership=dia).values_list("number", "leader__name")
    )
    assert leaders == {1: "Basquegame", 2: "TICE.PT", 3: None, 4: None, 5: "Pôle SCS"}


def test_four_news_items_with_their_published_dates(dia: Partnership) -> None:
    news = list(NewsPost.objects.filter(partnership=dia).order_by("-published_at"))
    assert [(n.title, n.published_at.date()) for n in news] == [
        ("DIA project : we #goFOURther to support companies jumping into 4.0", dt.date(2019, 12, 17)),
        ("ISWC 2019, BARCELONA: a great success!", dt.date(2019, 11, 14)),
        ("DIA is Ambassador Cluster at the ISWC 2019", dt.date(2019, 10, 14)),
        ("DIA: the #neverstoplearning Tour across Europe", dt.date(2019, 9, 30)),
    ]  # fmt: skip
    assert news[0].body_markdown.startswith(
        "Published on the partnership's ECCP page on 17 December 2019. "
        "The full text is not reproduced here: the title and the date are those listed under "
        '"Latest news and documents" on [the partnership\'s page on the European Cluster '
    )
    assert news[0].body_markdown.endswith('("News Published: 17.12.2019").')
    assert news[0].body_html.startswith("<p>Published on the partnership")
    assert all(n.source_url == facts.ECCP_PAGE_URL for n in news)
    assert len({n.slug for n in news}) == 4


def test_each_news_item_cites_the_eccp_page_it_was_taken_from(dia: Partnership, client) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: news items had no text or source link. The seed has only their titles and dates
    (../shared/seed/): each page says so and links the ECCP partnership page that lists them."""
    from django.urls import reverse

    source = f'href="{facts.ECCP_PAGE_URL}"'
    listed = client.get(reverse("content:news_list", args=[dia.slug])).content.decode()
    assert listed.count(source) == len(facts.NEWS)
    for post in NewsPost.objects.filter(partnership=dia):
        html = client.get(reverse("content:news_detail", args=[dia.slug, post.slug])).content
        page = html.decode()
        assert f'Source: <a href="{facts.ECCP_PAGE_URL}"' in page  # the source line
        assert f'<a href="{facts.ECCP_PAGE_URL}"' in page.split('class="news-body"')[1]  # the text
        assert f"News Published: {post.published_at:%d.%m.%Y}" in page
        assert "The full text is not reproduced here" in page


def test_illustrative_events_are_upcoming_from_today(dia: Partnership) -> None:
    now = dt.datetime.combine(TODAY, dt.time(0, 0), tzinfo=dt.UTC)
    upcoming = list_upcoming_events(partnership=dia, standing=PUBLIC, now=now, limit=10)
    assert len(upcoming) == 5
    assert all(event.is_illustrative and "illustrative" in event.description for event in upcoming)
    week = build_week(partnership=dia, standing=PUBLIC, week=None, today=TODAY)
    assert not week.is_empty
    zones = {e.slug: e.timezone for e in upcoming}
    assert zones["study-visit-germany"] == "Europe/Berlin"
    assert zones["study-visit-italy"] == "Europe/Rome"
    assert zones["study-visit-sweden"] == "Europe/Stockholm"
    hosts = {
        e.slug: e.host.name for e in Event.objects.filter(partnership=dia).select_related("host")
    }
    assert hosts["study-visit-germany"] == "BalticNet-PlasmaTec"
    assert hosts["study-visit-sweden"] == "Swedish partner cluster (name not published)"
    assert all(e.city == "" for e in upcoming)


def test_the_strategy_content_is_labelled_illustrative(dia: Partnership) -> None:
    from crosscluster.regions.models import Recommendation
    from crosscluster.strategy.models import TechnologyDomain

    domains = list(TechnologyDomain.objects.filter(strategy__partnership=dia).select_related("tag"))
    assert [d.tag.label for d in domains] == [
        "Digital twins",
        "Internet of Things",
        "Artificial Intelligence & Decision support",
        "Robotics",
        "Cybersecurity",
    ]
    assert all(d.rationale.startswith("Illustrative demo choice") for d in domains)
    assert dia.strategy.title.endswith("(illustrative demo)")
    # with domains in the JIS, the regions' recommendations include alignment rules
    rules = set(
        Recommendation.objects.filter(profile__partnership=dia).values_list("rule", flat=True)
    )
    assert any(rule.startswith("aligned:") for rule in rules)


def test_every_demo_organisation_cites_its_source(loaded: dict[str, object], db: None) -> None:
    from django.conf import settings

    assert Organisation.objects.filter(source=DataSource.EDIH).count() == 343
    assert Organisation.objects.filter(source=DataSource.CORDIS).count() == len(
        read_cordis_organisations(settings.DATA_DIR)
    )
    assert not Organisation.objects.filter(source=DataSource.USER).exists()
    assert not Organisation.objects.filter(source_reference="").exists()
    assert not Organisation.objects.filter(source_vintage="").exists()
    assert not Organisation.objects.filter(search_text="").exists()
    assert OrganisationTag.objects.count() == 6155
    hub = Organisation.objects.get(source=DataSource.EDIH, source_reference="hub_id 2")
    assert (hub.name, hub.country_id, hub.city) == ("DIPS", "IT", "Trento")
    assert Country.objects.filter(is_eu_member=True).count() == 27
    assert NutsRegion.objects.filter(level=2).exists()


def test_demo_accounts_can_log_in_and_hold_their_roles(dia: Partnership) -> None:
    coordinator = authenticate(email=accounts.COORDINATOR.email, password="crosscluster-demo")
    assert coordinator is not None
    assert PartnershipCoordinator.objects.filter(partnership=dia, user=coordinator).exists()
    roles = {
        (m.user.email, m.organisation.name, m.role)
        for m in OrganisationMembership.objects.select_related("user", "organisation")
    }
    assert (accounts.COORDINATOR.email, "Pôle SCS", "manager") in roles
    assert (accounts.MANAGER.email, "BalticNet-PlasmaTec", "manager") in roles
    member = OrganisationMembership.objects.get(user__email=accounts.MEMBER.email)
    assert member.organisation.kind == OrganisationKind.SME
    assert User.objects.get(email=accounts.ADMIN.email).is_superuser
    from allauth.account.models import EmailAddress

    demo_emails = [account.email for account in accounts.DEMO_ACCOUNTS]
    assert (
        EmailAddress.objects.filter(verified=True, primary=True, email__in=demo_emails).count() == 4
    )
    assert all(u.email.endswith("@demo.crosscluster.invalid") for u in User.objects.all())


def test_one_pending_claim_and_one_pending_request_to_join(dia: Partnership) -> None:
    from crosscluster.directory import queries
    from crosscluster.directory.models import ClusterJoinRequest, OrganisationClaim

    manager = User.objects.get(email=accounts.MANAGER.email)
    claims = queries.list_claims_to_decide(user=manager)
    joins = queries.list_join_requests_to_decide(user=manager)
    assert [c.claimant.email for c in claims] == [accounts.MEMBER.email]
    assert len(joins) == 1
    assert joins[0].cluster.name == "BalticNet-PlasmaTec"
    assert OrganisationClaim.objects.count() == ClusterJoinRequest.objects.count() == 1
    assert "Illustrative" in claims[0].message
    assert "Illustrative" in joins[0].message


def test_one_open_conversation_between_two_demo_accounts(dia: Partnership) -> None:
    from crosscluster.conversations import queries

    manager = User.objects.get(email=accounts.MANAGER.email)
    member = User.objects.get(email=accounts.MEMBER.email)
    [seen_by_manager] = queries.list_conversations(user=manager)
    [seen_by_member] = queries.list_conversations(user=member)
    assert seen_by_manager == seen_by_member
    assert seen_by_manager.is_open
    assert seen_by_manager.need.is_illustrative
    assert seen_by_manager.seeker.name == "BalticNet-PlasmaTec"
    assert "Illustrative" in seen_by_manager.invitation
    assert [m.author for m in queries.list_messages(conversation=seen_by_manager)] == [member]
    # a slot of a coming study visit proposed by the member's company, waiting for an answer
    [proposal] = queries.list_slot_proposals(user=manager, conversation=seen_by_manager)
    assert proposal.is_pending
    assert proposal.organisation_id == seen_by_manager.provider_id
    assert proposal.item.event.kind == "study_visit"
    assert proposal.item.start_at.date() >= TODAY
    assert "Illustrative" in proposal.note


def test_the_directory_search_example_finds_organisations(dia: Partnership, client) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: the search box's example ("robotics Munich") found nothing in the demo."""
    from django.urls import reverse

    page = client.get(reverse("directory:search")).content.decode()
    example = re.search(r'placeholder="e\.g\. ([^"]+)"', page)
    assert example is not None
    results = client.get(reverse("directory:search"), {"q": example.group(1)})
    assert results.context["results"].total > 0
    assert all(
        row.organisation.country_id == "DE" for row in results.context["results"].rows
    )  # "Germany" is the country filter, not a word of the text


def test_a_second_run_creates_nothing(loaded: dict[str, object], db: None) -> None:
    before = row_counts()
    output = seed("--today", TODAY.isoformat(), "--with-demo-users")
    assert "already loaded" in output
    assert row_counts() == before


def test_another_day_moves_the_illustrative_events_only(dia: Partnership) -> None:
    before = row_counts()
    output = seed("--today", "2026-06-10")
    assert re.search(r"\[7/\d+\] Illustrative events", output)
    assert not re.search(r"\[[1-6]/\d+\]", output)  # the stages before the events are kept
    assert row_counts() == before
    assert (
        Event.objects.filter(partnership=dia, start_at__date__gte=dt.date(2026, 6, 10)).count() == 5
    )
    # The B2B session moved with its event: its first slot is 13:30 in Rome on the event's day.
    session = B2BSession.objects.get(event__partnership=dia)
    first = session.slots.order_by("start_at").first()
    assert first is not None
    assert first.start_at.astimezone(ZoneInfo("Europe/Rome")).time() == dt.time(13, 30)
    assert first.start_at.date() == session.event.start_at.date() >= dt.date(2026, 6, 10)
    assert session.status == SessionStatus.PUBLISHED


def test_reset_rebuilds_the_demo(dia: Partnership, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = FAST_HASHER
    settings.DEBUG = True
    before = row_counts()
    old_ids = set(Organisation.objects.values_list("pk", flat=True)[:50])
    output = seed("--reset", "--today", TODAY.isoformat(), "--with-demo-users")
    assert output.startswith("Reset: removed 1 demo partnership")
    assert row_counts() == before
    assert not old_ids & set(Organisation.objects.values_list("pk", flat=True))
    assert (
        get_work_plan_progress(
            partnership=Partnership.objects.get(slug=facts.SLUG), today=TODAY
        ).percent
        == 67
    )


def test_a_bad_date_names_the_option(loaded: dict[str, object], db: None) -> None:
    with pytest.raises(CommandError, match="--today"):
        seed("--today", "04/03/2026")


def test_demo_accounts_need_a_chosen_password_outside_debug(
    loaded: dict[str, object],
    db: None,
    settings,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    settings.DEBUG = False
    monkeypatch.delenv(accounts.PASSWORD_VARIABLE, raising=False)
    with pytest.raises(CommandError, match=accounts.PASSWORD_VARIABLE):
        seed("--with-demo-users")


def test_reset_refuses_while_other_data_uses_a_demo_organisation(dia: Partnership) -> None:
    Partnership.objects.create(
        slug="other",
        name="Another alliance",
        kind="other",
        coordinator=dia.coordinator,
        start_date=TODAY,
        duration_months=12,
        summary="Coordinated by a demo cluster.",
    )
    before = row_counts()
    with pytest.raises(CommandError, match="Another alliance"):
        seed("--reset", "--today", TODAY.isoformat())
    assert row_counts() == before
