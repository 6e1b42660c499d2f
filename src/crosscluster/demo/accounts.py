"""Stage 8 (only with ``--with-demo-users``): role accounts for trying the product locally.

These are not people: role addresses under the reserved ``.invalid`` domain, one shared password.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from crosscluster.accounts.models import OrganisationMembership, OrganisationRole, User
from crosscluster.demo import facts
from crosscluster.demo.partnership import get_demo_partnership, get_or_create_partner_clusters
from crosscluster.directory.models import ClusterMembership, OrganisationKind
from crosscluster.partnerships.models import PartnershipCoordinator

DEMO_DOMAIN = "demo.crosscluster.invalid"
DEFAULT_PASSWORD = "crosscluster-demo"  # noqa: S105 - documented local demo password
PASSWORD_VARIABLE = "CROSSCLUSTER_DEMO_PASSWORD"  # noqa: S105 - a variable name


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    is_superuser: bool = False


COORDINATOR = DemoAccount(f"coordinator@{DEMO_DOMAIN}", "Demo partnership coordinator")
MANAGER = DemoAccount(f"manager@{DEMO_DOMAIN}", "Demo cluster manager")
MEMBER = DemoAccount(f"member@{DEMO_DOMAIN}", "Demo SME member")
ADMIN = DemoAccount(f"admin@{DEMO_DOMAIN}", "Demo administrator", is_superuser=True)
DEMO_ACCOUNTS = (COORDINATOR, MANAGER, MEMBER, ADMIN)


def demo_users_exist() -> bool:
    emails = [account.email for account in DEMO_ACCOUNTS]
    return User.objects.filter(email__in=emails).count() == len(emails)


@dataclass(frozen=True)
class AccountsLoad:
    created: tuple[str, ...]
    member_of: str

    def summary(self) -> str:
        if not self.created:
            return "demo accounts already exist (passwords unchanged)"
        return f"{len(self.created)} demo accounts created; the member works for {self.member_of}"


def load_demo_users(*, password: str) -> AccountsLoad:
    partnership = get_demo_partnership()
    if partnership is None:
        raise RuntimeError("The demo accounts need the DIA partnership: load stage 3 first.")
    clusters = get_or_create_partner_clusters()
    created = []
    users = {}
    hashed: str | None = None
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            hashed = hashed or make_password(password)  # one slow hash for all accounts
            user = User.objects.create(
                email=account.email,
                password=hashed,
                full_name=account.full_name,
                is_staff=account.is_superuser,
                is_superuser=account.is_superuser,
            )
            created.append(account.email)
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        users[account.email] = user
    coordinator_cluster = next(clusters[p.key] for p in facts.PARTNERS if p.is_coordinator)
    PartnershipCoordinator.objects.get_or_create(
        partnership=partnership, user=users[COORDINATOR.email]
    )
    _join(users[COORDINATOR.email], coordinator_cluster.pk, OrganisationRole.MANAGER)
    _join(users[MANAGER.email], clusters["germany"].pk, OrganisationRole.MANAGER)
    company = _member_company(cluster_ids=[c.pk for c in clusters.values()])
    if company is not None:
        _join(users[MEMBER.email], company[0], OrganisationRole.MEMBER)
    return AccountsLoad(created=tuple(created), member_of=company[1] if company else "no company")


def _join(user: User, organisation_id: int, role: str) -> None:
    OrganisationMembership.objects.get_or_create(
        user=user, organisation_id=organisation_id, defaults={"role": role}
    )


def _member_company(*, cluster_ids: list[int]) -> tuple[int, str] | None:
    """An SME member of a partner cluster (else a large company), first by name."""
    for kind in (OrganisationKind.SME, OrganisationKind.LARGE_COMPANY):
        row = (
            ClusterMembership.objects.filter(cluster_id__in=cluster_ids, member__kind=kind)
            .order_by("member__name", "member_id")
            .values_list("member_id", "member__name")
            .first()
        )
        if row is not None:
            return row
    return None
