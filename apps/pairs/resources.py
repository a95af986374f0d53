"""Pairs and groups as a spreadsheet: the pair list's export, and the columns the banks' XLSX and the
programme list share with it (the mentor, the form of mentoring)."""

from apps.core.list_export import STATUS, TableColumn, attribute, joined, label, table_resource
from apps.core.xlsx import Column

from .models import Pair

MENTOR = Column("Наставник", 34, wrap=True)
FORM = Column("Форма наставничества", 26, wrap=True)


def pair_mentees(pair, today) -> str:
    """The pair's mentees, those who left it early excepted; its `memberships` come prefetched."""
    return joined(m.mentee.teacher.full_name for m in pair.memberships.all() if not m.was_removed)


PAIR_COLUMNS = {
    "mentor": TableColumn(MENTOR, lambda pair, today: pair.mentor.teacher.full_name),
    "mentees": TableColumn(Column("Наставляемые", 34, wrap=True), pair_mentees),
    "form": TableColumn(FORM, attribute("form__name")),
    "kinds": TableColumn(Column("Виды наставничества", 26, wrap=True), lambda pair, today: joined(k.name for k in pair.kinds.all())),
    "status": TableColumn(STATUS, label("status")),
    "started_on": TableColumn(Column("Начало", 12), attribute("started_on")),
    "planned_end_on": TableColumn(Column("Плановое окончание", 12), attribute("planned_end_on")),
    "ended_on": TableColumn(Column("Фактическое окончание", 12), attribute("ended_on")),
    "end_reason": TableColumn(Column("Причина завершения или расформирования", 34, wrap=True), attribute("end_reason")),
}


class PairResource(table_resource(Pair, PAIR_COLUMNS)):
    """The pair list (/admin/pairs/pair/)."""

    def filter_export(self, queryset, **kwargs):
        return (
            super()
            .filter_export(queryset, **kwargs)
            .select_related("mentor__teacher", "form")
            .prefetch_related("memberships__mentee__teacher", "kinds")
        )
