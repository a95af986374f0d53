"""`manage.py seed_demo`: the demo school (apps/demo/demo_school.py builds it). Idempotent."""

import datetime

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.demo.demo_school import DemoDataError, seed_demo_school
from apps.demo.municipal import seed_municipal
from apps.demo.network import seed_network
from apps.demo.people import seed_people


class Command(BaseCommand):
    help = "Создаёт или обновляет демонстрационную школу (ГБОУ школа № 34 Невского района Санкт-Петербурга). Можно запускать повторно."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Считать сегодняшней эту дату (ГГГГ-ММ-ДД); по умолчанию — текущая дата.",
        )
        # `make run`: one Python start-up (some 2.5 s of CPU: Django and every app) instead of two.
        parser.add_argument("--migrate", action="store_true", help="Сначала применить миграции (manage.py migrate).")

    def handle(self, *args, today=None, migrate=False, **options):
        if migrate:
            call_command("migrate", interactive=False, verbosity=options["verbosity"], stdout=self.stdout, stderr=self.stderr)
        try:
            seeder = seed_demo_school(today=today or timezone.localdate())
        except DemoDataError as e:
            raise CommandError(str(e)) from e
        seed_municipal(school=seeder.school, neighbour=getattr(seeder, "neighbour", None), municipality=seeder.school.municipality, today=seeder.today)
        for warning in seeder.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(self.style.SUCCESS(seeder.summary()))
        self.stdout.write(
            seed_network(
                school=seeder.school,
                neighbour=getattr(seeder, "neighbour", None),
                municipality=seeder.school.municipality,
                today=seeder.today,
            )
        )
        for line in seed_people(school=seeder.school, neighbour=getattr(seeder, "neighbour", None), municipality=seeder.school.municipality, today=seeder.today):
            self.stdout.write(line)
