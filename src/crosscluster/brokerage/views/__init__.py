"""Pages of a B2B session: parse, make one call, render or redirect. Nothing else.

By who uses them: ``participants`` (the session's page, registration, requests, agendas and
what came out of the meetings) and ``organisers`` (set-up, decisions, scheduler runs, agenda
options, tables); ``common`` holds what they share."""

from crosscluster.brokerage.views.organisers import (
    agenda_options,
    decide,
    fixed_table,
    lock,
    organise,
    publish,
    registration,
    run,
    run_status,
    set_up,
    table_plan,
)
from crosscluster.brokerage.views.participants import (
    agenda,
    agenda_ics,
    agenda_pdf,
    answer_request,
    availability,
    cancel_request,
    capture_need,
    event_session,
    record_agreement,
    register,
    report_outcome,
    send_request,
    session_page,
    withdraw,
)

__all__ = [
    "agenda",
    "agenda_ics",
    "agenda_options",
    "agenda_pdf",
    "answer_request",
    "availability",
    "cancel_request",
    "capture_need",
    "decide",
    "event_session",
    "fixed_table",
    "lock",
    "organise",
    "publish",
    "record_agreement",
    "register",
    "registration",
    "report_outcome",
    "run",
    "run_status",
    "send_request",
    "session_page",
    "set_up",
    "table_plan",
    "withdraw",
]
