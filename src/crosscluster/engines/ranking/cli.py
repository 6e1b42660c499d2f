"""``crosscluster markets ...``: rank priority markets from the shipped data or a matrix file.

    crosscluster markets rank --top N --json [--weights W.json] [--matrix M.csv --method topsis|wsm]
    crosscluster markets indicators [--json]

No database; the shipped data is found relative to the package. Errors are one line on stderr
(``error: M.csv line 5, column gdp: not a number ('n/a')``) and a non-zero exit status: 2 for a
bad command line, 1 for a bad input file or data.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from crosscluster.engines.ranking.data import load_country_names, load_market_data
from crosscluster.engines.ranking.indicators import (
    BY_CODE,
    CATALOGUE,
    DEFAULT_INDICATORS,
    PARTNER_INDICATORS,
)
from crosscluster.engines.ranking.inputs import read_matrix, read_weights
from crosscluster.engines.ranking.model import (
    METHODS,
    Alternative,
    DecisionMatrix,
    InputError,
    MarketRanking,
    ScreenedOut,
    Weights,
)
from crosscluster.engines.ranking.ranking import DEFAULT_TOP, rank_markets
from crosscluster.engines.ranking.report import ranking_to_dict
from crosscluster.engines.ranking.robustness import (
    DEFAULT_CONCENTRATION,
    DEFAULT_DRAWS,
    DEFAULT_SEED,
)
from crosscluster.engines.ranking.screens import (
    DEFAULT_FIRST_YEAR,
    DEFAULT_LAST_YEAR,
    DEFAULT_MAXIMUM_MISSING_WEIGHT,
    Screens,
    build_market_matrix,
)
from crosscluster.engines.ranking.weights import equal_weights
from crosscluster.engines.text import gettext, gettext_noop

RANK_DESCRIPTION = gettext_noop(
    "Rank countries as priority markets for a partnership: screens, then a weighted sum (wsm) or "
    "TOPSIS on min-max normalised indicators, Monte Carlo robustness of the top N (p_top), and "
    "what single-weight change would alter the top N. Data: World Bank WDI snapshot and CEPII "
    "GeoDist, shipped with the package (see `crosscluster markets indicators`), or your own "
    "--matrix."
)
WEIGHTS_TITLE = gettext_noop("W.json (--weights), one of:")
WEIGHTS_EXAMPLES = """\
  {"gdp": 2, "income": 1, "distance": 1}
  {"weights": {"gdp": 2, "income": 1}}
  {"ahp": {"criteria": ["gdp", "income", "distance"],
           "partners": {"FR": [[1, 3, 5], ["1/3", 1, 2], ["1/5", "1/2", 1]],
                        "DE": [[1, 2, 4], ["1/2", 1, 2], ["1/4", "1/2", 1]]}}}"""
WEIGHTS_TEXT = gettext_noop(
    "The first two are direct weights on any positive scale, normalised to sum 1; 0 leaves a "
    "criterion out. AHP: matrix[i][j] = importance of criterion i over j on Saaty's 1-9 scale "
    "(reciprocal, 1 on the diagonal). Each partner's weights come from the principal "
    "eigenvector with its consistency ratio (warning above 0.1); partners are combined by the "
    "element-wise geometric mean of their matrices. Only the criteria named are used. Without "
    "--weights: equal weights on the default indicators (distance and common language only "
    "with --partners)."
)
MATRIX_TITLE = gettext_noop("M.csv (--matrix), instead of the shipped indicators:")
MATRIX_EXAMPLE = """\
  iso3,gdp,distance
  type,benefit,cost
  USA,27.4,7400
  JPN,4.2,9700"""
MATRIX_TEXT = gettext_noop(
    'First column iso3 (any unique code), a header row of criteria, a "type" row with benefit '
    "or cost per criterion, then one number per cell. Only --exclude applies as a screen."
)
OUTPUT_SHAPE = (
    '{"ranking": [{"iso3", "name", "score", "rank", "p_top", "contributions": {indicator: '
    'part of the score}, ...}], "weights": {...}, "data": {"source", "vintage", ...}, '
    '"what_would_change": {...}, "screened_out": [...], "warnings": [...]}'
)
OUTPUT_TEXT = gettext_noop(
    "Output (--json): %(shape)s. The ranking lists every ranked market, best first; p_top is "
    "the share of Monte Carlo draws in which it is in the top N."
)
HELP_WIDTH = 94


def _paragraph(text: str, indent: str = "") -> str:
    return textwrap.fill(text, width=HELP_WIDTH, initial_indent=indent, subsequent_indent=indent)


def rank_description() -> str:
    return _paragraph(gettext(RANK_DESCRIPTION))


def rank_epilog() -> str:
    """The formats of W.json and M.csv and the output, in the terminal's language (the
    examples as they are written)."""
    return "\n".join(
        [
            gettext(WEIGHTS_TITLE),
            WEIGHTS_EXAMPLES,
            _paragraph(gettext(WEIGHTS_TEXT), "    "),
            "",
            gettext(MATRIX_TITLE),
            MATRIX_EXAMPLE,
            _paragraph(gettext(MATRIX_TEXT), "    "),
            "",
            _paragraph(gettext(OUTPUT_TEXT) % {"shape": OUTPUT_SHAPE}),
        ]
    )


class CommandError(Exception):
    """A bad command line (exit status 2)."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CommandError(message)


