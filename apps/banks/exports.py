"""The two banks as the district's spreadsheet: one row per person, the curator's working file.

Everybody in the bank is listed, whatever their consents: a column says whether the
consent to the processing of personal data is given, withdrawn or missing.

    export_bank_xlsx("mentors", school=school) -> BankExport(content, filename, ascii_filename, rows)
    export_bank_response("mentees", school)   -> an HttpResponse downloading the file
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from apps.consents.models import Consent, ConsentKind
from apps.consents.selectors import has_active_consent
from apps.core.xlsx import Column, table_xlsx, xlsx_response

from .kinds import bank_kind

CONSENT_GIVEN = "да"
CONSENT_WITHDRAWN = "отозвано"
CONSENT_MISSING = "нет"

FILENAME_FORBIDDEN = re.compile(r'[\\/:*?"<>|«»]+')


def joined(items) -> str:
    """Distinct non-empty items in their order, one per line."""
    return "\n".join(dict.fromkeys(i for i in items if i))


def mentor_cells(mentor, today: datetime.date) -> list:
    """The mentor's own columns: category, competences, status, current mentees, forms of their pairs."""
    current = [m for pair in mentor.open_pairs for m in pair.memberships.all() if m.left_on is None]
    return [
        mentor.get_qualification_category_display(),
        joined(c.name for c in mentor.competences.all()),
        mentor.get_status_display(),
        joined(m.mentee.teacher.full_name for m in current),
        joined(pair.form.name for pair in mentor.open_pairs),
    ]


def mentee_cells(mentee, today: datetime.date) -> list:
    """The mentee's own columns: requests, status, young specialist, mentor, forms of their pairs."""
    pairs = [m.pair for m in mentee.open_memberships]
    return [
        joined([*(r.name for r in mentee.requests.all()), mentee.requests_text.strip()]),
        mentee.get_status_display(),
        "да" if mentee.teacher.is_young_specialist(today) else "нет",
        joined(pair.mentor.teacher.full_name for pair in pairs),
        joined(pair.form.name for pair in pairs),
    ]


@dataclass(frozen=True)
class Sheet:
    columns: list[Column]  # the kind's own columns, between the experience and the date added
    cells: Callable  # (entry, today) -> the values of those columns


STATUS_COLUMN = Column("Статус", 20, wrap=True)
FORM_COLUMN = Column("Форма наставничества", 26, wrap=True)

SHEETS = {
    "mentors": Sheet(
        columns=[
            Column("Квалификационная категория", 20, wrap=True),
            Column("Компетенции", 45, wrap=True),
            STATUS_COLUMN,
            Column("Наставляемые (пара / группа)", 34, wrap=True),
            FORM_COLUMN,
        ],
        cells=mentor_cells,
    ),
    "mentees": Sheet(
        columns=[
            Column("Профессиональные запросы", 45, wrap=True),
            STATUS_COLUMN,
            Column("Молодой специалист", 13),
            Column("Наставник", 34, wrap=True),
            FORM_COLUMN,
        ],
        cells=mentee_cells,
    ),
}

# Columns both banks start and end with.
LEADING_COLUMNS = [
    Column("№ п/п", 6),
    Column("ФИО", 34),
    Column("Должность", 26, wrap=True),
    Column("Педагогический стаж (лет)", 13),
]
TRAILING_COLUMNS = [Column("Дата включения в банк", 14), Column("Согласие на обработку ПДн", 15)]


def with_personal_data_consent(queryset):
    """Annotate a bank queryset (Mentor or Mentee) with what the consent column needs: no query per row."""
    withdrawn = Consent.objects.filter(
        teacher=OuterRef("teacher"), kind=ConsentKind.PERSONAL_DATA, withdrawn_at__isnull=False
    )
    return queryset.annotate(
        pd_consent_active=has_active_consent(ConsentKind.PERSONAL_DATA),
        pd_consent_withdrawn=Exists(withdrawn),
    )


def personal_data_consent_label(entry) -> str:
    if entry.pd_consent_active:
        return CONSENT_GIVEN
    return CONSENT_WITHDRAWN if entry.pd_consent_withdrawn else CONSENT_MISSING


def bank_rows(kind, *, school, today: datetime.date) -> list[list]:
    """One row per person of the school's bank, archived and completed ones included; a fixed number of queries."""
    cells = SHEETS[kind.slug].cells
    rows = []
    for number, entry in enumerate(with_personal_data_consent(kind.entries(school=school)), start=1):
        teacher = entry.teacher
        rows.append(
            [
                number,
                teacher.full_name,
                teacher.position,
                teacher.experience_years(today),
                *cells(entry, today),
                timezone.localtime(entry.created_at).date(),
                personal_data_consent_label(entry),
            ]
        )
    return rows


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
    columns = [*LEADING_COLUMNS, *SHEETS[slug].columns, *TRAILING_COLUMNS]
    school_name = FILENAME_FORBIDDEN.sub(" ", school.short_name).strip()
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
