"""The authorisation matrix (docs/security.md), generated: every API operation of the committed
schema and every page route of the URLconf, for each role, with the ids of objects of another,
hidden partnership (and of organisations the role does not work for).

What is asserted, for every role but the platform administrator (who may see the hidden
partnership):

- no answer, API or page, shows anything of the hidden partnership (its objects carry a
  marker in their names and texts that must appear in no response);
- no write goes through: an unsafe API operation answers 401 (no token), 403 or 404, never 2xx
  and never a 400 that would mean inputs were checked before the permission; after every
  write attempt (API and page form posts) the database is exactly as before;
- no server error anywhere.

The administrator reads every page and safe operation without a server error.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from crosscluster.accounts.models import Invitation, OrganisationMembership
from crosscluster.accounts.services import create_api_token
from crosscluster.brokerage.models import MeetingRequest, RunState, ScheduleRun
from crosscluster.brokerage.tests.factories import join
from crosscluster.content.models import NewsPost, NewsTranslation
from crosscluster.conversations.models import (
    Conversation,
    ConversationStatus,
    Message,
    SlotProposal,
)
from crosscluster.directory.models import OrganisationKind
from crosscluster.events.tests.factories import make_event, make_programme_item
from crosscluster.exports.models import Export
from crosscluster.imports.models import OrganisationImport
from crosscluster.marketplace.models import MatchSuggestion, OpportunityTranslation
from crosscluster.marketplace.tests.helpers import make_opportunity
from crosscluster.partnerships.models import (
    PartnerRole,
    Partnership,
    PartnershipCoordinator,
    PartnershipKind,
    PartnershipMember,
    PartnershipTranslation,
)
from crosscluster.strategy.models import Comment, Strategy, StrategyTranslation
from tests.cast import Cast, make_country, make_organisation, make_user

pytestmark = pytest.mark.django_db

MARKER = "zq7hidden"


@functools.cache
def _schema_text() -> str:
    """The API's OpenAPI schema as served, fetched once per test process: it depends on the code
    only, and building it took seconds of every test here."""
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.content.decode()


def _schema() -> dict[str, Any]:
    return json.loads(_schema_text())  # a fresh copy for each test


def _without_address(response: object, url: str) -> str:
    """The page's text without the address that was asked for: every page repeats its own
    address (in each language) for the language switcher and ``hreflang`` alternates, which
    tells the asker nothing they did not send."""
    text = response.content.decode(errors="replace")  # type: ignore[attr-defined]
    languages = "|".join(code for code, _name in settings.LANGUAGES)
    return re.sub(rf"(/(?:{languages}))?{re.escape(url)}", "", text)


MISSING = 987654  # an id no object has
ROLES = (
    "anonymous",
    "outsider",
    "member",
    "cluster_manager",
    "coordinator",
    "staff",
    "administrator",
)
SAFE = {"GET", "HEAD", "OPTIONS"}
#: writes anyone signed in may make on an organisation they do not work for: asking
#: (a claim to work for it, a request to join a cluster); the owner decides
ASKS = {"/api/v1/organisations/{slug}/claims", "/api/v1/organisations/{slug}/join-requests"}
#: decisions staff may take on any cluster (clusters are public directory entries, no
#: partnership's objects): their review, refused here only for the example body's decision
STAFF_DECISIONS = {"/api/v1/organisations/{slug}/review"}
#: page routes not walked: the admin (Django's own permissions; staff need a second factor),
#: allauth's flows (tested in tests/test_security.py and test_second_factor.py), the API
#: (walked from its schema) and static files
SKIPPED_PAGES = re.compile(r"^(admin/|accounts/|api/|static/|media/|__)")


def _hidden_world(cast: Cast) -> dict[str, Any]:
    """A partnership none of the cast's roles (but the administrator) may see, with objects."""
    country = make_country()
    owner_org = make_organisation("Hidden Owner Cluster", OrganisationKind.CLUSTER, country)
    partnership = Partnership.objects.create(
        slug="hidden-alliance",
        name=f"Hidden {MARKER} Alliance",
        acronym="HID",
        kind=PartnershipKind.ESCP_4I,
        coordinator=owner_org,
        start_date=dt.date(2020, 1, 1),
        duration_months=24,
        summary=f"Secret {MARKER}",
        is_public=False,
    )
    PartnershipMember.objects.create(
        partnership=partnership, organisation=owner_org, role=PartnerRole.COORDINATOR
    )
    boss = make_user("boss@hidden.example")
    PartnershipCoordinator.objects.create(partnership=partnership, user=boss)
    OrganisationMembership.objects.create(user=boss, organisation=owner_org, role="manager")
    event = make_event(partnership, f"Meeting {MARKER}")
    news = NewsPost.objects.create(
        partnership=partnership,
        slug="hidden-news",
        title=f"News {MARKER}",
        body_markdown=MARKER,
        published_at=timezone.now(),
    )
    need = make_opportunity(user=boss, owner=owner_org, title=f"Need {MARKER}", publish=False)
    from crosscluster.brokerage import services as brokerage_services

    session = brokerage_services.configure_session(
        user=boss,
        event=event,
        data=brokerage_services.SessionData(
            periods=[(dt.datetime(2026, 3, 3, 9), dt.datetime(2026, 3, 3, 10))],
            slot_minutes=15,
            gap_minutes=5,
            tables=2,
        ),
    )
    participant = join(session, boss, owner_org, name=f"Boss {MARKER}")
    strategy = Strategy.objects.create(partnership=partnership, summary=MARKER)
    comment = Comment.objects.create(
        strategy=strategy,
        section="general",
        kind="comment",
        body=MARKER,
        author=boss,
        author_name=f"Boss {MARKER}",
        created_at=timezone.now(),
    )
    invitation = Invitation.objects.create(
        organisation=owner_org,
        email=f"{MARKER}@hidden.example",
        role="member",
        token_hash="0" * 64,
        invited_by=boss,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    token = create_api_token(user=boss, name=f"token {MARKER}").token
    export = Export.objects.create(
        kind="strategy.jis",
        subject=partnership.slug,
        file_format="pdf",
        requested_by=boss,
        requested_at=timezone.now(),
    )
    # The last round's objects (issue 11's review): a conversation between two hidden
    # organisations with a message and a slot proposal, a match, a meeting request, a
    # schedule run with an unscheduled request (its paged list), a partnership translation.
    provider = make_organisation("Hidden Provider SME", OrganisationKind.SME, country)
    partner = make_user("partner@hidden.example")
    OrganisationMembership.objects.create(user=partner, organisation=provider, role="member")
    match = MatchSuggestion.objects.create(
        opportunity=need,
        provider_organisation=provider,
        score=0.9,
        provider_country=country.iso2,
        cross_border=False,
        computed_at=timezone.now(),
    )
    conversation = Conversation.objects.create(
        need=need,
        seeker=owner_org,
        provider=provider,
        status=ConversationStatus.OPEN,
        invitation=f"Talk {MARKER}",
        invited_by=boss,
        created_at=timezone.now(),
        answered_at=timezone.now(),
        answered_by=partner,
    )
    Message.objects.create(
        conversation=conversation,
        author=partner,
        organisation=provider,
        body=f"Hello {MARKER}",
        created_at=timezone.now(),
    )
    programme_item = make_programme_item(event, f"Visit {MARKER}")
    proposal = SlotProposal.objects.create(
        conversation=conversation,
        item=programme_item,
        organisation=owner_org,
        proposed_by=boss,
        note=f"Meet {MARKER}",
        created_at=timezone.now(),
    )
    other = join(session, partner, provider, name=f"Partner {MARKER}")
    meeting_request = MeetingRequest.objects.create(
        session=session,
        requester=participant,
        recipient=other,
        message=f"Meet {MARKER}",
        created_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    run = ScheduleRun.objects.create(
        session=session,
        started_by=boss,
        created_at=timezone.now(),
        state=RunState.DONE,
        time_limit=1,
        unscheduled=[{"request": meeting_request.pk, "reason": f"No slot {MARKER}"}],
    )
    PartnershipTranslation.objects.create(
        partnership=partnership, language="de", summary=f"Geheim {MARKER}"
    )
    # texts in further languages of a news post, a need and the strategy (issue 14)
    NewsTranslation.objects.create(post=news, language="de", texts={"title": f"Neu {MARKER}"})
    OpportunityTranslation.objects.create(
        opportunity=need, language="de", texts={"title": f"Bedarf {MARKER}"}
    )
    StrategyTranslation.objects.create(
        strategy=strategy, language="de", texts={"summary": f"Geheim {MARKER}"}
    )
    organisation_import = OrganisationImport.objects.create(
        cluster=owner_org,
        requested_by=boss,
        file_name=f"{MARKER}.csv",
        file_format="csv",
        content=f"name,country\n{MARKER},FR\n".encode(),
        columns=["name", "country"],
        mapping={"name": "name", "country": "country"},
        status="checked",
        rows_total=1,
        new_count=1,
        preview=[{"row": 2, "name": MARKER, "country": "FR", "action": "new"}],
        created_at=timezone.now(),
    )
    more = _hidden_plans_and_requests(
        partnership, strategy, owner_org, provider, boss, partner, need, run, meeting_request
    )
    return {
        **more,
        "import_id": str(organisation_import.pk),
        "slug": partnership.slug,
        "member_slug": owner_org.slug,
        "event_slug": event.slug,
        "news_slug": news.slug,
        "event_id": event.pk,
        "news_id": news.pk,
        "opportunity_id": need.pk,
        "session_id": session.pk,
        "participant_id": participant.pk,
        "comment_id": comment.pk,
        "invitation_id": invitation.pk,
        "user_id": boss.pk,
        "token_id": token.pk,
        "export_id": str(export.pk),
        "organisation_id": owner_org.pk,
        "number": 1,
        "organisation_slug": owner_org.slug,
        "conversation_id": conversation.pk,
        "proposal_id": proposal.pk,
        "match_id": match.pk,
        "request_id": meeting_request.pk,
        "run_id": run.pk,
        "language": "de",
        "programme_item_id": programme_item.pk,
    }


def _hidden_plans_and_requests(  # type: ignore[no-untyped-def]
    partnership, strategy, owner_org, provider, boss, partner, need, run, meeting_request
) -> dict[str, Any]:
    """The rest of what a hidden partnership holds, each reachable by an id in some address:
    its work plan, roadmap and business plan lines, a document, a scheduled B2B meeting, an
    expression of interest, a claim and a join request, a notification, S3 region profiles."""
    from crosscluster.brokerage.models import Agreement, ScheduledMeeting, Slot, SlotBooking
    from crosscluster.businessplan.models import (
        BusinessPlan,
        CostLine,
        FinancingLine,
        FundingCall,
        FundingInstrument,
        StaffEffort,
    )
    from crosscluster.content.tests.helpers import make_document
    from crosscluster.directory.models import ClusterJoinRequest, NutsRegion, OrganisationClaim
    from crosscluster.marketplace.models import ExpressionOfInterest
    from crosscluster.notifications.models import Notification
    from crosscluster.partnerships.models import WorkItem, WorkPackage
    from crosscluster.regions.models import Recommendation, RegionProfile, S3Priority
    from crosscluster.strategy.models import RoadmapAction

    now = timezone.now()
    package = WorkPackage.objects.create(partnership=partnership, number=1, title=f"WP {MARKER}")
    work_item = WorkItem.objects.create(
        work_package=package,
        kind="task",
        code="T1.1",
        title=f"Task {MARKER}",
        due_date=dt.date(2026, 6, 30),
    )
    action = RoadmapAction.objects.create(
        strategy=strategy,
        code="A1",
        title=f"Action {MARKER}",
        owner=owner_org,
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 12, 31),
    )
    plan = BusinessPlan.objects.create(
        strategy=strategy, first_year=2026, last_year=2027, created_at=now, updated_at=now
    )
    instrument = FundingInstrument.objects.create(
        partnership=partnership, name=f"Fund {MARKER}", level="eu", created_at=now, updated_at=now
    )
    call = FundingCall.objects.create(plan=plan, title=f"Call {MARKER}", created_at=now)
    cost = CostLine.objects.create(
        plan=plan,
        action=action,
        year=2026,
        category="travel",
        description=f"Trip {MARKER}",
        amount_eur=1000,
    )
    FinancingLine.objects.create(
        plan=plan, action=action, year=2026, level="eu", instrument=instrument, amount_eur=500
    )
    StaffEffort.objects.create(
        plan=plan, action=action, year=2026, organisation=owner_org, person_months=2
    )
    document = make_document(partnership, f"Report {MARKER}", visibility="private")
    slot = Slot.objects.filter(session=run.session).order_by("start_at").first()
    assert slot is not None
    meeting = ScheduledMeeting.objects.create(run=run, request=meeting_request, slot=slot, table=1)
    # on the day: a free slot proposed by one hidden participant to the other, an agreement
    booking = SlotBooking.objects.create(
        session=run.session,
        slot=slot,
        proposer=meeting_request.requester,
        invitee=meeting_request.recipient,
        message=f"Free slot {MARKER}",
        created_at=now,
    )
    agreement = Agreement.objects.create(
        session=run.session,
        kind="technical",
        title=f"Agreement {MARKER}",
        signed_date=dt.date(2026, 3, 3),
        recorded_at=now,
    )
    agreement.partners.set([owner_org, provider])
    interest = ExpressionOfInterest.objects.create(
        opportunity=need,
        organisation=provider,
        offer=f"Offer {MARKER}",
        timeframe="soon",
        budget_range="unknown",
    )
    claim = OrganisationClaim.objects.create(
        organisation=provider, claimant=partner, status="pending", created_at=now
    )
    join_request = ClusterJoinRequest.objects.create(
        cluster=owner_org,
        organisation=provider,
        direction="request",
        status="pending",
        created_at=now,
    )
    notification = Notification.objects.create(
        recipient=boss, kind="marketplace.opportunity", text=f"Notice {MARKER}", created_at=now
    )
    region, _ = NutsRegion.objects.get_or_create(
        # NUTS regions are public reference data (every region picker lists them all), so the
        # region's own name carries no marker; its profile and priorities are the hidden ones
        code="FRZ1",
        defaults={"label": "Test region", "level": 2, "country_code": "FR"},
    )
    profile = RegionProfile.objects.create(partnership=partnership, region=region, created_at=now)
    priority = S3Priority.objects.create(
        profile=profile, title=f"Priority {MARKER}", created_at=now, updated_at=now
    )
    recommendation = Recommendation.objects.create(
        profile=profile, rule="aligned", title=f"Advice {MARKER}", body=MARKER, generated_at=now
    )
    return {
        "work_item_id": work_item.pk,
        "action_id": action.pk,
        "section": "roadmap",
        "kind": "costs",
        "line_id": cost.pk,
        "call_id": call.pk,
        "instrument_id": instrument.pk,
        "document_id": document.pk,
        "meeting_id": meeting.pk,
        "booking_id": booking.pk,
        "agreement_id": agreement.pk,
        "interest_id": interest.pk,
        "claim_id": claim.pk,
        "join_request_id": join_request.pk,
        "notification_id": notification.pk,
        "region_id": profile.pk,
        "profile_id": profile.pk,
        "priority_id": priority.pk,
        "recommendation_id": recommendation.pk,
    }


def _value(name: str, world: dict[str, Any], path: str) -> str:
    if name == "slug" and path.startswith("/api/v1/organisations/"):
        return str(world["organisation_slug"])
    if name == "slug" and path.startswith("organisations/"):
        return str(world["organisation_slug"])
    if name == "item_id":  # the one name of a work item, a programme item and a roadmap action
        if "/programme/" in path:
            return str(world["programme_item_id"])
        if "work-items" in path or "work-plan" in path:
            return str(world["work_item_id"])
        return str(world["action_id"])
    return str(world.get(name, MISSING))


@functools.cache
def _our_models() -> tuple[type[Model], ...]:
    """crosscluster's models (the fingerprint's rows, the writes that may change it)."""
    return tuple(m for m in apps.get_models() if m.__module__.startswith("crosscluster."))


def _fingerprint() -> str:
    """A hash of every row of every crosscluster table (but token use and sign-in times)."""
    digest = hashlib.sha256()
    for model in _our_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in {"last_used_at", "last_login"}
        ]
        for row in model._default_manager.order_by("pk").values_list(*fields):
            digest.update(json.dumps(row, default=str).encode())
    return digest.hexdigest()


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def _wrote(queries: CaptureQueriesContext) -> bool:
    """Whether a request sent a write to one of crosscluster's tables: only then can the
    database differ from before, and only then is the (costly) fingerprint taken again. A write
    that was rolled back leaves the fingerprint unchanged and passes."""
    tables = {model._meta.db_table for model in _our_models()}
    for query in queries.captured_queries:
        match = _WRITE.match(query["sql"])
        if match and match.group(1) in tables:
            return True
    return False


