"""The worker side of the collaboration network: read, analyse and store it (``tasks`` calls this).

Reading takes a few seconds at 10,000 organisations and 100,000 ties, the analysis a few more:
too slow for a request, so pages and the API serve what this job stored (``NetworkSnapshot``,
``NetworkTie``) and ask for a new computation when it is older than
``settings.NETWORK_MAX_AGE`` (``services.request_network``).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid

from django.db import transaction
from django.utils.translation import gettext_noop

from crosscluster.core import stored_text
from crosscluster.monitoring import adapters, queries
from crosscluster.monitoring.models import NetworkSnapshot, NetworkTie, SnapshotStatus

logger = logging.getLogger(__name__)
TIE_BATCH = 5000


def _claim(partnership_id: int, now: dt.datetime) -> NetworkSnapshot | None:
    with transaction.atomic():
        # RUNNING too: the task runs again when its worker died mid-computation
        # (core.tasks.requeue_orphaned_tasks); the snapshot then still says running.
        claimed = NetworkSnapshot.objects.filter(
            partnership_id=partnership_id,
            status__in=[SnapshotStatus.QUEUED, SnapshotStatus.RUNNING],
        ).update(status=SnapshotStatus.RUNNING, requested_at=now)
        if not claimed:
            return None
        return (
            NetworkSnapshot.objects.defer("payload")
            .select_related("partnership")
            .get(partnership_id=partnership_id)
        )


def compute_network(*, partnership_id: int, now: dt.datetime) -> str:
    """Compute and store the partnership's network (the background task's body); returns what
    happened: ``computed``, ``unchanged`` (same input as the stored one: only ``checked_at``
    moves), ``skipped`` (nothing queued) or ``failed`` (logged with a reference; the previous
    payload stays served)."""
    snapshot = _claim(partnership_id, now)
    if snapshot is None:
        return "skipped"
    began = time.perf_counter()
    try:
        read = queries.read_network(partnership=snapshot.partnership, now=now)
        version = adapters.fingerprint(read.network)
        if version == snapshot.version and snapshot.computed_at is not None:
            NetworkSnapshot.objects.filter(pk=snapshot.pk).update(
                status=SnapshotStatus.DONE, checked_at=now, error=""
            )
            return "unchanged"
        view = queries.analyse_network(read)
        payload = adapters.encode_payload(
            adapters.compact_payload(
                slug=snapshot.partnership.slug,
                version=version,
                computed_at=now,
                network=view.network,
                analysis=view.analysis,
                rows=view.rows,
                partner_ids=view.partner_ids,
                suggestions=view.suggestions,
            )
        )
        summary = adapters.page_summary(
            network=view.network,
            analysis=view.analysis,
            rows=view.rows,
            suggestions=view.suggestions,
        )
        ties = [
            NetworkTie(snapshot_id=snapshot.pk, **row)
            for row in adapters.tie_rows(view.network, view.analysis, view.rows)
        ]
        with transaction.atomic():
            NetworkTie.objects.filter(snapshot_id=snapshot.pk).delete()
            NetworkTie.objects.bulk_create(ties, batch_size=TIE_BATCH)
            NetworkSnapshot.objects.filter(pk=snapshot.pk).update(
                status=SnapshotStatus.DONE,
                version=version,
                checked_at=now,
                computed_at=now,
                compute_seconds=round(time.perf_counter() - began, 3),
                payload=payload,
                payload_bytes=len(payload),
                summary=summary,
                error="",
            )
    except Exception:  # the worker goes on; the previous payload stays served
        reference = uuid.uuid4().hex[:12]
        logger.exception(
            "network of partnership %s failed, reference %s", partnership_id, reference
        )
        NetworkSnapshot.objects.filter(pk=snapshot.pk).update(
            status=SnapshotStatus.FAILED,
            error=stored_text.store(
                gettext_noop(
                    "The computation failed; give the administrators the reference %(reference)s."
                ),
                reference=reference,
            ),
        )
        return "failed"
    return "computed"
