"""Demo stage: illustrative technology domains for the DIA strategy (safe to rerun).

The partnership publishes its field, "digital technologies applied to manufacturing and industry
(also called Industry 4.0)", but not the technology domains of its strategy. The demo picks five
technologies of the EDIH taxonomy in that field and says, in each rationale, that the choice is
illustrative. They give the S3 alignment matrix (regions app) and the marketplace something to
work with. Writes go through the strategy's services, acting as the platform (an unsaved
administrator, as in the business-plan stage).
"""

from __future__ import annotations

from crosscluster.demo.businessplan import platform_actor
from crosscluster.demo.partnership import get_demo_partnership
from crosscluster.directory.models import Facet, Tag
from crosscluster.strategy import services
from crosscluster.strategy.models import TechnologyDomain

PUBLISHED_FIELD = "digital technologies applied to manufacturing and industry (Industry 4.0)"
ILLUSTRATIVE = (
    "Illustrative demo choice: the partnership publishes its field ({field}), not its technology "
    "domains; {label} is one EDIH technology of that field."
)
#: EDIH technology labels, as in crosscluster/data/edih/label_vocabulary.csv
TECHNOLOGIES = (
    "Digital twins",
    "Internet of Things",
    "Artificial Intelligence & Decision support",
    "Robotics",
    "Cybersecurity",
)


def technology_domains_are_loaded() -> bool:
    return TechnologyDomain.objects.filter(strategy__partnership=get_demo_partnership()).exists()


def load_technology_domains() -> str:
    partnership = get_demo_partnership()
    if partnership is None:
        raise RuntimeError("The technology domains need the DIA partnership: load it first.")
    if technology_domains_are_loaded():
        return "technology domains already loaded (illustrative)"
    tags = {
        tag.label: tag for tag in Tag.objects.filter(facet=Facet.TECHNOLOGY, label__in=TECHNOLOGIES)
    }
    missing = [label for label in TECHNOLOGIES if label not in tags]
    if missing:
        raise RuntimeError(
            f"The EDIH taxonomy lacks {', '.join(missing)}: load the reference data first."
        )
    actor = platform_actor()
    for label in TECHNOLOGIES:
        services.save_technology_domain(
            user=actor,
            partnership=partnership,
            data=services.TechnologyDomainInput(
                tag=tags[label].slug,
                rationale=ILLUSTRATIVE.format(field=PUBLISHED_FIELD, label=label),
            ),
        )
    return f"{len(TECHNOLOGIES)} illustrative technology domains ({', '.join(TECHNOLOGIES)})"