def build_parser() -> Parser:
    parser = Parser(prog="crosscluster markets", description=gettext("Priority markets."))
    commands = parser.add_subparsers(dest="command", parser_class=Parser)
    rank = commands.add_parser(
        "rank",
        description=rank_description(),
        epilog=rank_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help=gettext("rank countries (or the rows of --matrix)"),
    )
    rank.add_argument(
        "--top",
        type=int,
        default=DEFAULT_TOP,
        metavar="N",
        help=gettext("size of the top group for p_top and what-would-change (default %(default)s)"),
    )
    rank.add_argument("--json", action="store_true", help=gettext("print the result as JSON"))
    rank.add_argument(
        "--weights", type=Path, metavar="W.json", help=gettext("weights or AHP comparisons")
    )
    rank.add_argument(
        "--matrix", type=Path, metavar="M.csv", help=gettext("rank this matrix instead")
    )
    rank.add_argument(
        "--method", choices=METHODS, default="wsm", help=gettext("wsm (default) or topsis")
    )
    rank.add_argument(
        "--partners",
        metavar="FR,DE,...",
        help=gettext("the partners' EU countries (ISO2 or ISO3) for distance and language"),
    )
    rank.add_argument(
        "--outside-europe",
        action="store_true",
        help=gettext("screen out European countries (programmes targeting markets beyond Europe)"),
    )
    rank.add_argument("--exclude", metavar="ISO3,...", help=gettext("countries to leave out"))
    rank.add_argument(
        "--min-gdp",
        type=float,
        metavar="USD_BN",
        help=gettext("minimum GDP in US$ billions (latest in the window)"),
    )
    rank.add_argument(
        "--window",
        metavar="FIRST-LAST",
        help=gettext("years to take values from (default %(first)s-%(last)s)")
        % {"first": DEFAULT_FIRST_YEAR, "last": DEFAULT_LAST_YEAR},
    )
    rank.add_argument(
        "--max-missing",
        type=float,
        metavar="SHARE",
        help=gettext(
            "screen out a country whose missing indicators carry more than this share of the "
            "weight (default %(share)s)"
        )
        % {"share": DEFAULT_MAXIMUM_MISSING_WEIGHT},
    )
    rank.add_argument(
        "--draws",
        type=int,
        default=DEFAULT_DRAWS,
        help=gettext("Monte Carlo draws (default %(default)s)"),
    )
    rank.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=gettext("random seed (default %(default)s)")
    )
    rank.add_argument(
        "--concentration",
        type=float,
        default=DEFAULT_CONCENTRATION,
        help=gettext(
            "Dirichlet concentration around the weights; lower = more uncertainty "
            "(default %(default)g)"
        ),
    )
    indicators = commands.add_parser(
        "indicators",
        help=gettext("list the shipped indicators"),
        description=gettext("The indicator catalogue."),
    )
    indicators.add_argument("--json", action="store_true", help=gettext("print as JSON"))
    return parser  # fmt: skip


