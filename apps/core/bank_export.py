"""The two banks as the district's spreadsheet: one row per person, the curator's working file.

Everybody in the bank is listed, whatever their consents: a column says whether the
consent to the processing of personal data is given, withdrawn or missing. The rows
themselves come from `apps.mentors.exports` and `apps.mentees.exports`.

    export_bank_xlsx("mentors", school=school) -> BankExport(content, filename, ascii_filename, rows)
    export_bank_response("mentees", school)   -> an HttpResponse downloading the file
"""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from apps.consents.models import Consent, ConsentKind
from apps.consents.selectors import has_active_consent

from .xlsx import Column, xlsx_response

BANK_KINDS = {"mentors": "Банк наставников", "mentees": "Банк наставляемых"}

CONSENT_GIVEN = "да"
CONSENT_WITHDRAWN = "отозвано"
CONSENT_MISSING = "нет"

# Columns both banks start and end with.
NUMBER_COLUMN = Column("№ п/п", 6)
NAME_COLUMN = Column("ФИО", 34)
POSITION_COLUMN = Column("Должность", 26, wrap=True)
EXPERIENCE_COLUMN = Column("Педагогический стаж (лет)", 13)
STATUS_COLUMN = Column("Статус", 20, wrap=True)
FORM_COLUMN = Column("Форма наставничества", 26, wrap=True)
ADDED_COLUMN = Column("Дата включения в банк", 14)
CONSENT_COLUMN = Column("Согласие на обработку ПДн", 15)

FILENAME_FORBIDDEN = re.compile(r'[\\/:*?"<>|«»]+')


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


def added_on(entry) -> datetime.date:
    return timezone.localtime(entry.created_at).date()


def joined(items) -> str:
    """Distinct non-empty items in their order, one per line."""
    return "\n".join(dict.fromkeys(i for i in items if i))


@dataclass(frozen=True)
class BankExport:
    content: bytes
    filename: str
    ascii_filename: str
    rows: int


def export_bank_xlsx(kind: str, *, school, today: datetime.date | None = None) -> BankExport:
    """The bank `kind` ("mentors" or "mentees") of `school` as an XLSX workbook."""
    from apps.mentees.exports import mentee_bank_xlsx
    from apps.mentors.exports import mentor_bank_xlsx

    builders = {"mentors": mentor_bank_xlsx, "mentees": mentee_bank_xlsx}
    if kind not in builders:
        raise ValueError(f"unknown bank {kind!r}: expected one of {', '.join(builders)}")
    today = today or timezone.localdate()
    content, rows = builders[kind](school=school, today=today)
    school_name = FILENAME_FORBIDDEN.sub(" ", school.short_name).strip()
    return BankExport(
        content=content,
        filename=f"{BANK_KINDS[kind]} — {school_name} — {today:%d.%m.%Y}.xlsx",
        ascii_filename=f"{kind}-{school.slug}-{today:%Y-%m-%d}.xlsx",
        rows=rows,
    )


def export_bank_response(kind: str, school, *, today: datetime.date | None = None):
    """The download of a bank for a view: XLSX content type, a Russian file name (RFC 6266)."""
    export = export_bank_xlsx(kind, school=school, today=today)
    return xlsx_response(export.content, filename=export.filename, ascii_filename=export.ascii_filename)
