"""Every indicator of the scoreboard, defined once: key, label, formula, unit, source tables.

``queries.compute_scoreboard`` computes each of them from the platform's own rows (one function
per key, checked by a test); pages, the API and the report show these definitions beside the
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


@dataclass(frozen=True)
class Indicator:
    key: str
    label: _StrOrPromise
    formula: _StrOrPromise
    unit: _StrOrPromise
    sources: tuple[str, ...]
    #: "stock": a state today (not split by period); "flow": counted by the date of each row
    nature: str = "flow"
    #: the page the same number appears on (for people to check it)
    page: _StrOrPromise = ""
    #: breakdowns shown beside the number: (dimension, what it splits by)
    breakdowns: tuple[tuple[str, _StrOrPromise], ...] = ()
    #: "public": whoever sees the scoreboard; "members": only the partnership's members and
    #: coordinators (the page the number comes from is theirs only, e.g. the business plan)
    audience: str = "public"
    #: a flow indicator's row fields naming the organisations each row involves (an id, or a
    #: tuple of ids); with them the indicator is broken down by partner cluster
    #: (``FLOW_BY_PARTNER_CLUSTER``), from the very rows its number counts
    organisations: tuple[str, ...] = ()


#: how the organisations involved (and their SMEs) are broken down
INVOLVEMENT_BREAKDOWNS = (
    ("country", _("the organisation's country (directory; '' when not stated)")),
    ("type", _("the organisation's type (cluster, SME, large company, research ...)")),
    ("size", _("the organisation's size class (micro, small, medium, large; '' when not stated)")),
    (
        "partner cluster",
        _(
            "each partner organisation: itself and the members of its cluster; an organisation "
            "in two partner clusters counts in both, so this breakdown may add up to more than "
            "the total"
        ),
    ),
)


#: the flow indicators' breakdown by partner cluster, for those whose rows name organisations
FLOW_BY_PARTNER_CLUSTER = (
    "partner cluster",
    _(
        "each partner organisation: the rows counted whose organisations include it or a member "
        "of its cluster (an opportunity's publisher; a match's need owner and provider; an "
        "expression of interest's sender and the opportunity's owner; a meeting's requester and "
        "recipient; a participant; an agreement's signatories); a row involving two partner "
        "clusters counts in both and one involving none in neither, so this breakdown may not "
        "add up to the total"
    ),
)
PUBLISHER = ("owner_id",)
MATCHED = ("opportunity__owner_id", "provider_organisation_id")
INTERESTED = ("opportunity__owner_id", "organisation_id")
MEETING = ("requester__organisation_id", "recipient__organisation_id")


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "partners",
        _("Partners"),
        _("Number of partner organisations of the partnership."),
        _("organisations"),
        ("partnerships.PartnershipMember",),
        "stock",
        _("partnership page"),
    ),
    Indicator(
        "organisations",
        _("Organisations involved"),
        _("Partners plus the members of partner clusters, each counted once."),
        _("organisations"),
        ("partnerships.PartnershipMember", "directory.ClusterMembership"),
        "stock",
        _("partnership page"),
        INVOLVEMENT_BREAKDOWNS,
    ),
    Indicator(
        "smes",
        _("SMEs involved"),
        _(
            "Organisations involved whose directory type is SME (as the partnership page counts them)."
        ),
        _("SMEs"),
        (
            "partnerships.PartnershipMember",
            "directory.ClusterMembership",
            "directory.Organisation.kind",
        ),
        "stock",
        _("partnership page"),
        INVOLVEMENT_BREAKDOWNS,
    ),
    Indicator(
        "work_plan",
        _("Work-plan progress"),
        _(
            "Weight of the tasks, milestones and deliverables done divided by the weight of all of them."
        ),
        "%",
        ("partnerships.WorkItem",),
        "stock",
        _("work plan"),
    ),
    Indicator(
        "strategy_actions",
        _("Strategy actions done"),
        _(
            "Roadmap actions of the Joint Internationalisation Strategy (its working copy) done by the "
            "period's last day (today when no period is asked), divided by the actions planned to be "
            "done by then: those not dropped whose planned end is on or before that day, plus those "
            "done by then ahead of their plan. Statuses are recorded by the coordinators on the "
            "strategy page; a done action counts from the day it was done."
        ),
        "%",
        ("strategy.RoadmapAction.status", "strategy.RoadmapAction.done_date"),
        "stock",
        _("strategy roadmap"),
        (
            (
                "status",
                _(
                    "the planned actions by recorded status (done, in progress, planned); one "
                    "done after the period's last day counts as in progress"
                ),
            ),
        ),
        "members",
    ),
    Indicator(
        "budget_committed",
        _("Budget committed"),
        _(
            "Total cost of the business plan: staff effort (person-months times the partner's rate) "
            "plus the other cost lines, over every roadmap action and year."
        ),
        "EUR",
        ("businessplan.StaffEffort", "businessplan.CostLine"),
        "stock",
        _("business plan"),
        (("year", _("the plan year")),),
        "members",
    ),
    Indicator(
        "budget_financed",
        _("Budget financed"),
        _(
            "Financing lines of the business plan that count (planned, applied or granted; rejected "
            "ones do not), over every roadmap action and year."
        ),
        "EUR",
        ("businessplan.FinancingLine",),
        "stock",
        _("business plan"),
        (
            ("status", _("granted, or not yet granted (planned or applied)")),
            ("year", _("the plan year")),
        ),
        "members",
    ),
    Indicator(
        "needs_published",
        _("Needs published"),
        _(
            "Opportunities of a buying kind (industrial need, technology request) published in the partnership, by publication date."
        ),
        _("needs"),
        ("marketplace.Opportunity",),
        "flow",
        _("marketplace"),
        breakdowns=(FLOW_BY_PARTNER_CLUSTER,),
        organisations=PUBLISHER,
    ),
    Indicator(
        "offers_published",
        _("Offers published"),
        _(
            "Opportunities of a providing kind (ICT offer, technology offer) published in the partnership, by publication date."
        ),
        _("offers"),
        ("marketplace.Opportunity",),
        "flow",
        _("marketplace"),
        breakdowns=(FLOW_BY_PARTNER_CLUSTER,),
        organisations=PUBLISHER,
    ),
    Indicator(
        "cooperation_published",
        _("Cooperation requests published"),
        _(
            "Business and R&D cooperation requests published in the partnership, by publication date."
        ),
        _("requests"),
        ("marketplace.Opportunity",),
        "flow",
        _("marketplace"),
        breakdowns=(FLOW_BY_PARTNER_CLUSTER,),
        organisations=PUBLISHER,
    ),
    Indicator(
        "matches_suggested",
        _("Matches suggested"),
        _("Match suggestions computed for the partnership's opportunities, by computation date."),
        _("matches"),
        ("marketplace.MatchSuggestion",),
        "flow",
        _("marketplace"),
        breakdowns=(FLOW_BY_PARTNER_CLUSTER,),
        organisations=MATCHED,
    ),
    Indicator(
        "matches_useful",
        _("Matches judged useful"),
        _("Match suggestions that at least one person marked useful."),
        _("matches"),
        ("marketplace.MatchSuggestion", "marketplace.MatchFeedback"),
        "flow",
        _("marketplace"),
        breakdowns=(FLOW_BY_PARTNER_CLUSTER,),
        organisations=MATCHED,
    ),
    Indicator(
        "interests",
        _("Expressions of interest"),
        _("Expressions of interest in the partnership's opportunities, by date sent."),
        _("expressions"),
        ("marketplace.ExpressionOfInterest",),
        "flow",
        _("marketplace"),
        breakdowns=(FLOW_BY_PARTNER_CLUSTER,),
        organisations=INTERESTED,
    ),
    Indicator(
        "conversations",
        _("Conversations started"),
        _("Expressions of interest the publisher accepted."),
        _("conversations"),
        ("marketplace.ExpressionOfInterest",),
        "flow",
        _("marketplace"),
        breakdowns=(FLOW_BY_PARTNER_CLUSTER,),
        organisations=INTERESTED,
    ),
    Indicator(
        "meetings_requested",
        _("B2B meetings requested"),
        _("Meeting requests at the partnership's B2B sessions, by date sent."),
        _("requests"),
        ("brokerage.MeetingRequest",),
        "flow",
        _("B2B session"),
        breakdowns=(FLOW_BY_PARTNER_CLUSTER,),
        organisations=MEETING,
    ),
    Indicator(
        "meetings_scheduled",
        _("B2B meetings scheduled"),
        _("Meeting requests placed in a published schedule."),
        _("meetings"),
        ("brokerage.MeetingRequest", "brokerage.ScheduledMeeting", "brokerage.ScheduleRun"),
        "flow",
        _("B2B session"),
        breakdowns=(FLOW_BY_PARTNER_CLUSTER,),
        organisations=MEETING,
    ),
    Indicator(
        "meetings_held",
        _("B2B meetings held"),
        _(
            "Scheduled meetings whose event has ended, but those recorded on the day as a "
            "no-show or cancelled."
        ),
        _("meetings"),
        ("brokerage.ScheduledMeeting", "brokerage.MeetingAttendance", "events.Event"),
        "flow",
        _("B2B session"),
        breakdowns=(FLOW_BY_PARTNER_CLUSTER,),
        organisations=MEETING,
    ),
    Indicator(
        "meetings_no_show",
        _("B2B no-shows"),
        _("Scheduled meetings recorded on the day as a no-show: one side did not come."),
        _("meetings"),
        ("brokerage.MeetingAttendance", "events.Event"),
        "flow",
        _("B2B session"),
        breakdowns=(FLOW_BY_PARTNER_CLUSTER,),
        organisations=MEETING,
    ),
    Indicator(
        "study_visits",
        _("Study visits"),
        _("Events of kind study visit, by start date."),
        _("visits"),
        ("events.Event",),
        "flow",
        _("events"),
    ),
    Indicator(
        "study_visit_participants",
        _("Study-visit participants"),
        _("Approved participants of the B2B sessions of study visits."),
        _("participants"),
        ("brokerage.Participant", "events.Event"),
        "flow",
        _("B2B session"),
        breakdowns=(FLOW_BY_PARTNER_CLUSTER,),
        organisations=("organisation_id",),
    ),
    Indicator(
        "agreements",
        _("Agreements signed"),
        _("Agreements recorded after B2B meetings, by signature date (by kind in the breakdown)."),
        _("agreements"),
        ("brokerage.Agreement",),
        "flow",
        _("B2B session"),
        breakdowns=(FLOW_BY_PARTNER_CLUSTER,),
        organisations=("signatories",),
    ),
    Indicator(
        "outcomes_6_months",
        _("Positive follow-up at 6 months"),
        _("Six-month follow-up answers reporting an outcome other than none."),
        _("answers"),
        ("brokerage.OutcomeReport",),
        "flow",
        _("B2B session"),
    ),
)

BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
