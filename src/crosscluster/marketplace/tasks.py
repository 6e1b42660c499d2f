"""Background tasks of the marketplace (django-tasks, queue "matching"): definitions only.

Services stamp ``Opportunity.matches_requested_at`` and, in the same transaction, enqueue
:func:`refresh_matches_task`; the worker (``crosscluster worker --queue-name matching``) runs it
after the commit. The work itself is :mod:`crosscluster.marketplace.jobs`
(docs/adr/0003-background-work-with-django-tasks.md, docs/marketplace.md).
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from crosscluster.core.tasks import MATCHING_QUEUE


@task(queue_name=MATCHING_QUEUE)
def refresh_matches_task() -> int:
    """Embed what changed and match every pending opportunity (enqueued by the services).

    Takes no arguments on purpose: it matches whatever is stamped when it runs, so a burst of
    edits enqueues several tasks but only the first does work.
    """
    from crosscluster.marketplace import jobs  # here, not above: web processes only enqueue

    return jobs.run_pending(now=timezone.now())