def _codes(text: str | None) -> list[str]:
    if not text:
        return []
    return [code.strip().upper() for code in text.split(",") if code.strip()]


def _window(text: str | None) -> tuple[int, int]:
    if text is None:
        return DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR
    first, separator, last = text.partition("-")
    if not separator or not first.strip().isdigit() or not last.strip().isdigit():
        raise CommandError(
            f"argument --window: expected FIRST-LAST years like 2015-2025, got {text!r}"
        )
    return int(first), int(last)


def _shown(path: Path) -> str:
    return str(path)


def _matrix_input(args: argparse.Namespace) -> tuple[DecisionMatrix, Weights]:
    for flag, value in (
        ("--partners", args.partners),
        ("--outside-europe", args.outside_europe or None),
        ("--min-gdp", args.min_gdp),
        ("--window", args.window),
        ("--max-missing", args.max_missing),
    ):
        if value is not None:
            raise CommandError(
                f"argument {flag}: applies to the shipped indicators, not to --matrix"
            )
    matrix = read_matrix(args.matrix, _shown(args.matrix), load_country_names())
    if args.weights is not None:
        weights = read_weights(args.weights, _shown(args.weights))
        for code in weights.criteria:
            if code not in matrix.codes:
                raise InputError(
                    f"{_shown(args.weights)} {code}: not a criterion of {_shown(args.matrix)} "
                    f"(criteria: {', '.join(matrix.codes)})"
                )
        kept = [matrix.codes.index(code) for code in weights.criteria]
    else:
        weights = equal_weights(matrix.codes)
        kept = list(range(len(matrix.codes)))
    excluded = set(_codes(args.exclude))
    warnings = [
        f"exclusion {code}: not a row of the matrix"
        for code in sorted(excluded - {a.iso3 for a in matrix.alternatives})
    ]
    alternatives = tuple(
        Alternative(
            iso3=alternative.iso3,
            name=alternative.name,
            cells=tuple(alternative.cells[index] for index in kept),
        )
        for alternative in matrix.alternatives
        if alternative.iso3 not in excluded
    )
    if not alternatives:
        raise InputError(f"{_shown(args.matrix)}: every row is excluded")
    return (
        DecisionMatrix(
            criteria=tuple(matrix.criteria[index] for index in kept),
            alternatives=alternatives,
            screened_out=tuple(
                ScreenedOut(
                    alternative.iso3,
                    alternative.name,
                    ("excluded by the user",),
                    ({"code": "excluded"},),
                )
                for alternative in matrix.alternatives
                if alternative.iso3 in excluded
            ),
            missing_rule=matrix.missing_rule,
            source=matrix.source,
            vintage=matrix.vintage,
            warnings=tuple(warnings),
        ),
        weights,
    )


def _shipped_input(args: argparse.Namespace) -> tuple[DecisionMatrix, Weights]:
    partners = _codes(args.partners)
    extra_warnings: list[str] = []
    if args.weights is not None:
        weights = read_weights(args.weights, _shown(args.weights))
        for code in weights.criteria:
            if code not in BY_CODE:
                raise InputError(
                    f"{_shown(args.weights)} {code}: unknown indicator "
                    f"(known: {', '.join(BY_CODE)}; see `crosscluster markets indicators`)"
                )
            if code in PARTNER_INDICATORS and not partners:
                raise InputError(
                    f"{_shown(args.weights)} {code}: needs the partners' countries (--partners FR,DE,...)"
                )
    else:
        codes = [code for code in DEFAULT_INDICATORS if partners or code not in PARTNER_INDICATORS]
        if not partners:
            extra_warnings.append(
                "no --partners: distance and common language are left out of the default indicators"
            )
        weights = equal_weights(codes)
    first_year, last_year = _window(args.window)
    screens = Screens(
        outside_europe=args.outside_europe,
        exclude=frozenset(_codes(args.exclude)),
        minimum_gdp_usd=(args.min_gdp or 0.0) * 1e9,
        maximum_missing_weight=(
            DEFAULT_MAXIMUM_MISSING_WEIGHT if args.max_missing is None else args.max_missing
        ),
        first_year=first_year,
        last_year=last_year,
    )
    matrix = build_market_matrix(
        load_market_data(), weights=weights, partners=partners, screens=screens
    )
    if extra_warnings:
        matrix = DecisionMatrix(
            criteria=matrix.criteria,
            alternatives=matrix.alternatives,
            screened_out=matrix.screened_out,
            missing_rule=matrix.missing_rule,
            source=matrix.source,
            vintage=matrix.vintage,
            warnings=(*extra_warnings, *matrix.warnings),
        )
    return matrix, weights