def _example(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    """A value of the right type for a JSON schema (required properties only)."""
    if "$ref" in schema:
        return _example(components[schema["$ref"].rsplit("/", 1)[1]], components, depth)
    if "anyOf" in schema:
        return _example(schema["anyOf"][0], components, depth)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        required = schema.get("required", [])
        return {
            name: _example(prop, components, depth + 1)
            for name, prop in schema.get("properties", {}).items()
            if name in required and depth < 4
        }
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return True
    if schema.get("format") == "date":
        return "2026-01-01"
    if schema.get("format") == "date-time":
        return "2026-01-01T00:00:00Z"
    return "text"


def _clients(cast: Cast) -> dict[str, tuple[Client, dict[str, str]]]:
    staff = make_user("staff@example.eu", is_staff=True)
    people = {
        "outsider": cast.outsider,
        "member": cast.sme_member,
        "cluster_manager": cast.cluster_manager,
        "coordinator": cast.coordinator,
        "staff": staff,
        "administrator": cast.administrator,
    }
    clients: dict[str, tuple[Client, dict[str, str]]] = {"anonymous": (Client(), {})}
    for role, person in people.items():
        client = Client()
        client.force_login(person)
        key = create_api_token(user=person, name="matrix", scope="write").key
        clients[role] = (client, {"Authorization": f"Bearer {key}"})
    return clients


def _page_routes() -> list[tuple[str, list[str]]]:
    routes: list[tuple[str, list[str]]] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if not SKIPPED_PAGES.match(route):
                    routes.append((route, list(pattern.pattern.converters)))

    walk(get_resolver().url_patterns, "")
    return routes


def _api_url(path: str, world: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: _value(m.group(1), world, path), path)


def _page_url(route: str, world: dict[str, Any]) -> str | None:
    if route.startswith("^") or "(?P" in route:
        return None  # a regular expression route (none of ours)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: _value(m.group(1), world, route), route)


@pytest.mark.parametrize("role", ROLES)
def test_the_authorisation_matrix(cast: Cast, role: str) -> None:
    world = _hidden_world(cast)
    client, headers = _clients(cast)[role]
    schema = _schema()
    components = schema["components"]["schemas"]
    privileged = role == "administrator"
    before = _fingerprint()
    tried, problems = 0, []
    for path, operations in schema["paths"].items():
        url = _api_url(path if path.startswith("/api/v1") else "/api/v1" + path, world)
        for method, operation in operations.items():
            method = method.upper()
            if privileged and method not in SAFE:
                continue  # the administrator may change the hidden partnership
            if method not in SAFE and "{" not in path:
                continue  # a write on the role's own behalf (create a token, register...)
            body = operation.get("requestBody", {}).get("content", {})
            data: Any = None
            content_type = "application/json"
            if "application/json" in body:
                data = json.dumps(_example(body["application/json"]["schema"], components))
            elif body:
                content_type, data = "multipart/form-data; boundary=x", "--x--\r\n"
            with CaptureQueriesContext(connection) as queries:
                response = client.generic(
                    method, url, data=data or "", content_type=content_type, headers=headers
                )
            tried += 1
            text = response.content.decode(errors="replace")
            where = f"{role} {method} {url} -> {response.status_code}"
            if response.status_code >= 500:
                problems.append(f"server error: {where}")
            if not privileged and MARKER in text:
                problems.append(f"shows the hidden partnership: {where}")
            refused = response.status_code in {401, 403, 404}
            allowed = path in ASKS or (role == "staff" and path in STAFF_DECISIONS)
            if not privileged and method not in SAFE and not refused and not allowed:
                problems.append(f"write not refused: {where} {text[:200]}")
            if method not in SAFE and _wrote(queries):
                after = _fingerprint()
                if not privileged and path not in ASKS and after != before:
                    problems.append(f"the database changed: {where}")
                before = after
    for route, converters in _page_routes():
        url = _page_url(route, world)
        if url is None:
            continue
        # Form posts only to pages that name an object (others act on the role's own behalf).
        for method in ("GET",) if privileged or not converters else ("GET", "POST"):
            with CaptureQueriesContext(connection) as queries:
                response = client.generic(method, url)
            tried += 1
            where = f"{role} {method} {url} -> {response.status_code}"
            if response.status_code >= 500:
                problems.append(f"server error: {where}")
            if not privileged and MARKER in _without_address(response, url):
                problems.append(f"shows the hidden partnership: {where}")
            if method == "POST" and _wrote(queries):
                now = _fingerprint()
                if now != before:
                    problems.append(f"the database changed: {where}")
                before = now
        if role != "anonymous" and not client.session.get("_auth_user_id"):
            client, headers = _clients(cast)[role]  # a page signed the role out: sign in again
    assert problems == [], "\n".join(problems)
    assert tried > (200 if privileged else 400)
    print(f"authorisation matrix: {role}: {tried} requests")


#: ids of objects that belong to no partnership (people, organisations): naming one that is not
#: a coordinator or partner of one's own partnership is a mistake in the input (400, with the
#: field named), not a way into another partnership
GLOBAL_IDS = {"user_id", "organisation_id"}


def _own_address_with_foreign_ids(path: str) -> bool:
    """An address that names a partnership by its slug and an object by its id: the slug can be
    one's own while the id is another partnership's."""
    names = re.findall(r"[{<](?:\w+:)?(\w+)[}>]", path)
    own_slug = "slug" in names and "organisations" not in path
    return own_slug and any(name.endswith("_id") and name not in GLOBAL_IDS for name in names)


def test_an_own_partnership_in_the_address_reaches_no_other_partnerships_object(
    cast: Cast,
) -> None:
    """The coordinator of one partnership puts its own slug in an address with the id of an
    object of another partnership (a business plan line, a roadmap action, a work item, an S3
    priority...): every page and operation refuses or shows nothing of it, and writes nothing."""
    world = {**_hidden_world(cast), "slug": cast.partnership.slug}
    client, headers = _clients(cast)["coordinator"]
    schema = _schema()
    components = schema["components"]["schemas"]
    before = _fingerprint()
    tried, problems = 0, []
    for path, operations in schema["paths"].items():
        if not _own_address_with_foreign_ids(path):
            continue
        url = _api_url(path if path.startswith("/api/v1") else "/api/v1" + path, world)
        for method, operation in operations.items():
            method = method.upper()
            body = operation.get("requestBody", {}).get("content", {})
            data: Any = None
            content_type = "application/json"
            if "application/json" in body:
                data = json.dumps(_example(body["application/json"]["schema"], components))
            elif body:
                content_type, data = "multipart/form-data; boundary=x", "--x--\r\n"
            response = client.generic(
                method, url, data=data or "", content_type=content_type, headers=headers
            )
            tried += 1
            where = f"{method} {url} -> {response.status_code}"
            if response.status_code >= 500:
                problems.append(f"server error: {where}")
            if MARKER in response.content.decode(errors="replace"):
                problems.append(f"shows the other partnership: {where}")
            if method not in SAFE and response.status_code not in {403, 404}:
                problems.append(f"write not refused: {where}")
    for route, _converters in _page_routes():
        url = _page_url(route, world)
        if url is None or not _own_address_with_foreign_ids(route):
            continue
        for method in ("GET", "POST"):
            response = client.generic(method, url)
            tried += 1
            where = f"{method} {url} -> {response.status_code}"
            if response.status_code >= 500:
                problems.append(f"server error: {where}")
            if MARKER in _without_address(response, url):
                problems.append(f"shows the other partnership: {where}")
            if method == "POST" and response.status_code not in {403, 404}:
                problems.append(f"form post not refused: {where}")
    assert _fingerprint() == before, "a request changed the database"
    assert problems == [], "\n".join(problems)
    assert tried > 40
    print(f"own address, foreign ids: {tried} requests")
