"""`manage.py restore FILE [--yes]`: put back the database and the uploaded files from a backup archive."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from apps.core.backup import BackupError, backup_restore
from apps.core.text import plural


class Command(BaseCommand):
    help = (
        "Восстанавливает базу данных и загруженные файлы из архива, созданного командой backup. "
        "Сначала проверяет контрольные суммы, затем заменяет базу одной транзакцией и файлы целиком; "
        "в конце сверяет число записей в каждой таблице с описью архива."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Файл архива .tar, созданный командой backup.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Подтверждаю замену: нужен, если в базе уже есть данные (они будут заменены содержимым архива).",
        )

    def handle(self, *args, archive, yes, **options):
        try:
            result = backup_restore(archive=archive, replace=yes)
        except BackupError as e:
            raise CommandError(str(e)) from None
        created = parse_datetime(result.manifest["created_at"])
        when = f"{timezone.localtime(created):%d.%m.%Y %H:%M}" if created else "время неизвестно"
        tables, rows, files = len(result.tables), result.rows, result.media_files
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Восстановлено из {archive} (копия от {when}): "
                f"{tables} {plural(tables, 'таблица', 'таблицы', 'таблиц')}, "
                f"{rows} {plural(rows, 'запись', 'записи', 'записей')}, "
                f"{files} {plural(files, 'файл', 'файла', 'файлов')}. "
                "Контрольные суммы файлов и число записей в каждой таблице совпадают с описью архива."
            )
        )
