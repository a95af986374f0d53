"""`manage.py export_bank {mentors|mentees} --school SLUG -o FILE.xlsx`: a bank as the district's spreadsheet."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.banks.exports import export_bank_xlsx
from apps.banks.kinds import BANKS
from apps.core.text import plural
from apps.schools.models import School


class Command(BaseCommand):
    help = "Выгружает банк наставников или наставляемых организации в файл Excel (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("bank", choices=list(BANKS), help="mentors — банк наставников, mentees — банк наставляемых.")
        parser.add_argument("--school", required=True, help="Адрес организации (slug), например school-34.")
        parser.add_argument("-o", "--output", required=True, help="Куда записать файл .xlsx.")

    def handle(self, *args, bank, school, output, **options):
        try:
            school_obj = School.objects.get(slug=school)
        except School.DoesNotExist:
            raise CommandError(f"Организация с адресом «{school}» не найдена.") from None
        export = export_bank_xlsx(bank, school=school_obj)
        path = Path(output)
        try:
            path.write_bytes(export.content)
        except OSError as e:
            raise CommandError(f"Не удалось записать файл «{output}»: {e.strerror or e}.") from None
        n = export.rows
        self.stdout.write(
            self.style.SUCCESS(
                f"{BANKS[bank].title} ({school_obj}): {n} {plural(n, 'строка', 'строки', 'строк')} записано в {path}."
            )
        )
