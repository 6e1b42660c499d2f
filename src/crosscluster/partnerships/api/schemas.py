"""The partnerships API's request and response shapes."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from crosscluster.engines.workplan.progress import ItemProgress
from crosscluster.partnerships.models import PartnerInvitation, WorkItem, WorkPackage


class CountryOut(Schema):
    iso2: str
    name: str


class PartnerOrganisationRef(Schema):
    id: int
    slug: str
    name: str
    country: str

    @staticmethod
    def resolve_country(organisation: object) -> str:
        return str(getattr(organisation, "country_id", ""))


class PartnershipSummaryOut(Schema):
    slug: str
    name: str
    acronym: str
    kind: str
    coordinator: PartnerOrganisationRef
    start_date: date
    duration_months: int


class ProgressOut(Schema):
    percent: int
    done_weight: int
    total_weight: int
    late_items: list[str]
    explanation: str


class PartnershipOut(PartnershipSummaryOut):
    origin: str
    phase: str
    coordinator_contact_name: str
    coordinator_contact_role: str
    target_countries: list[CountryOut]
    summary: str
    results_expected: str
    language: str = Field(
        "",
        description="the language summary and results_expected are written in (ISO 639-1); "
        "GET /partnerships/{slug}/translations lists them in others",
    )
    focus_areas: list[str]
    funding_acknowledgement: str
    disclaimer: str
    number_of_partners: int
    number_of_smes: int
    progress: ProgressOut
    end_date: date
    is_public: bool
    approval_status: str = Field(
        description="approved, pending (awaiting an administrator) or declined (see decline_reason)"
    )
    decline_reason: str = Field(
        "", description="Why an administrator declined it (only its coordinators see the page)"
    )


class PartnershipPatch(Schema):
    name: str | None = None
    acronym: str | None = None
    kind: str | None = None
    origin: str | None = None
    phase: str | None = None
    coordinator_contact_name: str | None = None
    coordinator_contact_role: str | None = None
    start_date: date | None = None
    duration_months: int | None = None
    summary: str | None = None
    results_expected: str | None = None
    funding_acknowledgement: str | None = None
    disclaimer: str | None = None
    target_countries: list[str] | None = Field(None, description="ISO 3166 alpha-2 codes")
    focus_areas: list[str] | None = None
    is_public: bool | None = None


class NewPartnershipIn(Schema):
    coordinator_organisation_id: int = Field(description="the cluster you manage that coordinates")
    name: str
    acronym: str = ""
    kind: str = Field(description="escp-4i, escp-s3 or other")
    origin: str = ""
    phase: str = ""
    coordinator_contact_name: str = ""
    coordinator_contact_role: str = ""
    target_countries: list[str] = Field([], description="ISO 3166 alpha-2 codes")
    start_date: date
    duration_months: int
    summary: str
    results_expected: str = ""
    focus_areas: list[str] = []
    funding_acknowledgement: str = ""
    disclaimer: str = ""
    is_public: bool = True


class PartnerInvitationOut(Schema):
    id: int
    partnership: str = Field(description="the partnership's slug")
    partnership_name: str
    organisation: PartnerOrganisationRef
    message: str
    status: str
    created_at: datetime
    answered_at: datetime | None
    reason: str

    @staticmethod
    def resolve_partnership(invitation: PartnerInvitation) -> str:
        return invitation.partnership.slug

    @staticmethod
    def resolve_partnership_name(invitation: PartnerInvitation) -> str:
        return invitation.partnership.name


class PartnershipDeclineIn(Schema):
    reason: str = Field(..., description="Why: shown to the partnership's coordinators")


class InvitationAnswerIn(Schema):
    accept: bool
    reason: str = Field("", description="why the cluster declines (optional)")


class InvitePartnerIn(Schema):
    organisation_id: int = Field(description="a cluster of the directory")
    message: str = ""


class CoordinatorOut(Schema):
    id: int
    email: str
    full_name: str


class CoordinatorIn(Schema):
    email: str = Field(description="a person who works for a partner organisation")


class WorkItemOut(Schema):
    id: int
    kind: str
    code: str
    title: str
    weight: int
    start_date: date | None
    due_date: date
    done_date: date | None
    evidence_url: str
    owner_organisation: PartnerOrganisationRef | None
    owner_person: str = Field(description="the owner's name, when a person owns the item")
    status: str = Field(description="done, done_late, late, open or not_started")
    days_late: int

    @staticmethod
    def resolve_owner_person(item: WorkItem) -> str:
        return item.owner_person.full_name if item.owner_person else ""

    @staticmethod
    def resolve_status(item: WorkItem, context: dict[str, object]) -> str:
        return _statuses(context)[str(item.pk)].status.value

    @staticmethod
    def resolve_days_late(item: WorkItem, context: dict[str, object]) -> int:
        return _statuses(context)[str(item.pk)].days_late


def _statuses(context: dict[str, object]) -> dict[str, ItemProgress]:
    request = context["request"]
    return request.work_plan_statuses  # type: ignore[attr-defined]


class WorkPackageOut(Schema):
    number: int
    title: str
    leader: PartnerOrganisationRef | None
    items: list[WorkItemOut]

    @staticmethod
    def resolve_items(package: WorkPackage) -> list[WorkItem]:
        return list(package.items.all())


class WorkPlanOut(Schema):
    start_date: date
    end_date: date
    progress: ProgressOut
    packages: list[WorkPackageOut]


class WorkPackageIn(Schema):
    title: str
    number: int | None = Field(None, description="next number when omitted")
    leader_id: int | None = Field(None, description="a partner organisation")


class WorkPackagePatch(Schema):
    title: str | None = None
    leader_id: int | None = Field(None, description="a partner organisation; null removes it")


class WorkPackageSavedOut(Schema):
    number: int
    title: str
    leader: PartnerOrganisationRef | None


class WorkItemIn(Schema):
    kind: str = Field(description="task, milestone or deliverable")
    code: str
    title: str
    due_date: date = Field(description="within the partnership's period")
    weight: int = 1
    start_date: date | None = None
    owner_organisation_id: int | None = Field(None, description="a partner organisation")
    owner_person_id: int | None = Field(None, description="a person of a partner organisation")


class WorkItemPatch(Schema):
    kind: str | None = None
    code: str | None = None
    title: str | None = None
    due_date: date | None = None
    weight: int | None = None
    start_date: date | None = None
    owner_organisation_id: int | None = None
    owner_person_id: int | None = None


class WorkItemSavedOut(Schema):
    id: int
    work_package: int
    kind: str
    code: str
    title: str
    weight: int
    start_date: date | None
    due_date: date
    done_date: date | None
    evidence_url: str
    owner_organisation_id: int | None
    owner_person_id: int | None

    @staticmethod
    def resolve_work_package(item: WorkItem) -> int:
        return item.work_package.number


class CompletionIn(Schema):
    evidence_url: str = Field(
        "", description="a link to the evidence: report, page or document (or evidence_document_id)"
    )
    evidence_document_id: int | None = Field(
        None,
        description="instead of a link: the id of a document of the partnership's library",
        ge=1,
        le=2**63 - 1,
    )
    done_date: date | None = Field(None, description="today when omitted")


class TranslationOut(Schema):
    language: str = Field(description="ISO 639-1 code: pt, es, fr, it, de, sv or en")
    summary: str = Field(description="Summary and objectives in that language (Markdown)")
    results_expected: str = Field(description="Results expected in that language (Markdown)")
    updated_at: datetime


class TranslationIn(Schema):
    summary: str = Field(
        description="Markdown; empty removes the translation (readers see the original again)",
        max_length=20_000,
    )
    results_expected: str = Field("", description="Markdown", max_length=20_000)
