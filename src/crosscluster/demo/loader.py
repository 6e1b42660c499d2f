"""The demo's stages, in order, each in one transaction; what is loaded already is skipped.

A stage runs when its data is missing or when an earlier stage ran in the same call (later stages
build on earlier ones, and every stage is safe to rerun). A second call on a loaded database runs
only cheap existence checks.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError

from crosscluster.accounts.models import User
from crosscluster.businessplan.models import BusinessPlan
from crosscluster.content.models import NewsPost
from crosscluster.demo import accounts, conversations, facts, requests
from crosscluster.demo.brokerage import b2b_session_is_loaded, load_b2b_session
from crosscluster.demo.businessplan import load_business_plan
from crosscluster.demo.events import events_are_placed, load_events
from crosscluster.demo.marketplace import load_marketplace, marketplace_is_loaded
from crosscluster.demo.members import load_members
from crosscluster.demo.news import load_news
from crosscluster.demo.organisations import load_organisations, refresh_search_index
from crosscluster.demo.partnership import load_partnership
from crosscluster.demo.reference import load_reference_data
from crosscluster.demo.regions import load_regions
from crosscluster.demo.strategy import load_technology_domains, technology_domains_are_loaded
from crosscluster.demo.workplan import WORK_PLAN, load_work_plan
from crosscluster.directory.models import (
    ClusterMembership,
    Country,
    DataSource,
    NutsRegion,
    Organisation,
    Tag,
)
from crosscluster.partnerships.models import Partnership, PartnershipMember, WorkItem
from crosscluster.regions.models import PartnerRegion

DEMO_SOURCES = (DataSource.EDIH, DataSource.CORDIS, DataSource.SEED)


@dataclass(frozen=True)
class Stage:
    name: str
    is_complete: Callable[[], bool]
    run: Callable[[], str]


@dataclass(frozen=True)
class StageResult:
    number: int
    total: int
    name: str
    summary: str
    seconds: float

    def line(self) -> str:
        return f"[{self.number}/{self.total}] {self.name}: {self.summary} ({self.seconds:.1f} s)"


class DemoError(Exception):
    """The demo cannot be loaded or reset; the message says why and what to do."""


def _partnership() -> Partnership | None:
    return Partnership.objects.filter(slug=facts.SLUG).first()


def _reference_complete() -> bool:
    return Country.objects.exists() and NutsRegion.objects.exists() and Tag.objects.exists()


def _organisations_complete() -> bool:
    return (
        Organisation.objects.filter(source=DataSource.EDIH).exists()
        and Organisation.objects.filter(source=DataSource.CORDIS).exists()
    )


def _partnership_complete() -> bool:
    partnership = _partnership()
    return partnership is not None and PartnershipMember.objects.filter(
        partnership=partnership
    ).count() == len(facts.PARTNERS)


def _members_complete() -> bool:
    return ClusterMembership.objects.filter(
        cluster__partnership_memberships__partnership__slug=facts.SLUG
    ).exists()


def _work_plan_complete() -> bool:
    expected = sum(len(package.items) for package in WORK_PLAN)
    return WorkItem.objects.filter(work_package__partnership__slug=facts.SLUG).count() >= expected


def _news_complete() -> bool:
    """Every published news item, citing its source (a demo loaded before the source link was
    added is brought up to date)."""
    titles = [item.title for item in facts.NEWS]
    cited = NewsPost.objects.filter(
        partnership__slug=facts.SLUG, title__in=titles, source_url=facts.ECCP_PAGE_URL
    )
    return cited.count() == len(titles)


def _business_plan_complete() -> bool:
    return BusinessPlan.objects.filter(strategy__partnership__slug=facts.SLUG).exists()


def _regions_complete() -> bool:
    return PartnerRegion.objects.filter(partnership__slug=facts.SLUG).exists()


def _load_organisations(data_dir: Path) -> str:
    return load_organisations(data_dir=data_dir).summary()


def _load_partnership_and_index() -> str:
    summary = load_partnership()
    if refresh_search_index():
        summary += "; directory search index refreshed"
    return summary


def build_stages(
    *, data_dir: Path, today: dt.date, with_demo_users: bool, password: str
) -> list[Stage]:
    stages = [
        Stage(
            "Reference data",
            _reference_complete,
            lambda: load_reference_data(data_dir=data_dir),
        ),
        Stage("Organisations", _organisations_complete, lambda: _load_organisations(data_dir)),
        Stage("Partnership", _partnership_complete, _load_partnership_and_index),
        Stage("Cluster members", _members_complete, load_members),
        Stage("Work plan", _work_plan_complete, load_work_plan),
        Stage("News", _news_complete, load_news),
        Stage(
            "Illustrative events",
            lambda: events_are_placed(today=today),
            lambda: load_events(today=today),
        ),
        Stage(
            "Illustrative roadmap and business plan",
            _business_plan_complete,
            lambda: load_business_plan(today=today),
        ),
        Stage(
            "Illustrative technology domains",
            technology_domains_are_loaded,
            load_technology_domains,
        ),
        Stage("S3 guidelines of the partner regions", _regions_complete, load_regions),
        Stage("Illustrative marketplace", marketplace_is_loaded, load_marketplace),
    ]
    if with_demo_users:
        stages.append(
            Stage(
                "Demo accounts",
                accounts.demo_users_exist,
                lambda: accounts.load_demo_users(password=password).summary(),
            )
        )
        stages.append(
            Stage(
                "Illustrative pending claim and request to join",
                requests.requests_are_loaded,
                requests.load_pending_requests,
            )
        )
        stages.append(
            Stage(
                "Illustrative open conversation",
                conversations.conversation_is_loaded,
                lambda: conversations.load_conversation(today=today),
            )
        )
    # Last: with the demo accounts, the coordinator and the member register too.
    stages.append(
        Stage(
            "Illustrative B2B session",
            lambda: b2b_session_is_loaded(with_demo_users=with_demo_users),
            lambda: load_b2b_session(today=today),
        )
    )
    return stages


def load_demo(
    *,
    data_dir: Path,
    today: dt.date,
    with_demo_users: bool = False,
    password: str = accounts.DEFAULT_PASSWORD,
    report: Callable[[StageResult], None] = lambda result: None,
) -> list[StageResult]:
    """Run the stages that are needed; returns what ran (empty when all was loaded)."""
    stages = build_stages(
        data_dir=data_dir, today=today, with_demo_users=with_demo_users, password=password
    )
    results: list[StageResult] = []
    for number, stage in enumerate(stages, start=1):
        if not results and stage.is_complete():
            continue
        started = time.perf_counter()
        with transaction.atomic():
            summary = stage.run()
        result = StageResult(
            number=number,
            total=len(stages),
            name=stage.name,
            summary=summary,
            seconds=time.perf_counter() - started,
        )
        results.append(result)
        report(result)
    return results


def reset_demo() -> str:
    """Delete what the demo created: the partnership, the organisations from the public data
    sets and the seed, and the demo accounts. Reference data stays (it is upserted on load)."""
    users = User.objects.filter(email__endswith=f"@{accounts.DEMO_DOMAIN}")
    organisations = Organisation.objects.filter(source__in=DEMO_SOURCES)
    try:
        with transaction.atomic():
            partnerships = Partnership.objects.filter(slug=facts.SLUG).count()
            organisation_count, user_count = organisations.count(), users.count()
            Partnership.objects.filter(slug=facts.SLUG).delete()
            organisations.delete()
            users.delete()
    except ProtectedError as error:
        blockers = sorted({str(item) for item in error.protected_objects})[:5]
        raise DemoError(
            "Cannot reset the demo: these rows still use demo organisations: "
            f"{', '.join(blockers)}. Delete or reassign them first."
        ) from error
    return (
        f"removed {partnerships} demo partnership with its content, "
        f"{organisation_count:,} organisations and {user_count} demo accounts"
    )
