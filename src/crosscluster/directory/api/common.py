"""The organisations API's router and what its modules share (no ``from __future__ import
annotations``: ninja reads the types)."""

from ninja import Router

from crosscluster.directory.api.schemas import OrganisationRef
from crosscluster.directory.models import Organisation

router = Router(tags=["organisations"])


def organisation_ref(organisation: Organisation) -> OrganisationRef:
    return OrganisationRef(
        slug=organisation.slug,
        name=organisation.name,
        kind=organisation.kind,
        country=organisation.country_id,
    )
