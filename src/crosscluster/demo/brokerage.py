"""The last stage: the illustrative B2B session of the brokerage afternoon of the Italian visit.

Nobody has registered for a demo event, so every registration here is illustrative and says so.
The participants are the demo's organisations, not people: the ICT SMEs that are (illustrative)
members of the partner clusters and the large companies among the members of the host clusters
(Germany, Italy, Sweden). Each takes part through a role account named after its organisation
("Delegate of …", an address under the reserved ``.invalid`` domain that cannot sign in); with
``--with-demo-users`` the demo coordinator registers for the coordinating cluster (Pôle SCS) and
the demo member for their SME, so the demo accounts have an agenda of their own. The demo
manager stays unregistered, so the registration form has someone to show it to.

Meeting requests go from each SME to three large companies (a fixed rotation, not a matching
result); most are accepted, a few are still waiting or were declined. The schedule is solved by
the scheduling engine when the stage loads (the same ``prepare -> solve -> store`` the background
worker runs) and published. The session moves with its event: when ``--today`` moves the events,
the session is rebuilt in the new slots.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress

from crosscluster.accounts.models import OrganisationMembership, User
from crosscluster.brokerage import jobs
from crosscluster.brokerage.models import (
    B2BSession,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    Priority,
    RequestStatus,
    RunState,
    RunStatus,
    ScheduleRun,
    SessionPeriod,
    SessionStatus,
    Slot,
    Table,
)
from crosscluster.brokerage.services import generate_slots
from crosscluster.demo import accounts
from crosscluster.demo.partnership import get_demo_partnership, get_or_create_partner_clusters
from crosscluster.directory.models import ClusterMembership, Organisation, OrganisationKind
from crosscluster.events.models import Event

EVENT_SLUG = "b2b-brokerage-italy"
HOST_CLUSTERS = ("germany", "italy", "sweden")
# Venue time (Europe/Rome) on the event's day: two rounds with a coffee break between them.
PERIODS = (((13, 30), (15, 10)), ((15, 30), (17, 0)))
SLOT_MINUTES = 20
GAP_MINUTES = 5
TABLES = 8
REQUESTS_PER_SME = 3
#: the scheduler's time limit for the demo's schedule. It proves its optimum in well under a
#: second and stops there; the margin is for a loaded machine, where a 2 s limit (the product's
#: default at this size) once ran out before the first schedule was built and left it empty.
SOLVE_SECONDS = 20.0
LARGE_COMPANIES = 12
ILLUSTRATIVE_PROFILE = (
    "Illustrative registration of the demo: nobody from this organisation has registered for "
    "this event; the demo registers the organisation to show the B2B pages."
)
ILLUSTRATIVE_MESSAGE = "Illustrative meeting request of the demo (not sent by a person)."


@dataclass(frozen=True)
class B2BLoad:
    participants: int
    requests: int
    meetings: int
    upper_bound: float
    objective: float

    def summary(self) -> str:
        return (
            f"illustrative B2B session with {self.participants} participants, "
            f"{self.requests} meeting requests and a published schedule of {self.meetings} "
            f"meetings (weight {self.objective:g} of at most {self.upper_bound:g})"
        )


def _event() -> Event | None:
    partnership = get_demo_partnership()
    if partnership is None:
        return None
    return Event.objects.filter(partnership=partnership, slug=EVENT_SLUG).first()


def planned_periods(event: Event) -> list[tuple[dt.datetime, dt.datetime]]:
    """The session's periods in UTC, on the event's day in venue time."""
    zone = ZoneInfo(event.timezone)
    day = event.start_at.astimezone(zone).date()
    return [
        (
            dt.datetime.combine(day, dt.time(*start), tzinfo=zone).astimezone(dt.UTC),
            dt.datetime.combine(day, dt.time(*end), tzinfo=zone).astimezone(dt.UTC),
        )
        for start, end in PERIODS
    ]


def b2b_session_is_loaded(*, with_demo_users: bool) -> bool:
    """The session is on its event's current day, with a published schedule (and, with the demo
    accounts, the coordinator and the member registered)."""
    event = _event()
    if event is None:
        return False
    session = B2BSession.objects.filter(event=event).first()
    if session is None or session.status != SessionStatus.PUBLISHED:
        return False
    first_slot = session.slots.order_by("start_at").values_list("start_at", flat=True).first()
    if first_slot != planned_periods(event)[0][0]:
        return False
    if with_demo_users:
        emails = {accounts.COORDINATOR.email, accounts.MEMBER.email}
        registered = Participant.objects.filter(session=session, user__email__in=emails).count()
        return registered == len(emails)
    return True


def choose_organisations() -> tuple[list[Organisation], list[Organisation]]:
    """(ICT SMEs, industrial players): the SMEs among the partner clusters' members, and the
    first large companies (by name) among the host clusters' members."""
    clusters = get_or_create_partner_clusters()
    memberships = ClusterMembership.objects.filter(
        cluster__in=list(clusters.values())
    ).select_related("member")
    smes = {m.member.pk: m.member for m in memberships if m.member.kind == OrganisationKind.SME}
    hosts = [clusters[key].pk for key in HOST_CLUSTERS]
    large = {
        m.member.pk: m.member
        for m in memberships
        if m.member.kind == OrganisationKind.LARGE_COMPANY and m.cluster_id in hosts
    }

    def by_name(rows: dict[int, Organisation]) -> list[Organisation]:
        return sorted(rows.values(), key=lambda organisation: (organisation.name, organisation.pk))

    return by_name(smes), by_name(large)[:LARGE_COMPANIES]


def delegate_email(organisation: Organisation) -> str:
    return f"delegate.{organisation.slug}@{accounts.DEMO_DOMAIN}"


