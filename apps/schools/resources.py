"""Teachers as a spreadsheet: the columns about a person that every list of people shares (the
banks' XLSX, the bank and consent lists take them `.through("teacher")`), and the teacher list's export."""

from apps.core.list_export import TableColumn, attribute, joined, table_resource, yes_no
from apps.core.xlsx import Column

from .models import Teacher

FULL_NAME = TableColumn(Column("ФИО", 34), lambda teacher, today: teacher.full_name)
POSITION = TableColumn(Column("Должность", 26, wrap=True), attribute("position"))
EXPERIENCE = TableColumn(Column("Педагогический стаж (лет)", 13), lambda teacher, today: teacher.experience_years(today))
YOUNG_SPECIALIST = TableColumn(
    Column("Молодой специалист", 13), lambda teacher, today: yes_no(teacher.is_young_specialist(today))
)


def banks(teacher, today) -> str:
    # `mentor` and `mentee` come with the list (TeacherAdmin's list_select_related).
    return joined(["наставник" if hasattr(teacher, "mentor") else "", "наставляемый" if hasattr(teacher, "mentee") else ""])


TEACHER_COLUMNS = {
    "full_name": FULL_NAME,
    "position": POSITION,
    "subjects": TableColumn(Column("Предметы", 30, wrap=True), attribute("subjects")),
    "age": TableColumn(Column("Возраст (лет)", 10), lambda teacher, today: teacher.age(today)),
    "experience": EXPERIENCE,
    "young_specialist": YOUNG_SPECIALIST,
    "banks": TableColumn(Column("Банк", 16, wrap=True), banks),
    "email": TableColumn(Column("E-mail", 28), attribute("email")),
    "phone": TableColumn(Column("Телефон", 18), attribute("phone")),
    "is_employed": TableColumn(Column("Работает в организации", 13), lambda teacher, today: yes_no(teacher.is_employed)),
}


class TeacherResource(table_resource(Teacher, TEACHER_COLUMNS)):
    """The teacher list (/admin/schools/teacher/)."""

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("mentor", "mentee")
