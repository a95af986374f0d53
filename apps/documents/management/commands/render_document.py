"""`manage.py render_document KIND --school SLUG [--pairs ID,ID] [--teacher ID] [--order ID] -o FILE.pdf`.

Orders are rendered through the register: `--order ID` renders that order (a signed one
from its frozen data); otherwise a draft of that kind is taken from the register, or made
there, so that its QR code leads to a real verification page.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.documents import documents
from apps.documents.models import Order, OrderKind, OrderStatus
from apps.documents.registry import SCHOOL_DOCUMENTS
from apps.documents.selectors import default_pairs
from apps.documents.services import order_create
from apps.pairs.models import Pair
from apps.schools.models import School, Teacher

ORDER_KINDS = list(OrderKind.values)
PERSON_KINDS = list(documents.PERSON_DOCUMENTS)
OTHER_KINDS = ["regulations", "school_programme", "programme"]

KIND_HELP = {
    "pairs_order": "приказ о закреплении наставнических пар (групп); --pairs",
    "curator_order": "приказ о назначении куратора (куратор из карточки организации или --teacher)",
    "regulations_order": "приказ об утверждении Положения и Дорожной карты (с приложениями)",
    "final_event_order": "приказ о проведении итогового мероприятия",
    "implementation_order": "приказ о внедрении целевой модели (рабочая группа: --teacher, --members)",
    "completion_order": "приказ о завершении программ наставничества; --pairs",
    "programme_order": "приказ об утверждении Программы наставничества (Программа — приложение)",
    "school_programme": "Программа наставничества педагогических работников организации",
    "awards_order": "приказ о поощрении наставников (проект из реестра или --order ID)",
    "regulations": "Положение о системе наставничества",
    "programme": "персонализированная программа пары; --pairs с одним id",
    "consent_personal_data": "согласие на обработку персональных данных; --teacher",
    "consent_dissemination": "согласие на распространение персональных данных (раздел на сайте); --teacher",
    "consent_mentee": "согласие на закрепление наставника; --teacher [--pairs ID]",
    "consent_mentor": "согласие наставника на дополнительные обязанности; --teacher [--pairs ID]",
    "employment_agreement": "дополнительное соглашение к трудовому договору; --teacher [--pairs ID]",
}


def kinds() -> list[str]:
    """Every kind: documents' own, then those the apps above registered (the analytical report)."""
    return ORDER_KINDS + OTHER_KINDS + PERSON_KINDS + list(SCHOOL_DOCUMENTS)


def kind_help(kind: str) -> str:
    return KIND_HELP[kind] if kind in KIND_HELP else SCHOOL_DOCUMENTS[kind].help


def _ids(value: str) -> list[int]:
    try:
        return [int(part) for part in value.split(",") if part.strip()]
    except ValueError as error:
        raise CommandError(f"Ожидались номера через запятую, получено: {value!r}.") from error


class Command(BaseCommand):
    @property
    def help(self):
        return "Формирует документ в PDF. Виды документов:\n" + "\n".join(f"  {k} — {kind_help(k)}" for k in kinds())

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=kinds(), metavar="KIND", help="вид документа: " + ", ".join(kinds()))
        parser.add_argument("--school", required=True, help="адрес (slug) организации")
        parser.add_argument("--pairs", default="", help="номера пар через запятую")
        parser.add_argument("--teacher", type=int, help="номер педагога (формы одного человека; куратор; руководитель рабочей группы)")
        parser.add_argument("--members", default="", help="номера педагогов рабочей группы через запятую")
        parser.add_argument("--order", type=int, help="номер записи приказа в реестре (подписанный — по зафиксированным данным)")
        parser.add_argument("--year", type=int, help="учебный год аналитической справки: год его начала, например 2026")
        parser.add_argument("-o", "--output", required=True, help="файл PDF")

    def handle(self, *args, kind, school, pairs, teacher, members, order, output, year=None, **options):
        try:
            school_obj = School.objects.get(slug=school)
        except School.DoesNotExist as error:
            raise CommandError(f"Нет организации с адресом «{school}».") from error
        pair_list = self._pairs(school_obj, pairs)
        teacher_obj = self._teacher(school_obj, teacher) if teacher else None
        try:
            pdf = self._render(kind, school_obj, pair_list, teacher_obj, members, order, year)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        Path(output).write_bytes(pdf)
        self.stdout.write(self.style.SUCCESS(f"{output}: {len(pdf) // 1024} КБ"))

    def _pairs(self, school, value):
        ids = _ids(value)
        found = {p.pk: p for p in Pair.objects.filter(school=school, pk__in=ids)}
        missing = [i for i in ids if i not in found]
        if missing:
            raise CommandError(f"В организации нет пар с номерами: {', '.join(map(str, missing))}.")
        return [found[i] for i in ids]

    def _teacher(self, school, pk):
        try:
            return Teacher.objects.get(school=school, pk=pk)
        except Teacher.DoesNotExist as error:
            raise CommandError(f"В организации нет педагога с номером {pk}.") from error

    def _render(self, kind, school, pairs, teacher, members, order_id, year=None):
        if kind in SCHOOL_DOCUMENTS:
            return SCHOOL_DOCUMENTS[kind].render(school=school, year_start=year)
        if kind in ORDER_KINDS:
            order = self._order(kind, school, pairs, teacher, members, order_id)
            if order.is_signed and order.pdf:
                with order.pdf.open("rb") as signed:
                    return signed.read()  # the very file whose SHA-256 the verification page shows
            return documents.order_pdf(order=order)
        if kind == "regulations":
            return documents.regulations_pdf(school=school)
        if kind == "school_programme":
            return documents.school_programme_pdf(school=school)
        if kind == "programme":
            if len(pairs) != 1:
                raise CommandError("Для программы укажите одну пару: --pairs ID.")
            return documents.programme_pdf(pair=pairs[0])
        if teacher is None:
            raise CommandError("Для этого документа укажите педагога: --teacher ID.")
        if len(pairs) > 1:
            raise CommandError("Укажите не больше одной пары.")
        if kind in documents.PERSON_DOCUMENTS_WITHOUT_PAIR:
            return documents.PERSON_DOCUMENTS[kind](teacher=teacher)
        return documents.PERSON_DOCUMENTS[kind](teacher=teacher, pair=pairs[0] if pairs else None)

    def _order(self, kind, school, pairs, teacher, members, order_id):
        if order_id:
            try:
                return Order.objects.get(school=school, pk=order_id, kind=kind)
            except Order.DoesNotExist as error:
                raise CommandError(f"В реестре организации нет приказа {order_id} этого вида.") from error
        pairs = pairs or list(default_pairs(school=school, kind=kind))
        member_list = [self._teacher(school, pk) for pk in _ids(members)]
        # The same draft again, when the register has one for the same pairs.
        for draft in Order.objects.filter(school=school, kind=kind, status=OrderStatus.DRAFT).prefetch_related("pairs", "members"):
            if (
                {p.pk for p in draft.pairs.all()} == {p.pk for p in pairs}
                and (not member_list or {t.pk for t in draft.members.all()} == {t.pk for t in member_list})
                and (teacher is None or draft.responsible_id == teacher.pk)
            ):
                return draft
        order = order_create(school=school, kind=kind, pairs=pairs, members=member_list, responsible=teacher)
        self.stderr.write(f"В реестре создан проект приказа (запись {order.pk}).")
        return order
