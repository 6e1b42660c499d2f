# ruff: noqa: RUF001 - published texts keep their typography (en dashes, curly quotes).
"""What is published about the seed partnership, with where it was published.

Texts are those of the partnership's page on the European Cluster Collaboration Platform (ECCP),
kept as published: spelling included ("Cordinator Project", "poduction"). Only whitespace lost
when the page was copied ("improvecross-sectoral", "todevelop") is restored, and the inline list
of results becomes a Markdown list. Everything that is not here is illustrative and says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ECCP_PAGE = "the partnership's page on the European Cluster Collaboration Platform (ECCP)"
# The page the seed (../shared/seed/eccp_partnership_page_dia.txt) was copied from.
ECCP_PAGE_URL = "https://clustercollaboration.eu/eu-cluster-partnerships/escp4i/european-digital-industry-alliance"
ECCP_PROFILE = "the earlier ECCP profile of the partnership (escp-profiles/discp)"
BALTICNET_PAGE = 'the BalticNet-PlasmaTec project page "EU project COSME DISCP"'

SLUG = "dia"
NAME = "European Digital Industry Alliance"
ACRONYM = "DIA"
PROGRAMME_ACRONYM = "DISCP"
PHASE = "Preparation Phase - Strand 1"
ORIGIN = "COSME – European Strategic Cluster Partnerships for going international (ESCP-4i)"
CONTACT_NAME = "Guillaume Roux"
CONTACT_ROLE = "Cordinator Project"  # as published
TARGET_COUNTRIES = ("US",)
DURATION_MONTHS = 24
# Not published: an illustrative start consistent with the 2019 news and 24 months.
ILLUSTRATIVE_START_DATE = dt.date(2019, 3, 1)

SUMMARY = """\
The main objective of the project is to build-up a partnership of world leading clusters to \
configure a “European Strategic Cluster Partnership – Going International” focused on \
internationalization of digital technologies applied to manufacturing and industry (also called \
“Industry 4.0”). This European Strategic Cluster Partnership (ESCP-4i) will lead clusters to \
increase their competitiveness and innovation potential for internationalization with a European \
coherence, fostering international cooperation among SMEs, and enhance innovation. The global \
value chain will be structured around an innovative transnational collaborative approach focused \
on cross-sectoral collaboration to commercialize the different technologies, product and services \
jointly in the field of digital technologies applied to manufacturing and industry developed by \
the clusters (and their SMEs) in international markets that will be identified in the project.

The project will provide a better understanding of the most effective ways to improve \
cross-sectoral collaboration between clusters at a European interregional level in order to \
develop and commercialize frontline innovations internationally. Besides, although focused on \
digital technology in the manufacturing field, the universality of the method will allow \
developing other global value chain with other regions and in other technology domains, a very \
useful approach to build-up regional smart specialization strategies.
"""

RESULTS_EXPECTED = """\
The results of this project will be the definition and implementation of a transnational model of \
collaboration “European Strategic Cluster Partnership” focused on cross-sectoral collaboration \
within Europe to develop and commercialize internationally the technological solutions, products \
and services provided by the SMEs of the partners of a global value chain in digital technologies \
applied to manufacturing and industry.

This model will be tested under real conditions through the study visits that will take place in \
the course of the project. These study visits will consist of ICT clusters and SMEs visiting \
industrial clusters, involving their industrial players (both SMEs but also large companies), to \
express their needs for modernizing their poduction tools, towards Industry 4.0, matching with the \
competences of the ICT clusters SMEs. These study visit will take place in Germany, Italy and \
Sweden.

Besides, the ambition of the project is to build upon the interactions that SMEs will have created \
with large companies in Europe in order SMEs to access and further expand their solutions outside \
Europe, using the existing sites and networks of such multinational players in foreign countries.

The results expected are thus the following:

- improve the existing relationships between the different clusters in the project \
(inside-inside and inside-outside collaborative approach) in order to generate a stable open \
innovation dynamics and knowledge-technology transfer that benefit to their main stakeholders, in \
particular SMEs, but also larger companies, Research and Technology Organisations (RTOs) and \
policy makers.
- a Joint Internationalisation Strategy as a strategic roadmap for the partners of the project \
collaborating in it, with:
    - defined technology domains, products and services to be developed by the partners together \
in the area of digital technologies for manufacturing and industry.
    - defined joint commercialisation initiatives of these technology solutions, products and \
services worldwide.
    - defined joint internationalisation initiatives for clusters (and especially their SMEs) in \
order to discover and reach new markets.
    - up to 4 priority markets worldwide to be further explored and approached by the clusters and \
their SMEs.
    - a defined set of support mechanisms for clusters to be implemented by regional governments \
