"""``crosscluster network suggest --projects P.csv --until YEAR --top K [--method M]``

Reads P.csv (one row per project_id, start_date, organisation_id[, country, activity_type]; a
header row; ``.gz`` allowed), learns the collaboration graph of the projects that started up to
YEAR, and prints one JSON line per organisation active up to YEAR (in id order):

    {"organisation_id": "...", "suggestions": [{"organisation_id": "...", "score": 0.42,
      "reasons": ["has worked with 2 of your partners: A, B", ...]}]}

best first, K each. No database and no data of its own. Errors are one line on stderr and a
non-zero exit status: 2 for a bad command line, 1 for a bad input file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from crosscluster.engines.network.projects import ProjectsFileError, read_participations
from crosscluster.engines.network.suggest import (
    METHODS,
    graph_from_participations,
    suggest_partners,
)
from crosscluster.engines.text import gettext, gettext_noop

SUGGEST_DESCRIPTION = gettext_noop(
    "Reads P.csv (one row per project_id, start_date, organisation_id[, country, "
    "activity_type]; a header row; .gz allowed), learns the collaboration graph of the projects "
    "that started up to YEAR, and prints one JSON line per organisation active up to YEAR (in id "
    "order), with its K best suggestions and their reasons."
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crosscluster network",
        description=gettext("Collaboration network on files (no database)."),
    )
    commands = parser.add_subparsers(dest="command", required=True)
    suggest = commands.add_parser(
        "suggest",
        help=gettext("suggest new partners from past joint projects"),
        description=gettext(SUGGEST_DESCRIPTION),
    )
    suggest.add_argument("--projects", type=Path, required=True, help=gettext("P.csv (or .csv.gz)"))
    suggest.add_argument(
        "--until",
        type=int,
        required=True,
        help=gettext("learn from projects started up to this year"),
    )
    suggest.add_argument(
        "--top",
        type=int,
        default=10,
        help=gettext("suggestions per organisation (default %(default)s)"),
    )
    suggest.add_argument(
        "--method",
        choices=METHODS,
        default="structural",
        help=gettext(
            "how candidates are scored (default %(default)s; the others are the baselines)"
        ),
    )
    return parser


def main(argv: list[str]) -> int:
    arguments = _parser().parse_args(argv[1:] if argv and argv[0] == "network" else argv)
    if arguments.top < 1:
        sys.stderr.write("error: --top must be at least 1\n")
        return 2
    try:
        participations = [
            row for row in read_participations(arguments.projects) if row.year <= arguments.until
        ]
    except ProjectsFileError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    graph = graph_from_participations(participations)
    active = sorted({row.organisation_id for row in participations})
    results = suggest_partners(graph, active, top=arguments.top, method=arguments.method)
    write = sys.stdout.write
    for result in results:
        line = {
            "organisation_id": result.organisation_id,
            "suggestions": [
                {
                    "organisation_id": suggestion.organisation_id,
                    "score": suggestion.score,
                    "reasons": list(suggestion.reasons),
                }
                for suggestion in result.suggestions
            ],
        }
        write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0
