"""Writes for B2B sessions. Atomic, keyword-only; errors name the field and the fix.

Organisers are the partnership's coordinators (and platform administrators): they set up the
session, approve registrations, run the scheduler, lock meetings and publish. Participants
register, say when they are available, send and answer meeting requests, withdraw, and report
outcomes. The clock is always passed in (``now``).

One module per sub-domain, re-exported here (``services.register(...)``):

- ``sessions``: set-up, registration open or closed, fixed tables;
- ``registration``: register, decide, withdraw, availability;
- ``requests``: meeting requests;
- ``runs``: scheduler runs (queue, lock, publish). ``run_scheduler`` only queues a run: the
  django-tasks task ``solve_schedule_run`` (brokerage/tasks.py, queue "scheduling") calls
  ``jobs.execute_run`` = ``prepare -> solve -> store`` in the worker, so nothing slow happens
  inside a request (see docs/brokerage.md);
- ``outcomes``: the outcome survey and the agreement register;
- ``needs``: needs heard on site, as marketplace drafts;
- ``onsite``: the day itself: check-in, whether meetings took place, free slots booked;
- ``reminders``: each reminder e-mail once (the e-mails are ``brokerage.documents``).
"""

from crosscluster.brokerage.queries import SIX_MONTHS
from crosscluster.brokerage.services.needs import NEED_NOTICE, capture_need
from crosscluster.brokerage.services.onsite import (
    BOOKING_NOTICE,
    answer_booking,
    book_slot,
    check_in,
    check_in_by_badge,
    propose_booking,
    record_attendance,
    remove_booking,
    seat_run,
    withdraw_booking,
)
from crosscluster.brokerage.services.outcomes import (
    may_edit_agreement,
    record_agreement,
    record_outcome,
    update_agreement,
)
from crosscluster.brokerage.services.registration import (
    RegistrationData,
    check_self,
    decide_registration,
    register,
    set_availability,
    withdraw,
)
from crosscluster.brokerage.services.reminders import send_reminder_once
from crosscluster.brokerage.services.requests import (
    REQUEST_NOTICE,
    answer_request,
    cancel_request,
    expire_requests,
    send_request,
)
from crosscluster.brokerage.services.runs import (
    STALE_RUN_AFTER,
    lock_meeting,
    publish_run,
    run_scheduler,
)
from crosscluster.brokerage.services.sessions import (
    MAX_SLOTS,
    NOT_AN_ORGANISER,
    SessionData,
    assign_fixed_table,
    check_organiser,
    configure_session,
    generate_slots,
    release_fixed_table,
    set_agenda_options,
    set_registration_open,
)

__all__ = [
    "BOOKING_NOTICE",
    "MAX_SLOTS",
    "NEED_NOTICE",
    "NOT_AN_ORGANISER",
    "REQUEST_NOTICE",
    "SIX_MONTHS",
    "STALE_RUN_AFTER",
    "RegistrationData",
    "SessionData",
    "answer_booking",
    "answer_request",
    "assign_fixed_table",
    "book_slot",
    "cancel_request",
    "capture_need",
    "check_in",
    "check_in_by_badge",
    "check_organiser",
    "check_self",
    "configure_session",
    "decide_registration",
    "expire_requests",
    "generate_slots",
    "lock_meeting",
    "may_edit_agreement",
    "propose_booking",
    "publish_run",
    "record_agreement",
    "record_attendance",
    "record_outcome",
    "register",
    "release_fixed_table",
    "remove_booking",
    "run_scheduler",
    "seat_run",
    "send_reminder_once",
    "send_request",
    "set_agenda_options",
    "set_availability",
    "set_registration_open",
    "update_agreement",
    "withdraw",
    "withdraw_booking",
]
