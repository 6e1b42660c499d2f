"""Reads for self-service: duplicates before registering, tag suggestions, claims and requests
to join a cluster, and who decides them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Q, QuerySet

from crosscluster.accounts.queries import AnyUser, list_organisation_ids
from crosscluster.core.text import normalise_for_search
from crosscluster.directory.models import (
    ClusterJoinRequest,
    ClusterMembership,
    JoinDirection,
    Organisation,
    OrganisationClaim,
    RequestStatus,
    Tag,
)
from crosscluster.directory.queries.access import can_manage, is_platform_administrator
from crosscluster.engines.matching.glossary import find_terms

#: Legal forms left out when names are compared ("ACME Robotics GmbH" = "Acme Robotics").
LEGAL_FORMS = frozenset(
    [
        "ab",
        "ag",
        "as",
        "asbl",
        "bv",
        "co",
        "company",
        "corp",
        "gmbh",
        "gie",
        "inc",
        "kft",
        "kg",
        "llc",
        "ltd",
        "nv",
        "oy",
        "oyj",
        "plc",
        "sa",
        "sarl",
        "sas",
        "sasu",
        "se",
        "sl",
        "spa",
        "srl",
        "sro",
        "sp",
        "zoo",
        "ev",
        "e",
        "v",
        "eg",
        "ohg",
        "ug",
    ]
)
#: Public mail providers: an address there proves nothing about an organisation.
PUBLIC_MAIL_DOMAINS = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "orange.fr",
        "free.fr",
        "libero.it",
        "proton.me",
        "protonmail.com",
        "aol.com",
    ]
)
DUPLICATE_LIMIT = 5


def normalised_name(name: str) -> str:
    """Lower case, no accents, no punctuation, no legal form: the key names are compared on."""
    words = re.sub(r"[^\w\s]", " ", normalise_for_search(name)).split()
    return " ".join(word for word in words if word not in LEGAL_FORMS)


def web_domain(website: str) -> str:
    """``https://www.acme.eu/about`` -> ``acme.eu`` (empty when there is no host)."""
    value = website.strip().lower()
    if not value:
        return ""
    if "://" not in value:
        value = "http://" + value
    host = (urlsplit(value).hostname or "").rstrip(".")
    return host[4:] if host.startswith("www.") else host


def email_matches_domain(email_domain: str, site_domain: str) -> bool:
    """An address at the site's domain or a subdomain of it (``ipa.fraunhofer.de`` for
    ``fraunhofer.de``); never at a public mail provider."""
    email_domain, site_domain = email_domain.lower(), site_domain.lower()
    if not email_domain or not site_domain or email_domain in PUBLIC_MAIL_DOMAINS:
        return False
    return email_domain == site_domain or email_domain.endswith("." + site_domain)


@dataclass(frozen=True)
class PossibleDuplicate:
    organisation: Organisation
    reason: str  # "same name and country" or "same website domain"


def find_possible_duplicates(
    *, name: str, country: str, website: str = "", limit: int = DUPLICATE_LIMIT
) -> list[PossibleDuplicate]:
    """Organisations that may be the one about to be registered: the same name (compared
    without case, accents, punctuation and legal form) in the same country, or the same website
    domain. Reads the name index by country and the first word, not the whole directory."""
    found: dict[int, PossibleDuplicate] = {}
    key = normalised_name(name)
    country = country.strip().upper()
    if key and country:
        first = key.split()[0]
        candidates = (
            Organisation.objects.filter(country_id=country, search_text__startswith=first)
            .select_related("country")
            .only("pk", "slug", "name", "kind", "country__name", "website", "country_id")
            .order_by("name")[:500]
        )
        for organisation in candidates:
            if normalised_name(organisation.name) == key:
                found[organisation.pk] = PossibleDuplicate(organisation, "same name and country")
    domain = web_domain(website)
    if domain and domain not in PUBLIC_MAIL_DOMAINS:
        candidates = (
            Organisation.objects.filter(website__icontains=domain)
            .select_related("country")
            .only("pk", "slug", "name", "kind", "country__name", "website", "country_id")
            .order_by("name")[:50]
        )
        for organisation in candidates:
            if organisation.pk not in found and web_domain(organisation.website) == domain:
                found[organisation.pk] = PossibleDuplicate(organisation, "same website domain")
    return list(found.values())[:limit]


@dataclass(frozen=True)
class SuggestedTag:
    tag: Tag
    evidence: tuple[str, ...]  # the words of the text that suggest it


def suggest_tags(*, text: str, limit: int = 12) -> list[SuggestedTag]:
    """Tags whose glossary terms (six languages) occur in ``text``, most evidence first.

    The auto-tagger's keyword signal only: cheap (no embedder in the request), and each
    suggestion quotes the words that made it fire. The full tagger runs in the worker.
    """
    if len(text.split()) < 3:
        return []
    found: list[SuggestedTag] = []
    for tag in Tag.objects.exclude(facet="services").order_by("facet", "label"):
        words = find_terms(tag.facet, tag.label, text)
        if words:
            found.append(SuggestedTag(tag, words))
    found.sort(key=lambda item: (-len(item.evidence), item.tag.facet, item.tag.label))
    return found[:limit]


# -------------------------------------------------------------------------------- claims
def get_claim(*, claim_id: int) -> OrganisationClaim:
    """One claim (``OrganisationClaim.DoesNotExist`` if none)."""
    return OrganisationClaim.objects.select_related("organisation", "claimant").get(pk=claim_id)


