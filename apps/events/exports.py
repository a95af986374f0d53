"""The registration sheet («лист регистрации») of an event: PDF in the documents' style, and XLSX."""

from django.utils import timezone

from apps.core.xlsx import Column, filename_part, table_xlsx
from apps.documents.documents import render_pdf

from .selectors import registrations_of

ATTENDANCE = {True: "присутствовал(а)", False: "отсутствовал(а)", None: ""}


def _sheet_title(event) -> str:
    return f"Лист регистрации участников мероприятия «{event.title}»"


def registration_sheet_pdf(*, event, signer: str = "") -> bytes:
    rows = list(registrations_of(event))
    doc = {
        "title": _sheet_title(event),
        "event": event,
        "starts_at": timezone.localtime(event.starts_at),
        "organiser": event.school.full_name if event.school_id else (event.municipality.authority or event.municipality.name),
        "rows": [(row, ATTENDANCE[row.attended]) for row in rows],
        "marked": any(row.attended is not None for row in rows),
        "attended": sum(1 for row in rows if row.attended),
        "signer": signer,
        "responsible": "Куратор наставничества" if event.school_id else "Муниципальный координатор",
    }
    return render_pdf("events/registration_sheet.html", {"doc": doc})


COLUMNS = [
    Column("№ п/п", 7),
    Column("ФИО участника", 36),
    Column("Образовательная организация", 30, wrap=True),
    Column("Роль, должность", 24, wrap=True),
    Column("Зарегистрирован(а)", 16),
    Column("Присутствие", 18),
]


def registration_sheet_xlsx(*, event) -> bytes:
    rows = (
        (n, r.teacher.full_name, r.school.short_name, r.role, r.registered_at, ATTENDANCE[r.attended])
        for n, r in enumerate(registrations_of(event), start=1)
    )
    return table_xlsx(title="Лист регистрации", columns=COLUMNS, rows=rows)


def sheet_filename(event, extension: str) -> tuple[str, str]:
    """The Russian file name and its Latin fallback."""
    day = timezone.localtime(event.starts_at).strftime("%d.%m.%Y")
    return f"Лист регистрации — {filename_part(event.title)[:80]} — {day}.{extension}", f"registration-{event.pk}.{extension}"
