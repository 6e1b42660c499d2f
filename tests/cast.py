"""The shared cast of users and a small partnership (pytest fixtures)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from crosscluster.accounts.models import OrganisationMembership, User
from crosscluster.directory.models import (
    ClusterMembership,
    Country,
    Organisation,
    OrganisationKind,
    ValidationStatus,
)
from crosscluster.partnerships.models import (
    PartnerRole,
    Partnership,
    PartnershipCoordinator,
    PartnershipKind,
    PartnershipMember,
)

PASSWORD = "correct horse battery staple"


def make_country(iso2: str = "FR", iso3: str = "FRA", name: str = "France") -> Country:
    country, _ = Country.objects.get_or_create(
        iso2=iso2, defaults={"iso3": iso3, "name": name, "is_eu_member": True}
    )
    return country


def make_organisation(
    name: str, kind: str = OrganisationKind.SME, country: Country | None = None, **fields: object
) -> Organisation:
    from django.utils.text import slugify

    from crosscluster.core.text import normalise_for_search

    if kind == OrganisationKind.CLUSTER:
        fields.setdefault("validation_status", ValidationStatus.PROVISIONAL)
    return Organisation.objects.create(
        name=name,
        slug=slugify(name),
        kind=kind,
        country=country or make_country(),
        search_text=normalise_for_search(name, str(fields.get("description", ""))),
        **fields,
    )


def make_user(email: str, **fields: object) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, **fields)


#: the authenticator-app secret of users given a second factor in tests (base32)
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_second_factor(user: User) -> None:
    """An authenticator app (TOTP) on the account, as administrators must have."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, TOTP_SECRET)


@dataclass
class Cast:
    partnership: Partnership
    cluster: Organisation
    other_cluster: Organisation
    sme: Organisation
    other_sme: Organisation
    administrator: User
    coordinator: User
    cluster_manager: User
    sme_member: User
    outsider: User


@pytest.fixture
def cast(db: None) -> Cast:
    france = make_country()
    germany = make_country("DE", "DEU", "Germany")
    make_country("US", "USA", "United States")
    cluster = make_organisation("Pole Test Cluster", OrganisationKind.CLUSTER, france)
    other_cluster = make_organisation("Baltic Test Cluster", OrganisationKind.CLUSTER, germany)
    sme = make_organisation("Vision Systems SME", OrganisationKind.SME, france)
    other_sme = make_organisation("Unrelated SME", OrganisationKind.SME, germany)
    ClusterMembership.objects.create(cluster=cluster, member=sme)
    partnership = Partnership.objects.create(
        slug="test-alliance",
        name="Test Digital Alliance",
        acronym="TDA",
        kind=PartnershipKind.ESCP_4I,
        coordinator=cluster,
        start_date=dt.date(2019, 3, 1),
        duration_months=24,
        summary="A partnership for **testing**.",
    )
    PartnershipMember.objects.create(
        partnership=partnership, organisation=cluster, role=PartnerRole.COORDINATOR
    )
    PartnershipMember.objects.create(partnership=partnership, organisation=other_cluster)
    administrator = User.objects.create_superuser(email="admin@example.eu", password=PASSWORD)
    give_second_factor(administrator)  # administrators cannot open the admin without one
    coordinator = make_user("coordinator@example.eu")
    PartnershipCoordinator.objects.create(partnership=partnership, user=coordinator)
    OrganisationMembership.objects.create(user=coordinator, organisation=cluster, role="manager")
    cluster_manager = make_user("manager@example.eu")
    OrganisationMembership.objects.create(
        user=cluster_manager, organisation=other_cluster, role="manager"
    )
    sme_member = make_user("member@example.eu")
    OrganisationMembership.objects.create(user=sme_member, organisation=sme, role="member")
    outsider = make_user("outsider@example.eu")
    OrganisationMembership.objects.create(user=outsider, organisation=other_sme, role="manager")
    return Cast(
        partnership=partnership,
        cluster=cluster,
        other_cluster=other_cluster,
        sme=sme,
        other_sme=other_sme,
        administrator=administrator,
        coordinator=coordinator,
        cluster_manager=cluster_manager,
        sme_member=sme_member,
        outsider=outsider,
    )


@pytest.fixture
def token_for(db: None):  # type: ignore[no-untyped-def]
    """``token_for(user)`` -> an ``Authorization`` header value for API writes."""
    from crosscluster.accounts.services import create_api_token

    def make(user: User) -> str:
        return f"Bearer {create_api_token(user=user, name='tests').key}"

    return make