in the project covering the other axes of the Joint Internationalisation Strategy.
- a complete business plan to establish (and commit) the resources requires to run the Joint \
Internationalisation Strategy in the period proposed, and especially regarding the financial \
resources at regional, national and European levels.
- a set of guidelines and recommendations for clusters on how to incorporate the Joint \
Internationalisation Strategy, the model of collaboration as mechanisms to support the \
implementation of Smart Specialisation Strategies (S3) at regional level, specifically in the \
participant regions of the clusters
"""

FUNDING_ACKNOWLEDGEMENT = (
    "This communication tools was funded by the European Union’s COSME Programme (2014-2020)."
)

DISCLAIMER = (
    "“The content of it represents the views of the author only and her sole responsibility; it "
    "cannot be considered to reflect the views of the European Commission and/or the Executive "
    "Agency for Small and Medium-sized Enterprises (EASME) or any other body of the European "
    "Union. The European Commission and the Agency do not accept any responsibility for use that "
    "may be made of the information it contains."
)

FOCUS_AREAS = (
    "Sectoral industries",
    "Cross-sectoral industries",
    "Digital Industries",
    "Industrial Alliances and Ecosystems",
)


@dataclass(frozen=True)
class PublishedNews:
    title: str
    published_date: dt.date


NEWS = (
    PublishedNews("DIA project : we #goFOURther to support companies jumping into 4.0", dt.date(2019, 12, 17)),
    PublishedNews("ISWC 2019, BARCELONA: a great success!", dt.date(2019, 11, 14)),
    PublishedNews("DIA is Ambassador Cluster at the ISWC 2019", dt.date(2019, 10, 14)),
    PublishedNews("DIA: the #neverstoplearning Tour across Europe", dt.date(2019, 9, 30)),
)  # fmt: skip


@dataclass(frozen=True)
class PartnerCluster:
    key: str  # stable within the demo: "france", "spain", ...
    name: str
    country: str  # ISO2
    is_coordinator: bool
    published_role: str  # what the public sources say about it; "" when not named
    source_reference: str
    is_named: bool = True


PARTNERS = (
    PartnerCluster(
        key="france",
        name="Pôle SCS",
        country="FR",
        is_coordinator=True,
        published_role="coordinator of the partnership and leader of work package 5",
        source_reference=f"{ECCP_PAGE}; {BALTICNET_PAGE}",
    ),
    PartnerCluster(
        key="spain",
        name="Basquegame",
        country="ES",
        is_coordinator=False,
        published_role="leader of work package 1",
        source_reference=BALTICNET_PAGE,
    ),
    PartnerCluster(
        key="portugal",
        name="TICE.PT",
        country="PT",
        is_coordinator=False,
        published_role="leader of work package 2",
        source_reference=BALTICNET_PAGE,
    ),
    PartnerCluster(
        key="germany",
        name="BalticNet-PlasmaTec",
        country="DE",
        is_coordinator=False,
        published_role="the German partner, publisher of the project page",
        source_reference=BALTICNET_PAGE,
    ),
    PartnerCluster(
        key="italy",
        name="Italian partner cluster (name not published)",
        country="IT",
        is_coordinator=False,
        published_role="",
        source_reference=BALTICNET_PAGE,
        is_named=False,
    ),
    PartnerCluster(
        key="sweden",
        name="Swedish partner cluster (name not published)",
        country="SE",
        is_coordinator=False,
        published_role="",
        source_reference=BALTICNET_PAGE,
        is_named=False,
    ),
)

SEED_VINTAGE = "published 2019"

PROVENANCE_NOTE = f"""\
**Published fact.** The name, the coordinator's contact person and role, the summary and \
objectives, the results expected, the sectoral and industrial focus, the funding acknowledgement \
(COSME), the disclaimer, the progress figure (67% completed) and the four news titles with their \
dates come from {ECCP_PAGE}. The type ESCP-4i, the phase "{PHASE}", the duration of \
{DURATION_MONTHS} months, the target country (United States) and the programme acronym \
{PROGRAMME_ACRONYM} come from {ECCP_PROFILE}. The six partner clusters from Portugal, Spain, \
France, Italy, Germany and Sweden, the coordinator Pôle SCS (also leader of work package 5), \
Basquegame (work package 1), TICE.PT (work package 2) and BalticNet-PlasmaTec come from \
{BALTICNET_PAGE}; the Italian and Swedish partners are not named there, so they appear as \
"name not published".

**Illustrative.** The start date ({ILLUSTRATIVE_START_DATE.day} \
{ILLUSTRATIVE_START_DATE:%B %Y}, chosen to fit the 2019 news and the 24 months); the work plan \
(titles, weights and dates, set so that it computes the published 67%); the members of the \
partner clusters (real organisations from the European Commission's EDIH catalogue and CORDIS, \
attached to the partner cluster of their country for the demo: they are not the clusters' actual \
members, so the numbers of members and of SMEs involved are demo figures); and the upcoming \
events. See "Sources and licences" for the data sets.
"""
