"""Programmes as a spreadsheet: the programme list's export (/admin/programmes/programme/), with the
pair's columns as the pair list has them."""

from apps.core.list_export import TableColumn, attribute, table_resource
from apps.core.xlsx import Column
from apps.pairs.resources import PAIR_COLUMNS

from .models import Programme


def activities_done(programme, today) -> int:
    return sum(1 for a in programme.activities.all() if a.done)


def activities_overdue(programme, today) -> int:
    return sum(1 for a in programme.activities.all() if a.is_overdue)


PROGRAMME_COLUMNS = {
    "title": TableColumn(Column("Программа", 40, wrap=True), attribute("title")),
    "mentor": PAIR_COLUMNS["mentor"].through("pair"),
    "mentees": PAIR_COLUMNS["mentees"].through("pair"),
    "form": PAIR_COLUMNS["form"].through("pair"),
    "pair_status": TableColumn(Column("Статус пары", 20, wrap=True), lambda programme, today: programme.pair.get_status_display()),
    "starts_on": TableColumn(Column("Начало", 12), attribute("starts_on")),
    "ends_on": TableColumn(Column("Окончание", 12), attribute("ends_on")),
    "activities": TableColumn(Column("Мероприятий в плане", 12), lambda programme, today: len(programme.activities.all())),
    "done": TableColumn(Column("Выполнено", 12), activities_done),
    "overdue": TableColumn(Column("Просрочено", 12), activities_overdue),
}


class ProgrammeResource(table_resource(Programme, PROGRAMME_COLUMNS)):
    def filter_export(self, queryset, **kwargs):
        return (
            super()
            .filter_export(queryset, **kwargs)
            .select_related("pair__mentor__teacher", "pair__form")
            .prefetch_related("pair__memberships__mentee__teacher", "activities")
        )
