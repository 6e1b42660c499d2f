"""Reading an uploaded file into a table of text cells: CSV (``csv``), XLSX (openpyxl) or the
official CORDIS exports: organisations (``organization.json``) and projects (``project.json``).
Pure: no ORM, no settings.

The format is judged by the bytes (a ZIP is XLSX, a JSON list is CORDIS: projects when its records
have a project's ``id``, ``acronym`` and ``startDate`` and no ``organisationID``, else
organisations; anything else is read as CSV), never by the file's name.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_noop
from openpyxl import load_workbook

from crosscluster.core import stored_text

MAX_BYTES = 50 * 1024 * 1024
NOT_TEXT = gettext_noop("The file is not text: save it as CSV (UTF-8) or XLSX.")
NOT_XLSX = gettext_noop("The file is not a readable XLSX workbook: save it again as XLSX or CSV.")
TOO_LARGE = gettext_noop("The file is larger than %(megabytes)s MB: split it into smaller files.")
MAX_ROWS = 200_000
CSV, XLSX, CORDIS, CORDIS_PROJECTS = "csv", "xlsx", "cordis", "projects"
#: a CORDIS projects file's columns (its records' keys) the import reads
PROJECT_COLUMNS = ["id", "acronym", "title", "startDate", "endDate", "contentUpdateDate"]

#: header words that name a field (compared lower case and without accents, with ``_`` and ``-``
#: as spaces)
COLUMN_WORDS = {
    "name": (
        "name",
        "organisation",
        "organization",
        "organisation name",
        "organization name",
        "legal name",
        "company",
        "company name",
    ),
    "kind": ("kind", "type", "organisation type", "organization type", "category"),
    "country": ("country", "country code", "iso2", "country iso"),
    "nuts_region": ("nuts", "nuts region", "nuts code", "region code", "nuts2"),
    "city": ("city", "town", "locality"),
    "website": ("website", "web", "url", "web site", "homepage", "site"),
    "description": ("description", "about", "profile", "activities"),
    "size": ("size", "company size", "staff size"),
    "source_reference": ("source reference", "reference", "pic", "id"),
    # taxonomy tags (``directory.services.import_tags``): English, pt, es, fr, it, de, sv
    "technologies": (
        "technologies",
        "technology",
        "tecnologias",
        "tecnologia",
        "technologie",
        "tecnologie",
        "technologien",
        "teknologier",
        "teknologi",
    ),
    "sectors": (
        "sectors",
        "sector",
        "setores",
        "setor",
        "sectores",
        "secteurs",
        "secteur",
        "settori",
        "settore",
        "sektoren",
        "sektor",
        "branchen",
        "branche",
        "sektorer",
        "branscher",
        "bransch",
    ),
    "services": (
        "services",
        "service",
        "servicos",
        "servico",
        "servicios",
        "servicio",
        "servizi",
        "servizio",
        "dienstleistungen",
        "dienstleistung",
        "dienste",
        "tjanster",
        "tjanst",
    ),
}

#: CORDIS legal entity types
CORDIS_TYPES = {
    "HES": "Higher or secondary education establishment",
    "REC": "Research organisation",
    "PUB": "Public body (excluding research and education)",
    "PRC": "Private for-profit entity (excluding education)",
    "OTH": "Other",
}


class UnreadableFileError(stored_text.StoredMessageError):
    """The file cannot be read as a table: the message says why and what to do.

    It keeps the catalogue string (marked with ``gettext_noop``) and its values, so that the
    upload words it in the requester's language (``.worded()``) and the worker stores it for
    its reader (``.stored``); ``str()`` is the English sentence (logs)."""


@dataclass(frozen=True)
class Table:
    file_format: str
    columns: list[str]
    #: (row number as a spreadsheet shows it, cells by column name)
    rows: list[tuple[int, dict[str, str]]]
    #: what a column means when the format fixes it (CORDIS): field -> column
    fixed_mapping: dict[str, str] | None = None
    #: the data's date, for the organisations' source vintage (CORDIS: latest update)
    vintage: str = ""
    #: CORDIS: every participation of the export, (project id, project acronym, PIC)
    participations: tuple[tuple[str, str, str], ...] = ()


def _header_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", re.sub(r"[_\-]+", " ", text))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def suggest_mapping(columns: list[str]) -> dict[str, str]:
    """Field -> the first column whose header names it (exact words only)."""
    mapping: dict[str, str] = {}
    for field, words in COLUMN_WORDS.items():
        found = next(
            (c for c in columns if _header_key(c) in words and c not in mapping.values()), None
        )
        if found is not None:
            mapping.update({field: found})  # (no item assignment: this module only reads XLSX)
    return mapping


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _named_columns(header: list[str]) -> list[str]:
    columns: list[str] = []
    for index, name in enumerate(header, start=1):
        name = name.strip() or f"column {index}"
        if name in columns:
            raise UnreadableFileError(
                gettext_noop("The header names the column %(name)r twice: rename one of them."),
                name=name,
            )
        columns.append(name)
    return columns


def _table(file_format: str, records: list[list[str]]) -> Table:
    if not records or not any(cell for cell in records[0]):
        raise UnreadableFileError(
            gettext_noop("The file is empty: the first row must name the columns.")
        )
    columns = _named_columns(records[0])
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(record):
            continue
        if len(record) > len(columns) and any(record[len(columns) :]):
            raise UnreadableFileError(
                gettext_noop(
                    "Row %(row)s has %(cells)s cells but the header names %(columns)s "
                    "columns: name every column in the first row."
                ),
                row=number,
                cells=len(record),
                columns=len(columns),
            )
        rows.append((number, dict(zip(columns, record + [""] * len(columns), strict=False))))
        if len(rows) > MAX_ROWS:
            raise UnreadableFileError(
                gettext_noop("The file has more than %(rows)s rows: split it."), rows=MAX_ROWS
            )
    return Table(file_format=file_format, columns=columns, rows=rows)


def _read_csv(content: bytes) -> Table:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise UnreadableFileError(NOT_TEXT)
    if "\x00" in text:
        raise UnreadableFileError(NOT_TEXT)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:20_000], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    try:
        records = [list(record) for record in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as error:
        raise UnreadableFileError(
            gettext_noop("The CSV cannot be read (%(error)s): save it again as CSV."),
            error=str(error),
        ) from error
    return _table(CSV, [[cell.strip() for cell in record] for record in records])


def _read_xlsx(content: bytes) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFileError(NOT_XLSX) from error
    try:
        sheet = workbook.worksheets[0]
        records = [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    while records and records[0] and not records[0][-1]:
        # trailing empty header cells of a sheet that was once wider
        width = max((index + 1 for index, cell in enumerate(records[0]) if cell), default=0)
        records = [record[:width] for record in records]
    return _table(XLSX, records)


def _cordis_kind(entity_type: str, sme: object) -> str:
    """The directory's kind for a CORDIS legal entity type and SME flag (as the demo loads
    CORDIS: a company whose SME flag is not stated is "other")."""
    if entity_type in {"HES", "REC"}:
        return "research"
    if entity_type == "PUB":
        return "public_authority"
    if entity_type == "PRC" and isinstance(sme, bool):
        return "sme" if sme else "large_company"
    return "other"


def _read_cordis(records: object) -> Table:
    """``organization.json`` of the CORDIS projects export: one record per participation; one
    row per organisation (its PIC), from its latest record."""
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise UnreadableFileError(
            gettext_noop(
                "This JSON is not a CORDIS organisation export (organization.json, a list of "
                "participations) nor a CORDIS projects file (project.json): upload one of "
                "those, or a CSV or XLSX."
            )
        )
    needed = {"organisationID", "name", "country"}
    latest: dict[str, tuple[int, dict[str, object]]] = {}
    projects: dict[str, set[str]] = {}
    participations: set[tuple[str, str, str]] = set()
    for index, record in enumerate(records):
        missing = needed - set(record)
        if missing:
            raise UnreadableFileError(
                gettext_noop(
                    "Record %(record)s of the JSON has no %(fields)s: this is not a CORDIS "
                    "organisation export (organization.json) nor a CORDIS projects file "
                    "(project.json, whose records have an id, acronym and startDate)."
                ),
                record=index + 1,
                fields=", ".join(sorted(missing)),
            )
        pic = _cell(record["organisationID"])
        projects.setdefault(pic, set()).add(_cell(record.get("projectAcronym")))
        project_id = _cell(record.get("projectID"))
        if project_id and pic:
            participations.add((project_id, _cell(record.get("projectAcronym")), pic))
        kept = latest.get(pic)
        if kept is None or _cell(record.get("contentUpdateDate")) > _cell(
            kept[1].get("contentUpdateDate")
        ):
            latest.update({pic: (index, record)})
    columns = [
        "organisationID",
        "name",
        "activityType",
        "SME",
        "country",
        "city",
        "organizationURL",
        "description",
    ]
    rows = []
    vintage = ""
    for pic, (index, record) in sorted(latest.items(), key=lambda item: item[1][0]):
        entity_type = _cell(record.get("activityType")).split(";")[0]
        sme = record.get("SME")
        sentences = [
            f"{CORDIS_TYPES.get(entity_type, 'Type not stated')} (CORDIS legal entity type "
            f"{entity_type or 'not stated'})."
        ]
        if isinstance(sme, bool):
            sentences.append("Declared an SME in CORDIS." if sme else "Not an SME in CORDIS.")
        acronyms = sorted(acronym for acronym in projects[pic] if acronym)
        if acronyms:
            sentences.append(f"Projects in this export: {', '.join(acronyms)}.")
        updated = _cell(record.get("contentUpdateDate"))[:10]
        vintage = max(vintage, updated)
        rows.append(
            (
                index + 1,
                {
                    "organisationID": pic,
                    "name": _cell(record["name"]),
                    "activityType": _cordis_kind(entity_type, sme),
                    "SME": "" if not isinstance(sme, bool) else ("true" if sme else "false"),
                    "country": _cell(record["country"]),
                    "city": _cell(record.get("city")),
                    "organizationURL": _cell(record.get("organizationURL")),
                    "description": " ".join(sentences),
                },
            )
        )
    mapping = {
        "source_reference": "organisationID",
        "name": "name",
        "kind": "activityType",
        "country": "country",
        "city": "city",
        "website": "organizationURL",
        "description": "description",
    }
    return Table(
        file_format=CORDIS,
        columns=columns,
        rows=rows,
        fixed_mapping=mapping,
        vintage=f"CORDIS export of {vintage}" if vintage else "CORDIS export",
        participations=tuple(sorted(participations)),
    )


def _is_projects_file(records: object) -> bool:
    return (
        isinstance(records, list)
        and bool(records)
        and isinstance(records[0], dict)
        and "organisationID" not in records[0]
        and {"id", "acronym", "startDate"} <= set(records[0])
    )


def _read_cordis_projects(records: list[object]) -> Table:
    """``project.json`` of the CORDIS projects export: one row per record (its position is the
    row's number), its cells as text; the import checks each row (``jobs``)."""
    rows = []
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise UnreadableFileError(
                gettext_noop(
                    "Record %(record)s of the JSON is not a project: this is not a CORDIS "
                    "projects file (project.json)."
                ),
                record=index + 1,
            )
        rows.append((index + 1, {column: _cell(record.get(column)) for column in PROJECT_COLUMNS}))
        if len(rows) > MAX_ROWS:
            raise UnreadableFileError(
                gettext_noop("The file has more than %(rows)s rows: split it."), rows=MAX_ROWS
            )
    updated = max((cells["contentUpdateDate"][:10] for _, cells in rows), default="")
    return Table(
        file_format=CORDIS_PROJECTS,
        columns=list(PROJECT_COLUMNS),
        rows=rows,
        fixed_mapping={
            "project_id": "id",
            "acronym": "acronym",
            "title": "title",
            "start_date": "startDate",
            "end_date": "endDate",
        },
        vintage=f"CORDIS export of {updated}" if updated else "CORDIS export",
    )


def read_header(content: bytes) -> Table:
    """The file's format and columns (and a CORDIS export's fixed mapping) without reading every
    row of a CSV or XLSX: what the upload request needs; the rows are read by the worker."""
    _check_size(content)
    if content.startswith(b"PK\x03\x04"):
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise UnreadableFileError(NOT_XLSX) from error
        try:
            sheet = workbook.worksheets[0]
            first = next(sheet.iter_rows(max_row=1, values_only=True), ())
        finally:
            workbook.close()
        header = [_cell(value) for value in first]
        while header and not header[-1]:
            header.pop()
        return _table(XLSX, [header])
    if _is_json(content):
        return read_table(content)
    head = content[:65_536]
    cut = head.rfind(b"\n")
    table = _read_csv(head[: cut + 1] if cut > 0 and len(content) > len(head) else head)
    return Table(file_format=CSV, columns=table.columns, rows=[])


def _is_json(content: bytes) -> bool:
    return content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{")


def _check_size(content: bytes) -> None:
    if not content.strip():
        raise UnreadableFileError(
            gettext_noop("The file is empty: the first row must name the columns.")
        )
    if len(content) > MAX_BYTES:
        raise UnreadableFileError(TOO_LARGE, megabytes=MAX_BYTES // (1024 * 1024))


def read_table(content: bytes) -> Table:
    """The file as a table, or ``UnreadableFileError`` saying why it cannot be read."""
    _check_size(content)
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
    if _is_json(content):
        try:
            records = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise UnreadableFileError(
                gettext_noop("The JSON cannot be read (%(error)s)."), error=str(error)
            ) from error
        if _is_projects_file(records):
            return _read_cordis_projects(records)
        return _read_cordis(records)
    return _read_csv(content)