def delegate_name(organisation: Organisation) -> str:
    return f"Delegate of {organisation.name} (illustrative)"[:120]


def _delegate(organisation: Organisation) -> User:
    """The organisation's role account: no person, no usable password, a verified address (so
    the retention of unverified accounts leaves it alone)."""
    email = delegate_email(organisation)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=delegate_name(organisation))
        user.set_unusable_password()
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _demo_account_organisations() -> dict[int, User]:
    """Organisation id -> demo account registering for it (coordinator: the coordinating cluster;
    member: their company); empty without the demo accounts."""
    found: dict[int, User] = {}
    for account in (accounts.COORDINATOR, accounts.MEMBER):
        membership = (
            OrganisationMembership.objects.filter(user__email=account.email)
            .select_related("user", "organisation")
            .order_by("pk")
            .first()
        )
        if membership is not None:
            found[membership.organisation_id] = membership.user
    return found


def _register(
    session: B2BSession, organisation: Organisation, user: User | None, now: dt.datetime
) -> Participant:
    if user is None:
        user, name = _delegate(organisation), delegate_name(organisation)
    else:
        name = f"{user.full_name} (illustrative)"
    return Participant.objects.create(
        session=session,
        user=user,
        organisation=organisation,
        display_name=name,
        profile=ILLUSTRATIVE_PROFILE,
        status=ParticipantStatus.APPROVED,
        registered_at=now,
        decided_at=now,
    )


def plan_requests(sme_count: int, company_count: int) -> list[tuple[int, int, int, str]]:
    """(SME index, company index, priority, status): each SME asks ``REQUESTS_PER_SME`` companies
    in a fixed rotation; every seventh request is still waiting, every eleventh was declined."""
    planned = []
    number = 0
    for sme in range(sme_count):
        for step in range(min(REQUESTS_PER_SME, company_count)):
            company = (sme + step * 5) % company_count
            number += 1
            if number % 7 == 0:
                status = RequestStatus.PENDING
            elif number % 11 == 0:
                status = RequestStatus.DECLINED
            else:
                status = RequestStatus.ACCEPTED
            priority = (Priority.HIGH, Priority.MEDIUM, Priority.LOW)[step % 3]
            planned.append((sme, company, int(priority), str(status)))
    return planned


def load_b2b_session(*, today: dt.date) -> str:
    event = _event()
    if event is None:
        raise RuntimeError("The B2B session needs the demo's events: load stage 7 first.")
    # The demo's session is rebuilt whole (slots cannot change once a schedule exists).
    B2BSession.objects.filter(event=event).delete()
    now = dt.datetime.combine(today, dt.time(9, 0), tzinfo=dt.UTC)
    periods = planned_periods(event)
    session = B2BSession.objects.create(
        event=event,
        slot_minutes=SLOT_MINUTES,
        gap_minutes=GAP_MINUTES,
        tables=TABLES,
        max_meetings=4,
        max_consecutive=3,
        request_days=14,
        status=SessionStatus.PREPARING,
    )
    SessionPeriod.objects.bulk_create(
        SessionPeriod(session=session, start_at=start, end_at=end) for start, end in periods
    )
    slots = Slot.objects.bulk_create(
        Slot(session=session, start_at=start, end_at=end, tables=TABLES)
        for start, end in generate_slots(
            periods, slot_minutes=SLOT_MINUTES, gap_minutes=GAP_MINUTES
        )
    )
    # Table 1 holds a fixed host (below); unnamed, it reads "Table 1" in each language.
    Table.objects.create(session=session, number=1, name="")
    smes, companies = choose_organisations()
    own = _demo_account_organisations()
    sme_participants = [_register(session, o, own.pop(o.pk, None), now) for o in smes]
    company_participants = [_register(session, o, own.pop(o.pk, None), now) for o in companies]
    # The coordinator's cluster (when the demo accounts exist) asks companies too, like an SME.
    askers = sme_participants + [
        _register(session, Organisation.objects.get(pk=pk), user, now)
        for pk, user in sorted(own.items())
    ]
    if askers:
        # One participant cannot meet in the first slot (to show availability at work).
        askers[0].unavailable_slots.add(slots[0])
    requests = []
    for asker, company, priority, status in plan_requests(len(askers), len(company_participants)):
        requests.append(
            MeetingRequest(
                session=session,
                requester=askers[asker],
                recipient=company_participants[company],
                message=ILLUSTRATIVE_MESSAGE,
                priority=priority,
                status=status,
                created_at=now,
                expires_at=max(now + dt.timedelta(days=session.request_days), event.start_at),
                answered_at=None if status == RequestStatus.PENDING else now,
            )
        )
    MeetingRequest.objects.bulk_create(requests)
    if companies:
        # The first company hosts at the first table all afternoon.
        Table.objects.filter(session=session, number=1).update(host=company_participants[0])
    run = ScheduleRun.objects.create(
        session=session,
        created_at=now,
        state=RunState.RUNNING,
        started_at=now,
        time_limit=SOLVE_SECONDS,
    )
    prepared = jobs.prepare_run(session=session, time_limit=SOLVE_SECONDS)
    result = jobs.solve_run(prepared, seed=0)
    run = jobs.store_run(run=run, prepared=prepared, result=result, now=now)
    run.status = RunStatus.PUBLISHED
    run.published_at = now
    run.save(update_fields=["status", "published_at"])
    session.status = SessionStatus.PUBLISHED
    session.save(update_fields=["status", "updated_at"])
    return B2BLoad(
        participants=len(askers) + len(company_participants),
        requests=len(requests),
        meetings=run.meetings.count(),
        upper_bound=run.upper_bound,
        objective=run.objective,
    ).summary()