def claim_decider_organisation_ids(*, organisation: Organisation) -> set[int]:
    """Organisations whose managers decide claims on ``organisation``: itself and its clusters."""
    return {
        organisation.pk,
        *ClusterMembership.objects.filter(member=organisation).values_list("cluster_id", flat=True),
    }


def can_decide_claim(*, user: AnyUser, claim: OrganisationClaim) -> bool:
    """Administrators, the organisation's managers and the managers of its clusters."""
    if is_platform_administrator(user):
        return True
    managed = list_organisation_ids(user=user, roles=("manager",))
    return bool(managed & claim_decider_organisation_ids(organisation=claim.organisation))


def list_claims_to_decide(*, user: AnyUser) -> QuerySet[OrganisationClaim]:
    """Pending claims the user may decide, oldest first, unevaluated: pages count and slice it
    (administrators may have thousands waiting)."""
    if not user.is_authenticated:
        return OrganisationClaim.objects.none()
    claims = OrganisationClaim.objects.filter(status=RequestStatus.PENDING)
    if not is_platform_administrator(user):
        managed = list_organisation_ids(user=user, roles=("manager",))
        claims = claims.filter(
            Q(organisation_id__in=managed)
            | Q(
                organisation_id__in=ClusterMembership.objects.filter(cluster_id__in=managed).values(
                    "member_id"
                )
            )
        ).exclude(claimant_id=user.pk)
    return claims.select_related("organisation", "organisation__country", "claimant").order_by(
        "created_at", "pk"
    )


def list_claims_of(*, user: AnyUser) -> list[OrganisationClaim]:
    """The user's own claims, newest first."""
    if not user.is_authenticated:
        return []
    return list(
        OrganisationClaim.objects.filter(claimant_id=user.pk)
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )


def find_pending_claim(*, user: AnyUser, organisation: Organisation) -> OrganisationClaim | None:
    if not user.is_authenticated:
        return None
    return OrganisationClaim.objects.filter(
        claimant_id=user.pk, organisation=organisation, status=RequestStatus.PENDING
    ).first()


# ----------------------------------------------------------------- requests to join
def get_join_request(*, join_request_id: int) -> ClusterJoinRequest:
    """One request or invitation (``ClusterJoinRequest.DoesNotExist`` if none)."""
    return ClusterJoinRequest.objects.select_related("cluster", "organisation").get(
        pk=join_request_id
    )


def deciding_side(join_request: ClusterJoinRequest) -> Organisation:
    """Whose managers decide: the cluster for a request, the organisation for an invitation."""
    if join_request.direction == JoinDirection.REQUEST:
        return join_request.cluster
    return join_request.organisation


def can_decide_join_request(*, user: AnyUser, join_request: ClusterJoinRequest) -> bool:
    return can_manage(user=user, organisation=deciding_side(join_request))


def sending_side(join_request: ClusterJoinRequest) -> Organisation:
    """Who sent it: the organisation for a request, the cluster for an invitation."""
    if join_request.direction == JoinDirection.REQUEST:
        return join_request.organisation
    return join_request.cluster


def can_withdraw_join_request(*, user: AnyUser, join_request: ClusterJoinRequest) -> bool:
    return can_manage(user=user, organisation=sending_side(join_request))


def can_see_join_request(*, user: AnyUser, join_request: ClusterJoinRequest) -> bool:
    """Either side's managers (and administrators)."""
    return can_manage(user=user, organisation=join_request.cluster) or can_manage(
        user=user, organisation=join_request.organisation
    )


def _join_requests() -> QuerySet[ClusterJoinRequest]:
    return ClusterJoinRequest.objects.select_related(
        "cluster", "organisation", "organisation__country", "asked_by"
    ).order_by("created_at", "pk")


def list_join_requests_to_decide(*, user: AnyUser) -> QuerySet[ClusterJoinRequest]:
    """Pending requests (to clusters the user manages) and invitations (to organisations the
    user manages), oldest first, unevaluated (pages count and slice it). Administrators see
    every pending one."""
    if not user.is_authenticated:
        return ClusterJoinRequest.objects.none()
    pending = _join_requests().filter(status=RequestStatus.PENDING)
    if is_platform_administrator(user):
        return pending
    managed = list_organisation_ids(user=user, roles=("manager",))
    return pending.filter(
        Q(direction=JoinDirection.REQUEST, cluster_id__in=managed)
        | Q(direction=JoinDirection.INVITATION, organisation_id__in=managed)
    )


def list_join_requests_sent(*, user: AnyUser) -> list[ClusterJoinRequest]:
    """Pending requests and invitations the user's organisations sent and await an answer."""
    if not user.is_authenticated:
        return []
    managed = list_organisation_ids(user=user, roles=("manager",))
    return list(
        _join_requests()
        .filter(status=RequestStatus.PENDING)
        .filter(
            Q(direction=JoinDirection.REQUEST, organisation_id__in=managed)
            | Q(direction=JoinDirection.INVITATION, cluster_id__in=managed)
        )
    )


def list_managed_organisations(*, user: AnyUser) -> list[Organisation]:
    """Organisations the user manages (not every one for administrators), in name order."""
    ids = list_organisation_ids(user=user, roles=("manager",))
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def is_cluster_member(*, cluster: Organisation, organisation: Organisation) -> bool:
    return ClusterMembership.objects.filter(cluster=cluster, member=organisation).exists()
