"""Demo stage: illustrative marketplace needs and offers of the DIA partnership, in six languages.

Everything here is demo content written for crosscluster: ``Opportunity.is_illustrative`` is set,
and the pages and the API show it (an "illustrative" badge and "Illustrative demo content: written
for the crosscluster demo, not published by <owner>" on the page). The label is not written into
the description: the descriptions are what the matcher embeds and searches, and one shared English
sentence in every demo text would make the demo profiles look alike to it.

* **Needs** are posted by the six partner clusters on behalf of an unnamed member company (a
  cluster brokering for its members is the use the platform is built for); no real company is
  made to state a need. One per language of the partnership: German, Spanish, French, Italian,
  Portuguese and Swedish.
* **Offers** are posted by innovation hubs that are illustrative members of the partner clusters
  (real EDIH hubs). Each offer is built from the hub's own catalogue tags: the technologies it
  declares at the highest levels and its main sector; the wording is ours ("test-before-invest"
  services are what an EDIH is for). In English, German and Italian.

The matches are not computed here: the stage stamps the needs and enqueues the marketplace's
matching task (queue "matching"), which the worker runs after the commit. The first pass embeds
every provider of the directory (about 2,300 organisations in the demo), which takes minutes with
the real embedder — too long for ``make run``'s start-up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from crosscluster.demo import facts
from crosscluster.demo.partnership import get_demo_partnership, get_or_create_partner_clusters
from crosscluster.directory.models import (
    ClusterMembership,
    Country,
    Organisation,
    OrganisationKind,
    OrganisationTag,
    Tag,
)
from crosscluster.marketplace.models import (
    OFFER_KINDS,
    CooperationType,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    OpportunityVisibility,
)
from crosscluster.marketplace.services import detect_profile_language
from crosscluster.marketplace.tasks import refresh_matches_task


@dataclass(frozen=True)
class PlannedNeed:
    partner: str  # facts.PartnerCluster.key: the cluster that posts it
    kind: str
    title: str
    summary: str  # in the cluster's language
    technologies: tuple[str, ...]
    sectors: tuple[str, ...]
    target_countries: tuple[str, ...]
    cooperation_types: tuple[str, ...]


NEEDS = (
    PlannedNeed(
        partner="germany",
        kind=OpportunityKind.INDUSTRIAL_NEED,
        title="Kamerabasierte Qualitätsprüfung im Kunststoffspritzguss",
        summary=(
            "Ein mittelständisches Mitgliedsunternehmen unseres Clusters fertigt Kunststoffteile "
            "im Spritzguss für die Automobilindustrie. Gesucht wird ein Partner für eine "
            "automatische optische Prüfung: Kameras und Bildverarbeitung sollen Grate, Lunker und "
            "Maßabweichungen direkt an der Maschine erkennen und die Ergebnisse an die "
            "Produktionssteuerung melden."
        ),
        technologies=(
            "Sensors & Vision Processing Systems",
            "Artificial Intelligence & Decision support",
        ),
        sectors=("Automotive", "Polymers and plastics"),
        target_countries=("FR", "IT", "ES", "PT", "SE"),
        cooperation_types=(CooperationType.TECHNICAL_ASSISTANCE,),
    ),
    PlannedNeed(
        partner="spain",
        kind=OpportunityKind.INDUSTRIAL_NEED,
        title="Gemelo digital de una línea de mecanizado CNC",
        summary=(
            "Una pyme asociada a nuestro clúster fabrica componentes mecanizados para el sector "
            "aeronáutico y quiere construir un gemelo digital de su línea de mecanizado CNC: "
            "simular los cambios de programa antes de aplicarlos y predecir el desgaste de las "
            "herramientas a partir de los datos de los sensores de las máquinas."
        ),
        technologies=(
            "Digital twins",
            "Simulation engineering and modelling",
            "Internet of Things",
        ),
        sectors=("Aeronautics", "Metal working and industrial production"),
        target_countries=(),
        cooperation_types=(CooperationType.TECHNICAL_COOPERATION,),
    ),
    PlannedNeed(
        partner="france",
        kind=OpportunityKind.TECHNOLOGY_REQUEST,
        title="Maintenance prédictive d'un parc de compresseurs industriels",
        summary=(
            "Une entreprise membre de notre pôle exploite un parc de compresseurs industriels et "
            "recherche une solution de maintenance prédictive : capteurs de vibration et de "
            "température connectés, plateforme de collecte des données et modèles "
            "d'apprentissage automatique pour anticiper les pannes."
        ),
        technologies=("Internet of Things", "Artificial Intelligence & Decision support"),
        sectors=("Manufacturing and processing", "Energy"),
        target_countries=(),
        cooperation_types=(CooperationType.LICENCE_AGREEMENT, CooperationType.SERVICES_AGREEMENT),
    ),
    PlannedNeed(
        partner="italy",
        kind=OpportunityKind.INDUSTRIAL_NEED,
        title="Tracciabilità della filiera dell'olio extravergine con blockchain",
        summary=(
            "Un'azienda agroalimentare associata al nostro cluster produce olio extravergine "
            "d'oliva e cerca un fornitore ICT per tracciare la filiera dal frantoio allo "
            "scaffale: etichette con codice QR, registrazione dei lotti su blockchain e un portale "
            "per i distributori esteri."
        ),
        technologies=(
            "Blockchain and Distributed Ledger Technology (DLT)",
            "Internet Services & Applications",
        ),
        sectors=("Food and beverages",),
        target_countries=(),
        cooperation_types=(CooperationType.SERVICES_AGREEMENT,),
    ),
    PlannedNeed(
        partner="portugal",
        kind=OpportunityKind.INDUSTRIAL_NEED,
        title="Cibersegurança para uma fábrica de calçado ligada em rede",
        summary=(
            "Uma PME associada ao nosso cluster produz calçado com máquinas de corte e costura "
            "ligadas à rede. Precisa de uma avaliação de cibersegurança da sua rede industrial e "
            "de um plano para proteger os sistemas de produção contra ataques de ransomware."
        ),
        technologies=("Cybersecurity", "Communication network"),
        sectors=("Leather", "Textiles"),
        target_countries=("ES", "FR"),
        cooperation_types=(CooperationType.SERVICES_AGREEMENT,),
    ),
    PlannedNeed(
        partner="sweden",
        kind=OpportunityKind.INDUSTRIAL_NEED,
        title="Robotiserad plockning i ett reservdelslager",
        summary=(
            "Ett medlemsföretag i vårt kluster driver ett lager för reservdelar och vill "
            "automatisera plockningen med kollaborativa robotar och maskinseende som känner igen "
            "artiklar i blandade lådor och kopplas till lagersystemet."
        ),
        technologies=("Robotics", "Logistics", "Sensors & Vision Processing Systems"),
        sectors=("Transport & Mobility", "Retail, wholesale or distribution"),
        target_countries=(),
        cooperation_types=(CooperationType.COMMERCIAL_AGREEMENT,),
    ),
)


@dataclass(frozen=True)
class PlannedOffer:
    partner: str  # the partner cluster whose illustrative member hub posts it
    language: str
    kind: str = OpportunityKind.ICT_OFFER


OFFERS = (
    PlannedOffer(partner="germany", language="de"),
    PlannedOffer(partner="italy", language="it"),
    PlannedOffer(partner="sweden", language="en"),
    PlannedOffer(partner="spain", language="en"),
)

_OFFER_TEXT = {
    "en": (
        "Test-before-invest services in {technologies}",
        "{name} helps manufacturing companies and SMEs try {technologies} before they invest: "
        "demonstrations in our facilities, feasibility studies on the company's own data and "
        "processes, training for the staff and help to find funding. Experience with companies "
        "in {sectors}.",
    ),
    "de": (
        "Test-before-invest-Angebote: {technologies}",
        "{name} unterstützt produzierende Unternehmen und KMU dabei, {technologies} vor einer "
        "Investition zu erproben: Demonstrationen in unseren Laboren, Machbarkeitsstudien mit "
        "den Daten und Prozessen des Unternehmens, Schulungen für die Beschäftigten und Hilfe "
        "bei der Finanzierung. Erfahrung mit Unternehmen aus dem Bereich {sectors}.",
    ),
    "it": (
        "Servizi di test-before-invest: {technologies}",
        "{name} aiuta le imprese manifatturiere e le PMI a sperimentare {technologies} prima di "
        "investire: dimostrazioni nei nostri laboratori, studi di fattibilità sui dati e sui "
        "processi dell'azienda, formazione del personale e supporto nella ricerca di "
        "finanziamenti. Esperienza con imprese del settore {sectors}.",
    ),
}
_AND = {"en": "and", "de": "und", "it": "e"}


def _join(items: list[str], language: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {_AND[language]} " + items[-1]


def _member_hubs(cluster: Organisation) -> QuerySet[Organisation]:
    members = ClusterMembership.objects.filter(cluster=cluster).values("member_id")
    return Organisation.objects.filter(
        pk__in=members, kind=OrganisationKind.INNOVATION_HUB
    ).order_by("source", "source_reference", "pk")


def _top_labels(organisation: Organisation, facet: str, count: int) -> list[Tag]:
    links = (
        OrganisationTag.objects.filter(organisation=organisation, tag__facet=facet)
        .select_related("tag")
        .order_by("-level", "tag__label")[:count]
    )
    return [link.tag for link in links]


def _offer_hub(cluster: Organisation, used: set[int]) -> Organisation | None:
    """The member hub with the most declared technologies (ties: catalogue order), not yet used."""
    best: tuple[int, Organisation] | None = None
    for hub in _member_hubs(cluster):
        if hub.pk in used:
            continue
        count = OrganisationTag.objects.filter(organisation=hub, tag__facet="technologies").count()
        if count and (best is None or count > best[0]):
            best = (count, hub)
    return best[1] if best else None


@dataclass
class _Row:
    owner: Organisation
    kind: str
    title: str
    description: str
    tags: list[Tag]
    target_countries: list[Country]
    cooperation_types: list[str]


def _planned_rows() -> list[_Row]:
    clusters = get_or_create_partner_clusters()
    rows: list[_Row] = []
    for need in NEEDS:
        cluster = clusters[need.partner]
        labels = [("technologies", label) for label in need.technologies] + [
            ("sectors", label) for label in need.sectors
        ]
        rows.append(
            _Row(
                owner=cluster,
                kind=need.kind,
                title=need.title,
                description=need.summary,
                tags=[Tag.objects.get(facet=facet, label=label) for facet, label in labels],
                target_countries=list(Country.objects.filter(pk__in=need.target_countries)),
                cooperation_types=sorted(need.cooperation_types),
            )
        )
    used: set[int] = set()
    for offer in OFFERS:
        hub = _offer_hub(clusters[offer.partner], used)
        if hub is None:
            continue
        used.add(hub.pk)
        technologies = _top_labels(hub, "technologies", 3)
        sectors = _top_labels(hub, "sectors", 1)
        title, text = _OFFER_TEXT[offer.language]
        names = _join([tag.label for tag in technologies], offer.language)
        summary = text.format(
            name=hub.name,
            technologies=names,
            sectors=_join([tag.label for tag in sectors], offer.language) or "industry",
        )
        rows.append(
            _Row(
                owner=hub,
                kind=offer.kind,
                title=title.format(technologies=names)[:200],
                description=summary,
                tags=technologies + sectors,
                target_countries=[],
                cooperation_types=[CooperationType.SERVICES_AGREEMENT],
            )
        )
    return rows


def _illustrative() -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(partnership__slug=facts.SLUG, is_illustrative=True)


def marketplace_is_loaded() -> bool:
    """Whether every planned need is there (offers depend on the members stage's sample)."""
    titles = [need.title for need in NEEDS]
    return _illustrative().filter(title__in=titles).count() == len(titles)


def load_marketplace(*, now: dt.datetime | None = None) -> str:
    """Create or update the illustrative opportunities; queue their matching. Idempotent."""
    partnership = get_demo_partnership()
    if partnership is None:
        raise RuntimeError("The marketplace needs the DIA partnership: load stage 3 first.")
    now = now or timezone.now()
    created = changed = 0
    for row in _planned_rows():
        opportunity = Opportunity.objects.filter(
            owner=row.owner, title=row.title, is_illustrative=True
        ).first()
        values = {
            "kind": row.kind,
            "description": row.description,
            "cooperation_types": row.cooperation_types,
        }
        if opportunity is None:
            opportunity = Opportunity.objects.create(
                owner=row.owner,
                partnership=partnership,
                title=row.title,
                language=detect_profile_language(row.title, row.description),
                visibility=OpportunityVisibility.PUBLIC,
                status=OpportunityStatus.PUBLISHED,
                published_at=now,
                is_illustrative=True,
                **values,
            )
            created += 1
        elif any(getattr(opportunity, key) != value for key, value in values.items()) or (
            {tag.pk for tag in row.tags} != set(opportunity.tags.values_list("pk", flat=True))
        ):
            for key, value in values.items():
                setattr(opportunity, key, value)
            opportunity.language = detect_profile_language(row.title, row.description)
            opportunity.save()
            changed += 1
        else:
            continue
        opportunity.tags.set(row.tags)
        opportunity.target_countries.set(row.target_countries)
    total = _illustrative().count()
    if not (created or changed):
        return f"{total} illustrative opportunities, all in place"
    # the pool changed: every published seeker is matched again, by the worker
    Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED).exclude(
        kind__in=list(OFFER_KINDS)
    ).update(matches_requested_at=now)
    refresh_matches_task.enqueue()
    return (
        f"{total} illustrative opportunities ({created} new, {changed} updated) in "
        f"{_illustrative().values('language').distinct().count()} languages; matching queued"
    )
