"""Background e-mails of notifications (django-tasks, default queue): definitions only.

``services.notify`` enqueues :func:`send_immediate_task` in its transaction when a recipient
wants e-mails at once; the daily digest is :func:`send_digests_task`, which the
``send_digests`` command also runs (daily, from cron). The work is :mod:`.jobs`.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def send_immediate_task() -> int:
    """E-mail every notice due at once (takes no arguments: it sends whatever is due)."""
    from crosscluster.notifications import jobs  # here, not above: web processes only enqueue

    return jobs.send_immediate(now=timezone.now())


@task()
def send_digests_task() -> int:
    """E-mail each person who chose the daily digest their notices of the days before."""
    from crosscluster.notifications import jobs  # here, not above: web processes only enqueue

    return jobs.send_digests(now=timezone.now())