def run_rank(args: argparse.Namespace) -> MarketRanking:
    if args.top < 1:
        raise CommandError(f"argument --top: must be at least 1, got {args.top}")
    if args.draws < 1:
        raise CommandError(f"argument --draws: must be at least 1, got {args.draws}")
    if not args.concentration > 0:
        raise CommandError(f"argument --concentration: must be positive, got {args.concentration}")
    matrix, weights = _matrix_input(args) if args.matrix is not None else _shipped_input(args)
    return rank_markets(
        matrix,
        weights,
        method=args.method,
        top=args.top,
        draws=args.draws,
        seed=args.seed,
        concentration=args.concentration,
    )


def format_text(ranking: MarketRanking) -> str:
    lines = [
        f"Priority markets ({ranking.method}, {len(ranking.markets)} ranked, "
        f"{len(ranking.screened_out)} screened out; weights: {ranking.weights.basis})",
        "",
        f"{'rank':>4}  {'iso3':<4}  {'name':<28} {'score':>7} {'p_top':>6}",
    ]
    for market in ranking.markets[: max(ranking.top, 10)]:
        lines.append(
            f"{market.rank:>4}  {market.iso3:<4}  {market.name[:28]:<28} "
            f"{market.score:>7.4f} {market.p_top:>6.2f}"
        )
    lines += ["", f"Why the top {ranking.top}:"]
    lines += [f"  {market.name}: {market.explanation}" for market in ranking.markets[: ranking.top]]
    lines += ["", f"What would change the top {ranking.top}:"]
    lines += [f"  {place.explanation}" for place in ranking.changes.holders]
    if ranking.changes.challenger is not None:
        lines.append(f"  {ranking.changes.challenger.explanation}")
    lines += ["", f"Source: {ranking.source}", f"Vintage: {ranking.vintage}"]
    lines += [f"Warning: {warning}" for warning in ranking.warnings]
    return "\n".join(lines) + "\n"


def format_indicators(as_json: bool) -> str:
    if as_json:
        return (
            json.dumps(
                [
                    {
                        "code": spec.code,
                        "label": spec.label,
                        "pillar": spec.pillar,
                        "source": spec.source,
                        "source_code": spec.source_code,
                        "unit": spec.unit,
                        "direction": spec.direction,
                        "transform": spec.describe_transform(),
                        "default": spec.default,
                        "note": spec.note,
                    }
                    for spec in CATALOGUE
                ],
                indent=2,
            )
            + "\n"
        )
    lines = [
        f"{'code':<32}{'default':<9}{'direction':<10}{'source':<34}label",
    ]
    for spec in CATALOGUE:
        lines.append(
            f"{spec.code:<32}{'yes' if spec.default else '':<9}{spec.direction:<10}"
            f"{spec.source + ' ' + spec.source_code:<34}{spec.label} ({spec.unit}; {spec.describe_transform()})"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> int:
    """Entry point: ``argv[0]`` is ``markets`` (as dispatched by ``crosscluster``)."""
    arguments = list(argv[1:]) if argv and argv[0] == "markets" else list(argv)
    parser = build_parser()
    try:
        if not arguments or arguments[0] in {"-h", "--help"}:
            sys.stdout.write(parser.format_help())
            return 0
        args = parser.parse_args(arguments)
        if args.command == "indicators":
            sys.stdout.write(format_indicators(args.json))
            return 0
        ranking = run_rank(args)
    except SystemExit as exit_:  # argparse's --help
        return exit_.code if isinstance(exit_.code, int) else 0
    except CommandError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    except InputError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    text = (
        json.dumps(ranking_to_dict(ranking), indent=2, ensure_ascii=False) + "\n"
        if args.json
        else format_text(ranking)
    )
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    return 0
