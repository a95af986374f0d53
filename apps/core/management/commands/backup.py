"""`manage.py backup [-o DIR_OR_FILE]`: the database and the uploaded files in one .tar archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import BackupError, backup_create
from apps.core.text import plural


class Command(BaseCommand):
    help = (
        "Создаёт резервную копию: выгрузку базы данных (pg_dump) и загруженные файлы (папка MEDIA_ROOT или бакет S3) "
        "в одном архиве .tar с описью manifest.json (время, миграции, число записей в каждой таблице, "
        "контрольные суммы SHA-256 файлов)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            default=str(Path(settings.BASE_DIR) / "var" / "backups"),
            help="Папка (файл получит имя по времени, backup-ГГГГММДД-ЧЧММСС.tar) или имя файла архива. "
            "По умолчанию var/backups/.",
        )

    def handle(self, *args, output, **options):
        try:
            result = backup_create(output=output)
        except BackupError as e:
            raise CommandError(str(e)) from None
        tables = len(result.manifest["database"]["tables"])
        files = len(result.manifest["media"]["files"])
        size = result.path.stat().st_size / 1024 / 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"Резервная копия записана в {result.path} ({size:.1f} МБ): "
                f"{tables} {plural(tables, 'таблица', 'таблицы', 'таблиц')}, "
                f"{result.rows} {plural(result.rows, 'запись', 'записи', 'записей')}, "
                f"{files} {plural(files, 'файл', 'файла', 'файлов')}."
            )
        )
