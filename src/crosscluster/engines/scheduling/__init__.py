"""B2B meeting scheduling: near the proven optimum, and say how near (no Django, no clock).

``schedule_meetings(instance, previous=..., time_limit=..., seed=...)`` maximises the total
weight of scheduled requests (all members available, nobody in two meetings at once, at most
``tables`` meetings per slot, each request at most once, locked meetings fixed, per-person
``max_meetings`` and ``max_consecutive``), then lowers idle slots. It returns a
:class:`ScheduleResult` with the meetings (slot and table), a reason for every unscheduled
request, the objective and a certified upper bound. With ``previous`` it repairs a published
schedule: every still-feasible meeting stays where it is.

See docs/engines/scheduling.md for the algorithm, the bound's proof sketch and the figures.
"""

import time

# When this package started loading: the command line counts the loading of numpy, SciPy and
# HiGHS against --time-limit (the engine itself reads no clock but the timer it is given).
LOADED_AT = time.perf_counter()

# ruff: noqa: E402

from crosscluster.engines.scheduling.baseline import first_come_first_served
from crosscluster.engines.scheduling.break_anneal import warm_up_kernel
from crosscluster.engines.scheduling.breaks import BreakOptions
from crosscluster.engines.scheduling.checker import (
    check_schedule,
    count_breaks,
    not_kept,
    objective_of,
)
from crosscluster.engines.scheduling.model import (
    BOUND_METHODS,
    REASON_CODES,
    Id,
    Instance,
    InstanceError,
    Meeting,
    Participant,
    Reason,
    Request,
    ScheduleResult,
    Slot,
    Unscheduled,
    validate_instance,
)
from crosscluster.engines.scheduling.solver import (
    Progress,
    default_time_limit,
    schedule_meetings,
)

__all__ = [
    "BOUND_METHODS",
    "REASON_CODES",
    "BreakOptions",
    "Id",
    "Instance",
    "InstanceError",
    "Meeting",
    "Participant",
    "Progress",
    "Reason",
    "Request",
    "ScheduleResult",
    "Slot",
    "Unscheduled",
    "check_schedule",
    "count_breaks",
    "default_time_limit",
    "first_come_first_served",
    "not_kept",
    "objective_of",
    "schedule_meetings",
    "validate_instance",
    "warm_up_kernel",
]
