"""Backups: the database (pg_dump, custom format) and the uploaded files in one .tar.

The archive holds
- ``manifest.json``: when, from which database, the applied migrations, the row count of
  every table and the SHA-256 of the dump and of every uploaded file;
- ``database.dump``: ``pg_dump --format=custom`` of the whole database;
- ``media/…``: the uploaded files: those under MEDIA_ROOT, or in the S3 bucket when the uploads live
  in one (AWS_STORAGE_BUCKET_NAME), read and written back through Django's storage API.

The counts are taken in the very snapshot pg_dump reads (an exported snapshot), so they
describe the dump exactly even while the portal keeps working.

Restoring checks every checksum before it touches anything, replaces the database in one
transaction (``pg_restore --single-transaction``), then swaps the uploaded files in from a
staging folder and compares the row counts with the manifest. The commands
``manage.py backup`` and ``manage.py restore`` only parse arguments and call these.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from .signals import database_restored

FORMAT = "mentoring-portal-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DUMP_NAME = "database.dump"
MEDIA_PREFIX = "media"
# Filled by Django itself on migrate: their rows do not make a database «have data».
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the administrator, in Russian."""


@dataclass
class BackupResult:
    path: Path
    manifest: dict

    @property
    def rows(self) -> int:
        return sum(self.manifest["database"]["tables"].values())


@dataclass
class RestoreResult:
    manifest: dict
    tables: dict  # table → rows now in the database
    media_files: int
    warnings: list = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


# --- PostgreSQL client programs ------------------------------------------------------------------


def pg_bin_dir() -> Path | None:
    """Where pg_dump/pg_restore live: $PG_BIN_DIR, else the PostgreSQL 16 inside the pgserver wheel.

    Debian's client is version 15 and refuses to dump a 16 server, so the wheel's programs come
    first; None means «whatever is on PATH».
    """
    if os.environ.get("PG_BIN_DIR"):
        return Path(os.environ["PG_BIN_DIR"])
    try:
        import pgserver
    except ImportError:
        return None
    bundled = Path(pgserver.__file__).parent / "pginstall" / "bin"
    return bundled if (bundled / "pg_dump").exists() else None


def _program(name: str) -> str:
    directory = pg_bin_dir()
    path = str(directory / name) if directory else shutil.which(name)
    if not path or not Path(path).exists():
        raise BackupError(
            f"Не найдена программа {name} (PostgreSQL). Укажите папку с ней в переменной окружения PG_BIN_DIR."
        )
    return path


def _connection_args(settings_dict: dict) -> tuple[list[str], dict]:
    """Command-line arguments and environment that reach the database Django uses."""
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = options["sslmode"]
    return [*args, "--no-password", "--dbname", settings_dict["NAME"]], env


