"""E-mails of the self-service flows: one function per event.

The coming notifications centre takes these over: each event is one call here (made on commit
by the service that records it), so replacing the body of a function is enough.
"""

from __future__ import annotations

from collections.abc import Collection

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from crosscluster.accounts.queries import list_administrator_emails, list_manager_emails
from crosscluster.directory import queries
from crosscluster.directory.models import ClusterJoinRequest, JoinDirection, OrganisationClaim


def _send(
    *, template: str, subject: str, recipients: Collection[str], context: dict[str, object]
) -> None:
    recipients = sorted(set(recipients))
    if not recipients:
        return
    body = render_to_string(
        f"directory/email/{template}.txt",
        {
            **context,
            "site_url": settings.SITE_URL,
            "requests_url": settings.SITE_URL + reverse("directory:requests"),
        },
    )
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))


def claim_submitted(claim: OrganisationClaim) -> None:
    """To the managers who may decide (the organisation's and its clusters'), else the
    administrators."""
    deciders = list_manager_emails(
        organisation_ids=queries.claim_decider_organisation_ids(organisation=claim.organisation)
    )
    _send(
        template="claim_submitted",
        subject=f"{claim.claimant.email} claims {claim.organisation.name} on crosscluster",
        recipients=[e for e in deciders if e != claim.claimant.email]
        or list_administrator_emails(),
        context={"claim": claim},
    )


def claim_decided(claim: OrganisationClaim) -> None:
    _send(
        template="claim_decided",
        subject=f"Your claim of {claim.organisation.name}: {claim.get_status_display().lower()}",
        recipients=[claim.claimant.email],
        context={"claim": claim},
    )


def join_request_submitted(join_request: ClusterJoinRequest) -> None:
    deciding = queries.deciding_side(join_request)
    if join_request.direction == JoinDirection.REQUEST:
        subject = f"{join_request.organisation.name} asks to join {join_request.cluster.name}"
    else:
        subject = f"{join_request.cluster.name} invites {join_request.organisation.name} to join"
    _send(
        template="join_request_submitted",
        subject=subject,
        recipients=list_manager_emails(organisation_ids=[deciding.pk]),
        context={"join_request": join_request},
    )


def join_request_decided(join_request: ClusterJoinRequest) -> None:
    deciding = queries.deciding_side(join_request)
    other = (
        join_request.organisation
        if deciding.pk == join_request.cluster_id
        else join_request.cluster
    )
    _send(
        template="join_request_decided",
        subject=(
            f"{join_request.organisation.name} in {join_request.cluster.name}: "
            f"{join_request.get_status_display().lower()}"
        ),
        recipients=list_manager_emails(organisation_ids=[other.pk]),
        context={"join_request": join_request},
    )
