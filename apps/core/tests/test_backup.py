"""Backups: a full round trip through the real pg_dump/pg_restore, and archives that must be refused.

The tests back up this worker's own test database and restore into it (transactional tests:
the data is committed, so pg_dump sees it); other workers use other databases.
"""

import io
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connection

from apps.core.backup import (
    BackupError,
    backup_create,
    backup_restore,
    database_table_counts,
    media_checksums,
    read_manifest,
)
from apps.pairs.models import Pair
from apps.pairs.services import pair_delete
from apps.pairs.tests.factories import make_pair
from apps.schools.models import School
from apps.schools.tests.factories import SchoolFactory

# pg_dump reads committed data only; each transactional test costs a flush (seconds), hence few tests.
transactional = pytest.mark.django_db(transaction=True)

PDF = "%PDF-1.4 приказ о закреплении наставников".encode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("documents/orders/prikaz-1.pdf", ContentFile(PDF))
    default_storage.save("public/news/1/photo.jpg", ContentFile(b"\xff\xd8\xff" + bytes(range(256)) * 40))
    return settings.MEDIA_ROOT


@pytest.fixture
def data(standard_data, media):
    return make_pair()


@pytest.fixture
def archive(data, tmp_path):
    return backup_create(output=tmp_path / "copy.tar").path


@transactional
def test_round_trip_restores_every_table_and_file(data, media, tmp_path):
    out = io.StringIO()
    call_command("backup", "-o", f"{tmp_path}/backups/", stdout=out)
    [path] = (tmp_path / "backups").glob("backup-*.tar")
    assert f"Резервная копия записана в {path}" in out.getvalue()
    assert path.stat().st_mode & 0o777 == 0o600  # personal data: the owner's alone, whatever the umask
    rows_before, files_before = database_table_counts(), media_checksums(media)
    manifest = read_manifest(path)
    assert manifest["database"]["tables"] == rows_before
    assert manifest["database"]["tables"]["pairs_pair"] == 1
    assert {name: f["sha256"] for name, f in manifest["media"]["files"].items()} == {
        name: f["sha256"] for name, f in files_before.items()
    }
    assert "0001_initial" in manifest["migrations"]["pairs"]
    with tarfile.open(path) as tar:
        assert {"manifest.json", "database.dump", "media/documents/orders/prikaz-1.pdf"} <= set(tar.getnames())

    # Everything changes after the copy: a pair deleted, a school added, files changed, gone and new.
    pair_pk = data.pk
    pair_delete(pair=data)
    school = SchoolFactory()
    (media / "documents/orders/prikaz-1.pdf").write_bytes("другой файл".encode())
    (media / "public/news/1/photo.jpg").unlink()
    default_storage.save("documents/orders/new.pdf", ContentFile(b"new"))
    assert database_table_counts() != rows_before

    # Without --yes a database with data is left alone.
    with pytest.raises(CommandError, match=r"В базе данных «.+» уже есть данные .+ повторите команду с ключом --yes"):
        call_command("restore", str(path))
    assert School.objects.filter(pk=school.pk).exists()

    out = io.StringIO()
    call_command("restore", str(path), "--yes", stdout=out)

    assert database_table_counts() == rows_before
    assert media_checksums(media) == files_before
    assert Pair.objects.filter(pk=pair_pk).exists()
    assert not School.objects.filter(pk=school.pk).exists()
    assert (media / "documents/orders/prikaz-1.pdf").read_bytes() == PDF
    summary = out.getvalue()
    assert f"Восстановлено из {path}" in summary
    assert "2 файла" in summary and "совпадают с описью архива" in summary
    assert "миграци" not in summary  # the same code made the copy: no warning
    assert not list(media.parent.glob(".media-restore-*"))  # the staging folder is gone


def _damaged(archive: Path, media: Path, bad: Path, damage: str) -> Path:
    if damage == "truncated":
        data = archive.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    elif damage == "foreign":
        with tarfile.open(bad, "w") as tar:
            tar.add(media / "documents/orders/prikaz-1.pdf", arcname="prikaz.pdf")
    else:  # the same manifest, one file's content replaced
        with tarfile.open(archive) as source, tarfile.open(bad, "w") as tar:
            for member in source:
                content = source.extractfile(member).read()
                if member.name.endswith("prikaz-1.pdf"):
                    content = content.replace("приказ".encode(), "ПРИКАЗ".encode())
                member.size = len(content)
                tar.addfile(member, io.BytesIO(content))
    return bad


DAMAGES = {
    "truncated": "это не архив .tar, или он обрезан при копировании",
    "foreign": "в архиве нет описи manifest.json",
    "tampered": "контрольная сумма файла «media/documents/orders/prikaz-1.pdf» не совпадает с описью",
}


@transactional
def test_a_damaged_or_foreign_archive_changes_nothing(archive, media, tmp_path, monkeypatch):
    school = SchoolFactory()  # made after the copy: a restore would remove it
    (media / "late.txt").write_text("после копии")
    rows_before, files_before = database_table_counts(), media_checksums(media)

    for damage, message in DAMAGES.items():
        bad = _damaged(archive, media, tmp_path / f"{damage}.tar", damage)
        with pytest.raises(BackupError, match=message) as error:
            backup_restore(archive=bad, replace=True)
        assert "не является резервной копией портала или повреждён" in str(error.value)

    # A table the archive does not know (a newer portal's) would survive pg_restore --clean: refused.
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE later_feature (id integer)")
    try:
        with pytest.raises(BackupError, match=r"есть таблицы, которых нет в архиве \(later_feature\)"):
            backup_restore(archive=archive, replace=True)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE later_feature")

    # pg_restore itself failing: the message agrees with its subject («восстановление … завершилось»).
    monkeypatch.setattr("apps.core.backup._program", lambda name: "false")
    with pytest.raises(BackupError) as error:
        backup_restore(archive=archive, replace=True)
    assert str(error.value).startswith("Восстановление базы данных (pg_restore) завершилось с ошибкой (код 1)")

    assert School.objects.filter(pk=school.pk).exists()
    assert database_table_counts() == rows_before
    assert media_checksums(media) == files_before
    assert not list(media.parent.glob(".media-restore-*"))


def test_the_command_exits_non_zero_with_the_russian_message(tmp_path, capsys):
    not_an_archive = tmp_path / "notes.tar"
    not_an_archive.write_text("это не архив")

    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "restore", str(not_an_archive), "--yes", "--skip-checks"])

    assert exit_info.value.code == 1
    assert f"Файл «{not_an_archive}» не является резервной копией портала или повреждён" in capsys.readouterr().err
