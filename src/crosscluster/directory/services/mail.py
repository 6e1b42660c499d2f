"""E-mails of the self-service flows: one function per event.

The coming notifications centre takes these over: each event is one call here (made on commit
by the service that records it), so replacing the body of a function is enough.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from crosscluster.accounts.queries import (
    list_administrator_emails,
    list_manager_emails,
    saved_languages,
)
from crosscluster.directory import queries
from crosscluster.directory.models import (
    ClusterJoinRequest,
    ClusterReview,
    JoinDirection,
    OrganisationClaim,
    RequestStatus,
)


def _send(
    *,
    template: str,
    subject: Callable[[], str],
    recipients: Collection[str],
    context: dict[str, object],
) -> None:
    """One e-mail per language of the recipients: each reads it in the language their account
    saved, else in the language of the person whose action sends it (the active one)."""
    recipients = sorted(set(recipients))
    saved = saved_languages(emails=recipients)
    fallback = translation.get_language() or settings.LANGUAGE_CODE
    by_language: dict[str, list[str]] = {}
    for address in recipients:
        by_language.setdefault(saved.get(address.lower(), fallback), []).append(address)
    for language, addresses in sorted(by_language.items()):
        with translation.override(language):
            title = subject()
            body = render_to_string(
                f"directory/email/{template}.txt",
                {
                    **context,
                    "site_url": settings.SITE_URL,
                    "requests_url": settings.SITE_URL + reverse("directory:requests"),
                },
            )
        _on_commit_send(title, body, addresses)


def _on_commit_send(subject: str, body: str, recipients: list[str]) -> None:
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))


def claim_submitted(claim: OrganisationClaim) -> None:
    """To the managers who may decide (the organisation's and its clusters'), else the
    administrators."""
    deciders = list_manager_emails(
        organisation_ids=queries.claim_decider_organisation_ids(organisation=claim.organisation)
    )
    _send(
        template="claim_submitted",
        subject=lambda: (
            _("%(email)s claims %(name)s on crosscluster")
            % {"email": claim.claimant.email, "name": claim.organisation.name}
        ),
        recipients=[e for e in deciders if e != claim.claimant.email]
        or list_administrator_emails(),
        context={"claim": claim},
    )


def claim_decided(claim: OrganisationClaim) -> None:
    _send(
        template="claim_decided",
        subject=lambda: claim_decision(claim).removesuffix("."),
        recipients=[claim.claimant.email],
        context={"claim": claim, "decision": lambda: claim_decision(claim)},
    )


def claim_decision(claim: OrganisationClaim) -> str:
    """The answer to a claim as one sentence per outcome (a status word put into a sentence
    does not agree with its noun in German or French)."""
    names = {"organisation": claim.organisation.name}
    if claim.status == RequestStatus.APPROVED:
        return _("Your claim of %(organisation)s was approved.") % names
    return _("Your claim of %(organisation)s was declined.") % names


def join_request_submitted(join_request: ClusterJoinRequest) -> None:
    deciding = queries.deciding_side(join_request)
    names = {"organisation": join_request.organisation.name, "cluster": join_request.cluster.name}

    def subject() -> str:
        if join_request.direction == JoinDirection.REQUEST:
            return _("%(organisation)s asks to join %(cluster)s") % names
        return _("%(cluster)s invites %(organisation)s to join") % names

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
        subject=lambda: join_request_decision(join_request).removesuffix("."),
        recipients=list_manager_emails(organisation_ids=[other.pk]),
        context={
            "join_request": join_request,
            "decision": lambda: join_request_decision(join_request),
        },
    )


def join_request_decision(join_request: ClusterJoinRequest) -> str:
    """The answer to a request or an invitation to join a cluster, one sentence per
    direction and outcome."""
    names = {"organisation": join_request.organisation.name, "cluster": join_request.cluster.name}
    approved = join_request.status == RequestStatus.APPROVED
    if join_request.direction == JoinDirection.REQUEST:
        if approved:
            return _("The request of %(organisation)s to join %(cluster)s was approved.") % names
        return _("The request of %(organisation)s to join %(cluster)s was declined.") % names
    if approved:
        return _("%(organisation)s accepted the invitation to join %(cluster)s.") % names
    return _("%(organisation)s declined the invitation to join %(cluster)s.") % names


def cluster_reviewed(review: ClusterReview) -> None:
    """To the cluster's managers, each in their own language: the decision, the reviewer's
    comment and, for a refusal, the unmet criteria with what to do, worded from the numbers the
    review stored (the template's ``directory_criteria`` filter; services never word them)."""
    _send(
        template="cluster_reviewed",
        subject=lambda: cluster_review_decision(review).removesuffix("."),
        recipients=list_manager_emails(organisation_ids=[review.cluster_id]),
        context={"review": review, "decision": lambda: cluster_review_decision(review)},
    )


def cluster_review_decision(review: ClusterReview) -> str:
    """The decision as one sentence per outcome, the date in the reader's format."""
    name = review.cluster.name
    if review.valid_until_date:
        return _("%(name)s is validated until %(date)s.") % {
            "name": name,
            "date": formats.date_format(review.valid_until_date, "DATE_FORMAT"),
        }
    return _("%(name)s was not validated.") % {"name": name}
