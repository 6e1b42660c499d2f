"""Addresses for the load test (benchmarks/load): pages of the loaded demo that its coordinator
may see, checked by asking for them once."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from crosscluster.brokerage.models import Participant
from crosscluster.demo.accounts import COORDINATOR
from crosscluster.events.models import Event
from crosscluster.marketplace.models import Opportunity, OpportunityKind
from crosscluster.partnerships.models import Partnership


def find(*, password: str) -> dict[str, str]:
    client = Client(HTTP_HOST="127.0.0.1")
    if not client.login(email=COORDINATOR.email, password=password):
        raise RuntimeError("The demo coordinator cannot log in: load the demo with its users.")
    partnership = Partnership.objects.order_by("pk").first()
    if partnership is None:
        raise RuntimeError("No partnership: load the demo first (crosscluster seed_demo).")
    targets = {
        "email": COORDINATOR.email,
        "password": password,
        "partnership": reverse("partnerships:detail", args=[partnership.slug]),
    }
    for need in Opportunity.objects.filter(kind=OpportunityKind.INDUSTRIAL_NEED).order_by("pk"):
        url = reverse("marketplace:matches", args=[need.pk])
        if client.get(url).status_code == 200:
            targets["matches"] = url
            break
    # The coordinator's own agenda first (the demo's B2B session registers them), then any.
    own = Participant.objects.filter(user__email=COORDINATOR.email).order_by("session_id", "pk")
    others = Participant.objects.order_by("session_id", "pk")
    for participant in [*own[:1], *others[:50]]:
        url = reverse("brokerage:agenda", args=[participant.session_id, participant.pk])
        if client.get(url).status_code == 200:
            targets["agenda"] = url
            break
    # The organiser's B2B pages: the organise page (schedule, bound, reasons) and the table plan.
    session_ids = Participant.objects.values_list("session_id", flat=True).order_by("session_id")
    for session_id in list(dict.fromkeys(session_ids))[:10]:
        pages = {
            "organise": reverse("brokerage:organise", args=[session_id]),
            "tables": reverse("brokerage:tables", args=[session_id]),
        }
        if all(client.get(url).status_code == 200 for url in pages.values()):
            targets.update(pages)
            break
    if "agenda" not in targets:
        # The demo holds no B2B registrations: the study visit's day-by-day programme instead.
        event = Event.objects.filter(partnership=partnership, slug="study-visit-italy").first()
        if event is not None:
            targets["agenda"] = reverse("events:detail", args=[partnership.slug, event.slug])
    missing = {"matches", "agenda"} - set(targets)
    if missing:
        raise RuntimeError(f"No page the coordinator may see for: {', '.join(sorted(missing))}.")
    return targets
