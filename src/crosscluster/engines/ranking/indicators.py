"""The indicator catalogue: what each market indicator measures, where it comes from, how it is
transformed, and whether more is better (benefit) or worse (cost).

Per country, a WDI indicator takes the latest value within the window (``first_year`` ..
``last_year``) and records its year; ``years_averaged`` > 1 takes the mean of the values published
in the latest ``years_averaged`` years up to that latest year (growth is volatile year to year).
Transforms: ``log10`` for sizes spanning orders of magnitude (a value <= 0 counts as missing),
``log10(1+x)`` where zero is a real value, ``none`` for shares and indices. ``clip`` winsorises to
the given quantiles of the ranked countries (applied before normalisation, so one outlier such as
a 40% growth rate does not squash everybody else into a corner of the 0..1 scale).

Partner indicators come from CEPII GeoDist and depend on the partners' countries: the mean
population-weighted distance to the partners (log10, cost) and the share of partners with a
language spoken by at least 9% of both populations (benefit).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from crosscluster.engines.ranking.data import MarketData
from crosscluster.engines.ranking.model import Criterion, Direction, InputError

WDI = "World Bank WDI"
CEPII = "CEPII GeoDist"


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    label: str
    pillar: str
    source: str  # WDI or CEPII
    source_code: str  # WDI series code, or the CEPII field
    unit: str
    direction: Direction
    transform: str = "none"  # none | log10 | log10(1+x)
    years_averaged: int = 1
    clip: tuple[float, float] | None = None  # quantiles of the ranked countries
    default: bool = False
    note: str = ""

    @property
    def needs_partners(self) -> bool:
        return self.source == CEPII

    def criterion(self) -> Criterion:
        return Criterion(
            code=self.code,
            label=self.label,
            direction=self.direction,
            unit=self.unit,
            source=f"{self.source} {self.source_code}",
            transform=self.describe_transform(),
        )

    def describe_transform(self) -> str:
        steps = []
        if self.years_averaged > 1:
            steps.append(f"mean of the latest {self.years_averaged} years")
        if self.transform != "none":
            steps.append(self.transform)
        if self.clip is not None:
            low, high = self.clip
            steps.append(f"clipped to the {low:.0%}-{high:.0%} quantiles of the ranked countries")
        return "; ".join(steps) or "none"


CATALOGUE: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "gdp", "Market size (GDP)", "market size", WDI, "NY.GDP.MKTP.CD", "current US$",
        "benefit", "log10", default=True,
    ),
    IndicatorSpec(
        "gdp_growth", "GDP growth", "market growth", WDI, "NY.GDP.MKTP.KD.ZG", "annual %",
        "benefit", years_averaged=5, clip=(0.05, 0.95), default=True,
    ),
    IndicatorSpec(
        "income", "Income (GNI per capita, PPP)", "income", WDI, "NY.GNP.PCAP.PP.CD",
        "current international $", "benefit", "log10", default=True,
    ),
    IndicatorSpec(
        "industry_share", "Industry share of GDP", "industry", WDI, "NV.IND.TOTL.ZS",
        "% of GDP", "benefit", default=True,
    ),
    IndicatorSpec(
        "medium_high_tech_manufacturing", "Medium and high-tech manufacturing",
        "high-tech manufacturing", WDI, "NV.MNF.TECH.ZS.UN", "% of manufacturing value added",
        "benefit", default=True,
    ),
    IndicatorSpec(
        "high_tech_exports", "High-technology exports", "high-tech trade", WDI,
        "TX.VAL.TECH.MF.ZS", "% of manufactured exports", "benefit", default=True,
    ),
    IndicatorSpec(
        "merchandise_imports", "Merchandise imports", "import demand", WDI, "TM.VAL.MRCH.CD.WT",
        "current US$", "benefit", "log10", default=True,
        note="proxy for high-tech import demand: product-level imports (Comtrade/BACI) are not "
        "available offline",
    ),
    IndicatorSpec(
        "rd_expenditure", "R&D expenditure", "R&D", WDI, "GB.XPD.RSDV.GD.ZS", "% of GDP",
        "benefit", default=True,
    ),
    IndicatorSpec(
        "researchers", "Researchers in R&D", "R&D", WDI, "SP.POP.SCIE.RD.P6",
        "per million people", "benefit", default=True,
    ),
    IndicatorSpec(
        "broadband", "Fixed broadband subscriptions", "ICT infrastructure", WDI,
        "IT.NET.BBND.P2", "per 100 people", "benefit", default=True,
    ),
    IndicatorSpec(
        "logistics", "Logistics performance index", "logistics", WDI, "LP.LPI.OVRL.XQ",
        "1 = low to 5 = high", "benefit", default=True,
    ),
    IndicatorSpec(
        "distance", "Distance from the partners", "proximity", CEPII, "distw", "km", "cost",
        "log10", default=True,
        note="mean over the partners' countries of CEPII's population-weighted distance "
        "(simple distance where distw is missing)",
    ),
    IndicatorSpec(
        "common_language", "Common language with the partners", "proximity", CEPII,
        "comlang_ethno", "share of partners", "benefit", default=True,
        note="share of partners' countries sharing a language spoken by at least 9% of both "
        "populations",
    ),
    # Available, not in the default set (they overlap the pillars above or are sparse).
    IndicatorSpec(
        "population", "Population", "market size", WDI, "SP.POP.TOTL", "people", "benefit",
        "log10",
    ),
    IndicatorSpec(
        "high_tech_exports_value", "High-technology exports (value)", "high-tech trade", WDI,
        "TX.VAL.TECH.CD", "current US$", "benefit", "log10(1+x)",
    ),
    IndicatorSpec(
        "medium_high_tech_exports", "Medium and high-tech exports", "high-tech trade", WDI,
        "TX.MNF.TECH.ZS.UN", "% of manufactured exports", "benefit",
    ),
    IndicatorSpec(
        "technology_payments", "Payments for the use of intellectual property",
        "technology imports", WDI, "BM.GSR.ROYL.CD", "current US$", "benefit", "log10(1+x)",
        note="what a country pays abroad for patents, licences and know-how: demand for "
        "foreign technology",
    ),
    IndicatorSpec(
        "secure_servers", "Secure Internet servers", "ICT infrastructure", WDI, "IT.NET.SECR.P6",
        "per million people", "benefit", "log10(1+x)",
    ),
    IndicatorSpec(
        "resident_patents", "Patent applications by residents", "innovation", WDI, "IP.PAT.RESD",
        "applications", "benefit", "log10(1+x)",
    ),
    IndicatorSpec(
        "inflation", "Inflation (consumer prices)", "macroeconomic stability", WDI,
        "FP.CPI.TOTL.ZG", "annual %", "cost", years_averaged=3, clip=(0.05, 0.95),
    ),
)  # fmt: skip

BY_CODE: Mapping[str, IndicatorSpec] = {spec.code: spec for spec in CATALOGUE}
DEFAULT_INDICATORS: tuple[str, ...] = tuple(spec.code for spec in CATALOGUE if spec.default)
PARTNER_INDICATORS: tuple[str, ...] = tuple(spec.code for spec in CATALOGUE if spec.needs_partners)


def get_indicator(code: str) -> IndicatorSpec:
    try:
        return BY_CODE[code]
    except KeyError:
        raise InputError(f"indicator {code!r}: unknown (known: {', '.join(BY_CODE)})") from None


@dataclass(frozen=True)
class RawCell:
    """An indicator's value for one country before clipping and imputation."""

    raw: float | None  # as published (mean when averaged); None = missing
    year: int | None
    value: float | None  # transformed; None = missing (or not transformable)
    note: str = ""


