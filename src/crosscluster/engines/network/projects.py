"""Reading the ``--projects`` file: one row per (project_id, start_date, organisation_id[, country,
activity_type]), CSV with a header row, optionally gzip-compressed (``.gz``)."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path

from crosscluster.engines.network.model import Participation

REQUIRED = ("project_id", "start_date", "organisation_id")


class ProjectsFileError(ValueError):
    """A bad projects file: the message names the file, the line and the column."""


def _open(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def read_participations(path: Path) -> Iterator[Participation]:
    """The participations in ``path``; ``ProjectsFileError`` at the first bad row."""
    try:
        handle = _open(path)
    except OSError as error:
        raise ProjectsFileError(f"{path}: cannot read ({error.strerror})") from error
    with handle:
        reader = csv.DictReader(handle)
        missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
        if missing:
            raise ProjectsFileError(
                f"{path} line 1: missing column(s) {', '.join(missing)} "
                f"(the header must name {', '.join(REQUIRED)}[, country, activity_type])"
            )
        for line, row in enumerate(reader, start=2):
            for column in REQUIRED:
                if not (row.get(column) or "").strip():
                    raise ProjectsFileError(f"{path} line {line}, column {column}: empty")
            start = row["start_date"].strip()
            year_text = start[:4]
            if not year_text.isdigit() or (len(start) > 4 and start[4] != "-"):
                raise ProjectsFileError(
                    f"{path} line {line}, column start_date: not a date ({start!r}); "
                    "write YYYY-MM-DD or YYYY"
                )
            yield Participation(
                project_id=row["project_id"].strip(),
                organisation_id=row["organisation_id"].strip(),
                year=int(year_text),
                country=(row.get("country") or "").strip(),
                activity_type=(row.get("activity_type") or "").strip(),
            )
