"""Small builders for content tests (through the services, as the site would)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from crosscluster.accounts.models import User
from crosscluster.content import services
from crosscluster.content.models import Document, NewsPost
from crosscluster.content.tests.samples import pdf_bytes, upload
from crosscluster.partnerships.models import (
    PartnerRole,
    Partnership,
    PartnershipCoordinator,
    PartnershipKind,
    PartnershipMember,
)
from tests.cast import Cast, make_user

WHEN = dt.datetime(2019, 12, 17, 9, 30, tzinfo=dt.UTC)


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def make_other_partnership(cast: Cast) -> tuple[Partnership, User]:
    """A second public partnership, coordinated by someone who is not in the cast."""
    partnership = Partnership.objects.create(
        slug="other-alliance",
        name="Other Alliance",
        kind=PartnershipKind.ESCP_S3,
        coordinator=cast.other_cluster,
        start_date=dt.date(2020, 1, 1),
        duration_months=24,
        summary="Another partnership.",
    )
    PartnershipMember.objects.create(
        partnership=partnership, organisation=cast.other_cluster, role=PartnerRole.COORDINATOR
    )
    coordinator = make_user("other.coordinator@example.eu")
    PartnershipCoordinator.objects.create(partnership=partnership, user=coordinator)
    return partnership, coordinator


def make_news(
    partnership: Partnership,
    title: str = "DIA is Ambassador Cluster at the ISWC 2019",
    *,
    visibility: str = "public",
    published_at: dt.datetime = WHEN,
    body: str = "The partnership **travelled** to Barcelona.",
    source_url: str = "",
) -> NewsPost:
    return services.publish_news(
        user=services.SYSTEM,
        partnership=partnership,
        title=title,
        body_markdown=body,
        published_at=published_at,
        visibility=visibility,
        source_url=source_url,
    )


def make_document(
    partnership: Partnership,
    title: str = "Joint strategy",
    *,
    visibility: str = "public",
    content: bytes | None = None,
    name: str = "strategy.pdf",
    document_date: dt.date = dt.date(2019, 11, 14),
    kind: str = "report",
) -> Document:
    return services.upload_document(
        user=services.SYSTEM,
        partnership=partnership,
        file=upload(name, content if content is not None else pdf_bytes(title)),
        title=title,
        kind=kind,
        document_date=document_date,
        visibility=visibility,
    )
