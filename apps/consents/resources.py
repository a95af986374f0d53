"""Consents as a spreadsheet: the consent list's export (/admin/consents/consent/)."""

from apps.core.list_export import TableColumn, attribute, label, local_date, table_resource, yes_no
from apps.core.xlsx import Column
from apps.schools.resources import FULL_NAME

from .models import Consent

CONSENT_COLUMNS = {
    "teacher": FULL_NAME.through("teacher"),
    "kind": TableColumn(Column("Вид согласия", 30, wrap=True), label("kind")),
    "text_version": TableColumn(Column("Версия текста", 10), attribute("text__version")),
    "source": TableColumn(Column("Как получено", 22, wrap=True), label("source")),
    "given_on": TableColumn(Column("Дано", 12), local_date("given_at")),
    "withdrawn_on": TableColumn(Column("Отозвано", 12), local_date("withdrawn_at")),
    "active": TableColumn(Column("Действует", 11), lambda consent, today: yes_no(consent.is_active)),
    "pair_mentor": TableColumn(Column("Пара / группа: наставник", 34, wrap=True), attribute("pair__mentor__teacher__full_name")),
}


class ConsentResource(table_resource(Consent, CONSENT_COLUMNS)):
    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("teacher", "text", "pair__mentor__teacher")