def transform(spec: IndicatorSpec, raw: float) -> float | None:
    if spec.transform == "log10":
        return math.log10(raw) if raw > 0 else None
    if spec.transform == "log10(1+x)":
        return math.log10(1 + raw) if raw > -1 else None
    return raw


def wdi_cell(
    data: MarketData, spec: IndicatorSpec, iso3: str, first_year: int, last_year: int
) -> RawCell:
    points = [
        (year, value)
        for year, value in data.series.get(spec.source_code, {}).get(iso3, ())
        if first_year <= year <= last_year
    ]
    if not points:
        return RawCell(None, None, None, f"no value in {first_year}-{last_year}")
    latest = points[-1][0]
    used = [value for year, value in points if year > latest - spec.years_averaged]
    raw = sum(used) / len(used)
    value = transform(spec, raw)
    note = "" if value is not None else f"{raw!r} cannot be transformed by {spec.transform}"
    return RawCell(raw, latest, value, note)


def partner_cell(
    data: MarketData, spec: IndicatorSpec, iso3: str, partners: Sequence[str]
) -> RawCell:
    links = [data.bilateral.get((partner, iso3)) for partner in partners]
    if not partners or any(link is None for link in links):
        return RawCell(None, None, None, "no CEPII distance data")
    present = [link for link in links if link is not None]
    if spec.code == "distance":
        raw = sum(link.distance_km for link in present) / len(present)
    else:
        raw = sum(link.common_language for link in present) / len(present)
    return RawCell(raw, None, transform(spec, raw))


def indicator_cell(
    data: MarketData,
    spec: IndicatorSpec,
    iso3: str,
    *,
    partners: Sequence[str],
    first_year: int,
    last_year: int,
) -> RawCell:
    if spec.needs_partners:
        return partner_cell(data, spec, iso3, partners)
    return wdi_cell(data, spec, iso3, first_year, last_year)
