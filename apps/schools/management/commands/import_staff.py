"""`manage.py import_staff FILE --school SLUG [--dry-run]`: the staff list from XLSX or CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.schools.models import School
from apps.schools.staff_import import StaffImportError, staff_import


class Command(BaseCommand):
    help = (
        "Загружает список педагогов организации из файла XLSX или CSV: новых добавляет, изменённых обновляет. "
        "При любой ошибке в файле ничего не записывается."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Файл .xlsx или .csv со списком педагогов.")
        parser.add_argument("--school", required=True, help="Адрес организации (slug), например school-34.")
        parser.add_argument("--dry-run", action="store_true", help="Только проверить файл и показать, что изменится; ничего не записывать.")

    def handle(self, *args, file, school, dry_run, verbosity, **options):
        try:
            school_obj = School.objects.get(slug=school)
        except School.DoesNotExist:
            raise CommandError(f"Организация с адресом «{school}» не найдена.") from None
        path = Path(file)
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"Файл «{file}» не найден.") from None
        except IsADirectoryError:
            raise CommandError(f"«{file}» — это папка, а не файл.") from None
        except PermissionError:
            raise CommandError(f"Нет прав на чтение файла «{file}».") from None
        except OSError:
            raise CommandError(f"Не удалось прочитать файл «{file}».") from None

        try:
            report = staff_import(school=school_obj, content=content, filename=path.name, dry_run=dry_run)
        except StaffImportError as e:
            for message in e.messages:
                self.stderr.write(message)
            count = len(e.messages)
            raise CommandError(
                f"Импорт не выполнен: {'ошибка' if count == 1 else 'ошибок'} в файле — {count}. Ничего не записано."
            ) from None

        if verbosity >= 2:
            for row in report.changed_rows():
                changes = "; ".join(
                    f"{c.column}: {c.old or '—'} → {c.new}" if c.old else f"{c.column}: {c.new}" for c in row.changes
                )
                self.stdout.write(f"Строка {row.row}: {row.name} — {row.action_label}. {changes}")
        self.stdout.write(f"Организация: {school_obj}.")
        self.stdout.write(report.summary())
        if dry_run:
            self.stdout.write(self.style.WARNING("Пробный запуск (--dry-run): ничего не записано."))
        elif report.has_changes:
            self.stdout.write(
                self.style.SUCCESS(f"Готово: добавлено педагогов — {report.created}, обновлено — {report.updated}.")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Изменений нет: данные в файле совпадают с уже внесёнными."))