def _run(command: list[str], *, env: dict, failed: str) -> None:
    """`failed`: the start of the Russian message, «… завершилась» / «… завершилось» agreeing with its subject."""
    completed = subprocess.run(command, env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        details = completed.stderr.strip() or completed.stdout.strip()
        raise BackupError(f"{failed} с ошибкой (код {completed.returncode}): {details}")


# --- what a database and a media folder hold ---------------------------------------------------------


def _table_counts(cursor, introspection) -> dict[str, int]:
    """Rows in every table of the database, in one query."""
    tables = sorted(introspection.table_names(cursor))
    if not tables:
        return {}
    qn = cursor.db.ops.quote_name
    union = " UNION ALL ".join(f"SELECT %s, count(*) FROM {qn(t)}" for t in tables)
    cursor.execute(union, tables)
    return {name: count for name, count in cursor.fetchall()}


def _applied_migrations(cursor, introspection) -> dict[str, list[str]]:
    if "django_migrations" not in introspection.table_names(cursor):
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def database_table_counts(using: str = "default") -> dict[str, int]:
    with connections[using].cursor() as cursor:
        return _table_counts(cursor, connections[using].introspection)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_checksums(root: Path) -> dict[str, dict]:
    """relative path (with «/») → {"sha256", "size"} of every regular file under root."""
    root = Path(root)
    files = {}
    if not root.is_dir():
        return files
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(directory) / name
            if path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            files[relative] = {"sha256": _sha256_file(path), "size": path.stat().st_size}
    return files


def media_bucket():
    """The uploads' storage when it is not the local MEDIA_ROOT folder (an S3 bucket), else None."""
    storage = storages["default"]
    return None if isinstance(storage, FileSystemStorage) else storage


def _bucket_names(storage, prefix: str = ""):
    directories, files = storage.listdir(prefix)
    for name in sorted(files):
        yield f"{prefix}{name}"
    for directory in sorted(directories):
        yield from _bucket_names(storage, f"{prefix}{directory}/")


def bucket_checksums(storage) -> dict[str, dict]:
    """media_checksums() of a bucket: every object under the storage's location, read through the storage API."""
    files = {}
    for name in _bucket_names(storage):
        digest, size = hashlib.sha256(), 0
        with storage.open(name, "rb") as f:
            while chunk := f.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
        files[name] = {"sha256": digest.hexdigest(), "size": size}
    return files


def _uploads_checksums() -> dict[str, dict]:
    bucket = media_bucket()
    return media_checksums(Path(settings.MEDIA_ROOT)) if bucket is None else bucket_checksums(bucket)


# --- backup ---------------------------------------------------------------------------------------


def default_backup_name(now: datetime.datetime | None = None) -> str:
    now = timezone.localtime(now or timezone.now())
    return f"backup-{now:%Y%m%d-%H%M%S}.tar"


def backup_create(*, output: Path | str, using: str = "default") -> BackupResult:
    """Write a backup archive; `output` is a file, or a folder for a file named by the time."""
    as_folder = str(output).endswith(("/", os.sep))
    output = Path(output)
    if as_folder or output.is_dir():
        output = output / default_backup_name()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BackupError(f"Не удалось создать папку «{output.parent}»: {e.strerror or e}.") from None
    media_root, bucket = Path(settings.MEDIA_ROOT), media_bucket()
    pg_dump = _program("pg_dump")

    # A separate connection holds a read-only snapshot that pg_dump and the counts share.
    snapshot_connection = connections.create_connection(using)
    settings_dict = snapshot_connection.settings_dict
    try:
        with tempfile.TemporaryDirectory(prefix=".backup-partial-", dir=output.parent) as work:
            dump_path = Path(work) / DUMP_NAME
            with snapshot_connection.cursor() as cursor:
                cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                snapshot, server_version = cursor.fetchone()
                tables = _table_counts(cursor, snapshot_connection.introspection)
                migrations = _applied_migrations(cursor, snapshot_connection.introspection)
                args, env = _connection_args(settings_dict)
                _run(
                    [pg_dump, "--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={dump_path}", *args],
                    env=env,
                    failed="Выгрузка базы данных (pg_dump) завершилась",
                )
                cursor.execute("COMMIT")
            media = _uploads_checksums()
            manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "created_at": timezone.now().isoformat(),
                "django": django.get_version(),
                "database": {
                    "name": settings_dict["NAME"],
                    "server_version": server_version,
                    "dump": DUMP_NAME,
                    "dump_sha256": _sha256_file(dump_path),
                    "tables": tables,
                },
                "migrations": migrations,
                "media": {"files": media},
            }
            partial = Path(work) / output.name
            # The archive holds personal data: readable by its owner only (0600), from its first byte.
            with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file, tarfile.open(
                fileobj=file, mode="w"
            ) as tar:
                _add_bytes(tar, MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
                tar.add(dump_path, arcname=DUMP_NAME)
                for relative, described in media.items():
                    if bucket is None:
                        tar.add(media_root / relative, arcname=f"{MEDIA_PREFIX}/{relative}", recursive=False)
                        continue
                    info = tarfile.TarInfo(f"{MEDIA_PREFIX}/{relative}")
                    info.size, info.mtime, info.mode = described["size"], int(timezone.now().timestamp()), 0o600
                    with bucket.open(relative, "rb") as f:
                        tar.addfile(info, f)
            os.replace(partial, output)  # a half-written archive never carries the final name
    except OSError as e:
        raise BackupError(f"Не удалось записать архив «{output}»: {e.strerror or e}.") from None
    finally:
        snapshot_connection.close()
    return BackupResult(path=output, manifest=manifest)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


# --- restore --------------------------------------------------------------------------------------


UNREADABLE = "это не архив .tar, или он обрезан при копировании"


def _foreign(archive: Path, why: str) -> BackupError:
    return BackupError(f"Файл «{archive}» не является резервной копией портала или повреждён: {why}.")


def read_manifest(archive: Path) -> dict:
    """The manifest of an archive, checked to be ours; raises BackupError otherwise."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Файл «{archive}» не найден.")
    try:
        with tarfile.open(archive, "r") as tar:
            member = tar.getmember(MANIFEST_NAME)
            manifest = json.loads(tar.extractfile(member).read().decode())
    except KeyError:
        raise _foreign(archive, "в архиве нет описи manifest.json") from None
    except (tarfile.TarError, EOFError):
        raise _foreign(archive, UNREADABLE) from None
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise _foreign(archive, f"опись не читается ({e})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _foreign(archive, "опись не от резервной копии портала")
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"Архив «{archive}» записан в версии формата {manifest.get('version')}, "
            f"а эта версия портала читает только версию {FORMAT_VERSION}."
        )
    try:
        manifest["database"]["tables"], manifest["database"]["dump_sha256"], manifest["media"]["files"]
    except (KeyError, TypeError):
        raise _foreign(archive, "в описи не хватает сведений") from None
    return manifest


def _safe_media_name(name: str) -> str | None:
    """The path under MEDIA_ROOT of a «media/…» member, or None for anything that would escape it."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or len(path.parts) < 2 or path.parts[0] != MEDIA_PREFIX:
        return None
    return PurePosixPath(*path.parts[1:]).as_posix()


def _unpack_and_verify(archive: Path, manifest: dict, *, dump_to: Path, media_to: Path) -> None:
    """Extract the dump and the media, checking every SHA-256 against the manifest."""
    expected_media = manifest["media"]["files"]
    seen_media = set()
    try:
        with tarfile.open(archive, "r") as tar:
            for member in tar:
                if member.name == MANIFEST_NAME:
                    continue
                if member.isdir():
                    continue
                if not member.isfile():
                    raise _foreign(archive, f"в архиве есть ссылка или особый файл «{member.name}»")
                if member.name == DUMP_NAME:
                    target, expected = dump_to, manifest["database"]["dump_sha256"]
                else:
                    relative = _safe_media_name(member.name)
                    if relative is None or relative not in expected_media:
                        raise _foreign(archive, f"файла «{member.name}» нет в описи")
                    target, expected = media_to / relative, expected_media[relative]["sha256"]
                    seen_media.add(relative)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                source = tar.extractfile(member)
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                if digest.hexdigest() != expected:
                    raise _foreign(archive, f"контрольная сумма файла «{member.name}» не совпадает с описью")
    except (tarfile.TarError, EOFError):
        raise _foreign(archive, UNREADABLE) from None
    if not dump_to.exists():
        raise _foreign(archive, f"в архиве нет выгрузки базы {DUMP_NAME}")
    missing = sorted(set(expected_media) - seen_media)
    if missing:
        raise _foreign(archive, f"в архиве не хватает файлов из описи: {', '.join(missing[:5])}")


def _migration_warnings(manifest: dict) -> list[str]:
    """Differences between the archive's migrations and this code's."""
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    in_archive = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    warnings = []
    unknown = sorted(in_archive - on_disk)
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        warnings.append(
            f"В архиве есть миграции, которых нет в этой версии портала ({names}): "
            "архив сделан более новой версией; обновите код до неё."
        )
    if on_disk - in_archive:
        warnings.append("Архив сделан более старой версией портала: выполните «python manage.py migrate».")
    return warnings


def backup_restore(*, archive: Path | str, replace: bool = False, using: str = "default") -> RestoreResult:
    """Replace the database and the uploaded files with the archive's; all or nothing."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    connection = connections[using]
    name = connection.settings_dict["NAME"]
    counts_now = database_table_counts(using)
    # pg_restore --clean replaces the archive's tables only: tables of a newer portal would stay,
    # beside a migration list that does not know them, and the next migrate would fail.
    extra = sorted(set(counts_now) - set(manifest["database"]["tables"]))
    if extra:
        raise BackupError(
            f"В базе данных «{name}» есть таблицы, которых нет в архиве ({', '.join(extra[:5])}"
            f"{'…' if len(extra) > 5 else ''}): база создана другой версией портала. Восстановите копию "
            "в пустую базу данных (createdb), затем выполните «python manage.py migrate»."
        )
    rows_now = sum(n for table, n in counts_now.items() if table not in BOOKKEEPING_TABLES)
    if rows_now and not replace:
        raise BackupError(
            f"В базе данных «{name}» уже есть данные (записей: {rows_now}); восстановление заменит их "
            "содержимым архива. Если это и нужно, повторите команду с ключом --yes."
        )
    pg_restore = _program("pg_restore")
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging_parent = Path(tempfile.mkdtemp(prefix=f".{media_root.name}-restore-", dir=media_root.parent))
    try:
        staged_media = staging_parent / "media"
        staged_media.mkdir()
        dump_path = staging_parent / DUMP_NAME
        _unpack_and_verify(archive, manifest, dump_to=dump_path, media_to=staged_media)

        # Nothing may hold a lock on the tables pg_restore drops: this process's connection waits closed.
        connection.close()
        args, env = _connection_args(connection.settings_dict)
        _run(
            [pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", *args,
             str(dump_path)],
            env=env,
            failed="Восстановление базы данных (pg_restore) завершилось",
        )
        bucket = media_bucket()
        try:
            if bucket is None:
                _swap_media(staged_media, media_root, staging_parent)
            else:
                _replace_bucket(staged_media, bucket, manifest["media"]["files"])
        except OSError as e:
            if bucket is not None:
                raise BackupError(
                    f"База восстановлена, но файлы не удалось записать в бакет: {e}. "
                    "Повторите восстановление после устранения причины."
                ) from None
            raise BackupError(
                f"База восстановлена, но файлы не удалось перенести в папку «{media_root}»: {e.strerror or e}. "
                "Старые файлы оставлены на месте; повторите восстановление после устранения причины."
            ) from None
    finally:
        shutil.rmtree(staging_parent, ignore_errors=True)

    tables = database_table_counts(using)
    expected = manifest["database"]["tables"]
    differ = [t for t, n in expected.items() if tables.get(t) != n]
    if differ:
        details = ", ".join(f"{t}: {tables.get(t, 'нет таблицы')} вместо {expected[t]}" for t in differ[:5])
        raise BackupError(f"База восстановлена, но число записей не совпадает с описью архива — {details}.")
    now_media = _uploads_checksums()
    if {k: v["sha256"] for k, v in now_media.items()} != {k: v["sha256"] for k, v in manifest["media"]["files"].items()}:
        where = "в папке MEDIA_ROOT" if media_bucket() is None else "в бакете"
        raise BackupError(f"База восстановлена, но файлы {where} не совпадают с описью архива.")
    database_restored.send(sender=backup_restore, using=using)
    return RestoreResult(
        manifest=manifest,
        tables={t: tables[t] for t in expected},
        media_files=len(now_media),
        warnings=_migration_warnings(manifest),
    )


def _swap_media(staged: Path, media_root: Path, staging_parent: Path) -> None:
    """Put the staged files in place of MEDIA_ROOT; the old ones go to the staging folder, removed after.

    Two renames of the folder itself; a MEDIA_ROOT that cannot be renamed (a mount point) has
    its entries moved instead.
    """
    old = staging_parent / "old-media"
    old.mkdir()
    media_root.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(media_root, old / "root")
    except OSError:
        for entry in list(media_root.iterdir()):
            os.replace(entry, old / entry.name)
        for entry in list(staged.iterdir()):
            os.replace(entry, media_root / entry.name)
        return
    try:
        os.replace(staged, media_root)
    except OSError:
        os.replace(old / "root", media_root)
        raise


def _replace_bucket(staged: Path, bucket, expected: dict) -> None:
    """Make the bucket hold exactly the archive's files: each written under its own name, then the rest removed.

    A bucket has no folder to swap in one rename; the database is already restored, and a failure here
    leaves the archive's files written so far, which a repeated restore completes.
    """
    for name in expected:
        if bucket.exists(name):
            bucket.delete(name)  # save() never overwrites: it would pick another name
        with open(staged / name, "rb") as f:
            saved = bucket.save(name, File(f, name=name))
        if saved != name:
            raise OSError(f"файл «{name}» записан под именем «{saved}»")
    for name in list(_bucket_names(bucket)):
        if name not in expected:
            bucket.delete(name)
