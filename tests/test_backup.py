"""Backup and restore: a round trip brings back every row and stored file."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from crosscluster.accounts.models import User
from crosscluster.partnerships.models import Partnership
from tests.cast import Cast

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def files_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / "private-media"
    (folder / "documents" / "2026").mkdir(parents=True)
    (folder / "documents" / "2026" / "minutes.pdf").write_bytes(b"%PDF-1.7 minutes")
    (folder / "exports").mkdir()
    (folder / "exports" / "jis.docx").write_bytes(b"PK docx bytes")
    settings.MEDIA_ROOT = folder
    return folder


def test_a_restore_brings_back_every_row_and_file(
    cast: Cast, files_dir: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "backups" / "site.tar.gz"
    out = io.StringIO()
    call_command("backup", output=archive, stdout=out)
    assert "database 0 bytes" not in out.getvalue()
    assert "2 files 29 bytes" in out.getvalue()
    users_before = sorted(User.objects.values_list("email", flat=True))

    # Life goes on after the backup: rows change, files come and go.
    Partnership.objects.filter(pk=cast.partnership.pk).update(name="Renamed after the backup")
    User.objects.filter(pk=cast.outsider.pk).delete()
    (files_dir / "documents" / "2026" / "minutes.pdf").unlink()
    (files_dir / "late.txt").write_text("written after the backup")

    call_command("restore", str(archive), yes=True)

    assert Partnership.objects.get(pk=cast.partnership.pk).name == cast.partnership.name
    assert sorted(User.objects.values_list("email", flat=True)) == users_before
    assert (files_dir / "documents" / "2026" / "minutes.pdf").read_bytes() == b"%PDF-1.7 minutes"
    assert (files_dir / "exports" / "jis.docx").read_bytes() == b"PK docx bytes"
    assert not (files_dir / "late.txt").exists()


def test_a_damaged_archive_is_refused_and_nothing_changes(
    cast: Cast, files_dir: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=archive)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member)
            if member.name == "files/exports/jis.docx":
                payload = b"tampered"
                member.size = len(payload)
                target.addfile(member, io.BytesIO(payload))
            else:
                target.addfile(member, data)
    Partnership.objects.filter(pk=cast.partnership.pk).update(name="Kept")

    with pytest.raises(CommandError, match=r"files/exports/jis\.docx is missing or damaged"):
        call_command("restore", str(damaged), yes=True)
    assert Partnership.objects.get(pk=cast.partnership.pk).name == "Kept"
    assert (files_dir / "exports" / "jis.docx").read_bytes() == b"PK docx bytes"


def test_restore_asks_before_replacing_the_data(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="add --yes"):
        call_command("restore", str(tmp_path / "x.tar.gz"))
