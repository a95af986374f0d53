"""The two banks as the district's spreadsheet: one row per person, the curator's working file.

Everybody in the bank is listed, whatever their consents: a column says whether the
consent to the processing of personal data is given, withdrawn or missing.

    export_bank_xlsx("mentors", school=school) -> BankExport(content, filename, ascii_filename, rows)
    export_bank_response("mentees", school)   -> an HttpResponse downloading the file
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from apps.consents.models import Consent, ConsentKind
from apps.consents.selectors import has_active_consent
from apps.core.list_export import STATUS, TableColumn, joined, label, local_date
from apps.core.xlsx import Column, filename_part, table_xlsx, xlsx_response
from apps.pairs.resources import FORM, MENTOR
from apps.schools.resources import EXPERIENCE, FULL_NAME, POSITION, YOUNG_SPECIALIST

from .kinds import bank_kind

CONSENT_GIVEN = "да"
CONSENT_WITHDRAWN = "отозвано"
CONSENT_MISSING = "нет"


def with_personal_data_consent(queryset):
    """Annotate a bank queryset (Mentor or Mentee) with what the consent column needs: no query per row."""
    withdrawn = Consent.objects.filter(
        teacher=OuterRef("teacher"), kind=ConsentKind.PERSONAL_DATA, withdrawn_at__isnull=False
    )
    return queryset.annotate(
        pd_consent_active=has_active_consent(ConsentKind.PERSONAL_DATA),
        pd_consent_withdrawn=Exists(withdrawn),
    )


def personal_data_consent_label(entry, today=None) -> str:
    if entry.pd_consent_active:
        return CONSENT_GIVEN
    return CONSENT_WITHDRAWN if entry.pd_consent_withdrawn else CONSENT_MISSING


def current_mentees(mentor, today) -> str:
    return joined(m.mentee.teacher.full_name for pair in mentor.open_pairs for m in pair.memberships.all() if m.left_on is None)


def mentee_requests(mentee, today) -> str:
    return joined([*(r.name for r in mentee.requests.all()), mentee.requests_text.strip()])


# The columns of the two banks, in the sheet's order: the person, the kind's own, then when the
# person joined the bank and their consent. The rows read what selectors.with_open_pairs (or
# with_open_memberships) and with_personal_data_consent add to a bank queryset.
PERSON_COLUMNS = {
    "full_name": FULL_NAME.through("teacher"),
    "position": POSITION.through("teacher"),
    "experience": EXPERIENCE.through("teacher"),
}
TRAILING_COLUMNS = {
    "added_on": TableColumn(Column("Дата включения в банк", 14), local_date("created_at")),
    "personal_data_consent": TableColumn(Column("Согласие на обработку ПДн", 15), personal_data_consent_label),
}
STATUS_COLUMN = TableColumn(STATUS, label("status"))

MENTOR_COLUMNS = {
    **PERSON_COLUMNS,
    "qualification_category": TableColumn(Column("Квалификационная категория", 20, wrap=True), label("qualification_category")),
    "competences": TableColumn(Column("Компетенции", 45, wrap=True), lambda mentor, today: joined(c.name for c in mentor.competences.all())),
    "status": STATUS_COLUMN,
    "mentees": TableColumn(Column("Наставляемые (пара / группа)", 34, wrap=True), current_mentees),
    "forms": TableColumn(FORM, lambda mentor, today: joined(pair.form.name for pair in mentor.open_pairs)),
    **TRAILING_COLUMNS,
}
MENTEE_COLUMNS = {
    **PERSON_COLUMNS,
    "requests": TableColumn(Column("Профессиональные запросы", 45, wrap=True), mentee_requests),
    "status": STATUS_COLUMN,
    "young_specialist": YOUNG_SPECIALIST.through("teacher"),
    "mentor": TableColumn(MENTOR, lambda mentee, today: joined(m.pair.mentor.teacher.full_name for m in mentee.open_memberships)),
    "forms": TableColumn(FORM, lambda mentee, today: joined(m.pair.form.name for m in mentee.open_memberships)),
    **TRAILING_COLUMNS,
}
COLUMNS = {"mentors": MENTOR_COLUMNS, "mentees": MENTEE_COLUMNS}
NUMBER_COLUMN = Column("№ п/п", 6)  # the workbook's own: a row's number in the file


def bank_rows(kind, *, school, today: datetime.date) -> list[list]:
    """One row per person of the school's bank, archived and completed ones included; a fixed number of queries."""
    columns = COLUMNS[kind.slug].values()
    entries = with_personal_data_consent(kind.entries(school=school))  # the entries come with their pairs
    return [[number, *(c.value(entry, today) for c in columns)] for number, entry in enumerate(entries, start=1)]


@dataclass(frozen=True)
class BankExport:
    content: bytes
    filename: str
    ascii_filename: str
    rows: int


def export_bank_xlsx(slug: str, *, school, today: datetime.date | None = None) -> BankExport:
    """The bank `slug` ("mentors" or "mentees") of `school` as an XLSX workbook."""
    kind = bank_kind(slug)
    today = today or timezone.localdate()
    rows = bank_rows(kind, school=school, today=today)
    columns = [NUMBER_COLUMN, *(c.column for c in COLUMNS[slug].values())]
    school_name = filename_part(school.short_name)
    return BankExport(
        content=table_xlsx(title=kind.title, columns=columns, rows=rows),
        filename=f"{kind.title} — {school_name} — {today:%d.%m.%Y}.xlsx",
        ascii_filename=f"{slug}-{school.slug}-{today:%Y-%m-%d}.xlsx",
        rows=len(rows),
    )


def export_bank_response(slug: str, school, *, today: datetime.date | None = None):
    """The download of a bank for a view: XLSX content type, a Russian file name (RFC 6266)."""
    export = export_bank_xlsx(slug, school=school, today=today)
    return xlsx_response(export.content, filename=export.filename, ascii_filename=export.ascii_filename)
