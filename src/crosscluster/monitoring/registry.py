"""Every indicator of the scoreboard, defined once: key, label, formula, unit, source tables.

``queries.compute_scoreboard`` computes each of them from the platform's own rows (one function
per key, checked by a test); pages, the API and the report show these definitions beside the
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    formula: str
    unit: str
    sources: tuple[str, ...]
    #: "stock": a state today (not split by period); "flow": counted by the date of each row
    nature: str = "flow"
    #: the page the same number appears on (for people to check it)
    page: str = ""
    #: breakdowns shown beside the number: (dimension, what it splits by)
    breakdowns: tuple[tuple[str, str], ...] = ()
    #: "public": whoever sees the scoreboard; "members": only the partnership's members and
    #: coordinators (the page the number comes from is theirs only, e.g. the business plan)
    audience: str = "public"


#: how the organisations involved (and their SMEs) are broken down
INVOLVEMENT_BREAKDOWNS = (
    ("country", "the organisation's country (directory; '' when not stated)"),
    ("type", "the organisation's type (cluster, SME, large company, research ...)"),
    ("size", "the organisation's size class (micro, small, medium, large; '' when not stated)"),
    (
        "partner cluster",
        "each partner organisation: itself and the members of its cluster; an organisation in "
        "two partner clusters counts in both, so this breakdown may add up to more than the total",
    ),
)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "partners",
        "Partners",
        "Number of partner organisations of the partnership.",
        "organisations",
        ("partnerships.PartnershipMember",),
        "stock",
        "partnership page",
    ),
    Indicator(
        "organisations",
        "Organisations involved",
        "Partners plus the members of partner clusters, each counted once.",
        "organisations",
        ("partnerships.PartnershipMember", "directory.ClusterMembership"),
        "stock",
        "partnership page",
        INVOLVEMENT_BREAKDOWNS,
    ),
    Indicator(
        "smes",
        "SMEs involved",
        "Organisations involved whose directory type is SME (as the partnership page counts them).",
        "SMEs",
        (
            "partnerships.PartnershipMember",
            "directory.ClusterMembership",
            "directory.Organisation.kind",
        ),
        "stock",
        "partnership page",
        INVOLVEMENT_BREAKDOWNS,
    ),
    Indicator(
        "work_plan",
        "Work-plan progress",
        "Weight of the tasks, milestones and deliverables done divided by the weight of all of them.",
        "%",
        ("partnerships.WorkItem",),
        "stock",
        "work plan",
    ),
    Indicator(
        "strategy_actions",
        "Strategy actions done",
        "Roadmap actions of the Joint Internationalisation Strategy (its working copy) done by the "
        "period's last day (today when no period is asked), divided by the actions planned to be "
        "done by then: those not dropped whose planned end is on or before that day, plus those "
        "done by then ahead of their plan. Statuses are recorded by the coordinators on the "
        "strategy page; a done action counts from the day it was done.",
        "%",
        ("strategy.RoadmapAction.status", "strategy.RoadmapAction.done_date"),
        "stock",
        "strategy roadmap",
        (
            (
                "status",
                "the planned actions by recorded status (done, in progress, planned); one done "
                "after the period's last day counts as in progress",
            ),
        ),
        "members",
    ),
    Indicator(
        "budget_committed",
        "Budget committed",
        "Total cost of the business plan: staff effort (person-months times the partner's rate) "
        "plus the other cost lines, over every roadmap action and year.",
        "EUR",
        ("businessplan.StaffEffort", "businessplan.CostLine"),
        "stock",
        "business plan",
        (("year", "the plan year"),),
        "members",
    ),
    Indicator(
        "budget_financed",
        "Budget financed",
        "Financing lines of the business plan that count (planned, applied or granted; rejected "
        "ones do not), over every roadmap action and year.",
        "EUR",
        ("businessplan.FinancingLine",),
        "stock",
        "business plan",
        (("status", "granted, or not yet granted (planned or applied)"), ("year", "the plan year")),
        "members",
    ),
    Indicator(
        "needs_published",
        "Needs published",
        "Opportunities of a buying kind (industrial need, technology request) published in the partnership, by publication date.",
        "needs",
        ("marketplace.Opportunity",),
        "flow",
        "marketplace",
    ),
    Indicator(
        "offers_published",
        "Offers published",
        "Opportunities of a providing kind (ICT offer, technology offer) published in the partnership, by publication date.",
        "offers",
        ("marketplace.Opportunity",),
        "flow",
        "marketplace",
    ),
    Indicator(
        "cooperation_published",
        "Cooperation requests published",
        "Business and R&D cooperation requests published in the partnership, by publication date.",
        "requests",
        ("marketplace.Opportunity",),
        "flow",
        "marketplace",
    ),
    Indicator(
        "matches_suggested",
        "Matches suggested",
        "Match suggestions computed for the partnership's opportunities, by computation date.",
        "matches",
        ("marketplace.MatchSuggestion",),
        "flow",
        "marketplace",
    ),
    Indicator(
        "matches_useful",
        "Matches judged useful",
        "Match suggestions that at least one person marked useful.",
        "matches",
        ("marketplace.MatchSuggestion", "marketplace.MatchFeedback"),
        "flow",
        "marketplace",
    ),
    Indicator(
        "interests",
        "Expressions of interest",
        "Expressions of interest in the partnership's opportunities, by date sent.",
        "expressions",
        ("marketplace.ExpressionOfInterest",),
        "flow",
        "marketplace",
    ),
    Indicator(
        "conversations",
        "Conversations started",
        "Expressions of interest the publisher accepted.",
        "conversations",
        ("marketplace.ExpressionOfInterest",),
        "flow",
        "marketplace",
    ),
    Indicator(
        "meetings_requested",
        "B2B meetings requested",
        "Meeting requests at the partnership's B2B sessions, by date sent.",
        "requests",
        ("brokerage.MeetingRequest",),
        "flow",
        "B2B session",
    ),
    Indicator(
        "meetings_scheduled",
        "B2B meetings scheduled",
        "Meeting requests placed in a published schedule.",
        "meetings",
        ("brokerage.MeetingRequest", "brokerage.ScheduledMeeting", "brokerage.ScheduleRun"),
        "flow",
        "B2B session",
    ),
    Indicator(
        "meetings_held",
        "B2B meetings held",
        "Scheduled meetings whose event has ended.",
        "meetings",
        ("brokerage.ScheduledMeeting", "events.Event"),
        "flow",
        "B2B session",
    ),
    Indicator(
        "study_visits",
        "Study visits",
        "Events of kind study visit, by start date.",
        "visits",
        ("events.Event",),
        "flow",
        "events",
    ),
    Indicator(
        "study_visit_participants",
        "Study-visit participants",
        "Approved participants of the B2B sessions of study visits.",
        "participants",
        ("brokerage.Participant", "events.Event"),
        "flow",
        "B2B session",
    ),
    Indicator(
        "agreements",
        "Agreements signed",
        "Agreements recorded after B2B meetings, by signature date (by kind in the breakdown).",
        "agreements",
        ("brokerage.Agreement",),
        "flow",
        "B2B session",
    ),
    Indicator(
        "outcomes_6_months",
        "Positive follow-up at 6 months",
        "Six-month follow-up answers reporting an outcome other than none.",
        "answers",
        ("brokerage.OutcomeReport",),
        "flow",
        "B2B session",
    ),
)

BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
