"""Backups of the database and the stored files, and their restore.

One archive (``.tar.gz``) holds everything a site needs to come back:

- ``database.sqlite3`` (SQLite, copied with SQLite's online backup API, consistent while the site
  runs) or ``database.pgdump`` (PostgreSQL, ``pg_dump --format=custom``);
- ``files/``: the folder of stored files (uploaded documents, made exports);
- ``manifest.json``: when, which engine, the applied migrations, and the SHA-256 of every member,
  checked before anything is restored.

A restore refuses an archive whose checksums do not match, or whose database engine is not the
site's; it replaces the database and the stored files as a whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

FORMAT_VERSION = 1


class BackupError(Exception):
    """The archive cannot be made or restored; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    engine: str
    database_bytes: int
    files: int
    files_bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _walk(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.rglob("*") if p.is_file())


def _engine() -> str:
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.")
            % {"vendor": connection.vendor}
        )
    return connection.vendor


def _postgres_environment() -> tuple[list[str], dict[str, str]]:
    settings = connection.settings_dict
    arguments = ["--dbname", str(settings["NAME"])]
    if settings.get("HOST"):
        arguments += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        arguments += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        arguments += ["--username", str(settings["USER"])]
    environment = dict(os.environ)
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings["PASSWORD"])
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            _("%(program)s is not installed: install PostgreSQL's client tools.")
            % {"program": command[0]}
        )
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(output)s")
            % {"program": command[0], "output": result.stderr.strip()}
        )


def _dump_database(target: Path) -> None:
    connection.ensure_connection()
    if _engine() == "sqlite":
        source = connection.connection
        with sqlite3.connect(target) as copy:
            source.backup(copy)
        copy.close()
    else:
        arguments, environment = _postgres_environment()
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *arguments],
            environment,
        )


def create_backup(*, output: Path, files_dir: Path, now: dt.datetime) -> BackupSummary:
    """Write the archive to ``output`` (written beside it first, then moved into place)."""
    engine = _engine()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent) as work:
        staging = Path(work)
        database = staging / ("database.sqlite3" if engine == "sqlite" else "database.pgdump")
        _dump_database(database)
        members = {database.name: _sha256(database)}
        stored = list(_walk(files_dir))
        for path in stored:
            members[f"files/{path.relative_to(files_dir).as_posix()}"] = _sha256(path)
        applied = sorted(
            f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
        )
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "engine": engine,
            "migrations": applied,
            "members": members,
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = staging / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(staging / "manifest.json", arcname="manifest.json")
            archive.add(database, arcname=database.name)
            for path in stored:
                archive.add(path, arcname=f"files/{path.relative_to(files_dir).as_posix()}")
        summary = BackupSummary(
            path=output,
            engine=engine,
            database_bytes=database.stat().st_size,
            files=len(stored),
            files_bytes=sum(path.stat().st_size for path in stored),
        )
        os.replace(partial, output)
    return summary


def _read_manifest(folder: Path) -> dict[str, Any]:
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise BackupError(_("The archive has no manifest.json: it is not a crosscluster backup."))
    manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            _("Backup format %(found)r is not %(expected)s.")
            % {"found": manifest.get("format"), "expected": FORMAT_VERSION}
        )
    for name, digest in manifest["members"].items():
        member = folder / name
        if not member.is_file() or _sha256(member) != digest:
            raise BackupError(
                _("%(name)s is missing or damaged (checksum differs): nothing restored.")
                % {"name": name}
            )
    return manifest


def restore_backup(*, archive: Path, files_dir: Path) -> dict[str, Any]:
    """Replace the database and the stored files with the archive's; returns its manifest."""
    engine = _engine()
    if not archive.is_file():
        raise BackupError(_("%(archive)s does not exist.") % {"archive": archive})
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        with tarfile.open(archive, "r:gz") as opened:
            opened.extractall(folder, filter="data")
        manifest = _read_manifest(folder)
        if manifest["engine"] != engine:
            raise BackupError(
                _("The archive holds a %(found)s database; this site runs %(engine)s.")
                % {"found": manifest["engine"], "engine": engine}
            )
        if engine == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(folder / "database.sqlite3") as source:
                source.backup(connection.connection)
            source.close()
        else:
            connection.close()
            arguments, environment = _postgres_environment()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    *arguments,
                    str(folder / "database.pgdump"),
                ],
                environment,
            )
        restored = folder / "files"
        replaced = files_dir.with_name(files_dir.name + ".replaced")
        if files_dir.exists():
            if replaced.exists():
                shutil.rmtree(replaced)
            files_dir.rename(replaced)
        if restored.is_dir():
            shutil.copytree(restored, files_dir)
        else:
            files_dir.mkdir(parents=True, exist_ok=True)
        if replaced.exists():
            shutil.rmtree(replaced)
    return manifest
