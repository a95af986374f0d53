"""The mentee bank as a spreadsheet row per mentee (see apps.core.bank_export)."""

import datetime

from apps.core.bank_export import (
    ADDED_COLUMN,
    CONSENT_COLUMN,
    EXPERIENCE_COLUMN,
    FORM_COLUMN,
    NAME_COLUMN,
    NUMBER_COLUMN,
    POSITION_COLUMN,
    STATUS_COLUMN,
    added_on,
    joined,
    personal_data_consent_label,
    with_personal_data_consent,
)
from apps.core.xlsx import Column, table_xlsx

from .selectors import mentee_bank

MENTEE_BANK_COLUMNS = [
    NUMBER_COLUMN,
    NAME_COLUMN,
    POSITION_COLUMN,
    EXPERIENCE_COLUMN,
    Column("Профессиональные запросы", 45, wrap=True),
    STATUS_COLUMN,
    Column("Молодой специалист", 13),
    Column("Наставник", 34, wrap=True),
    FORM_COLUMN,
    ADDED_COLUMN,
    CONSENT_COLUMN,
]


def mentee_bank_rows(*, school, today: datetime.date) -> list[list]:
    """One row per mentee of the school, those who completed included; a fixed number of queries."""
    rows = []
    for number, mentee in enumerate(with_personal_data_consent(mentee_bank(school=school)), start=1):
        teacher = mentee.teacher
        pairs = [m.pair for m in mentee.open_memberships]
        rows.append(
            [
                number,
                teacher.full_name,
                teacher.position,
                teacher.experience_years(today),
                joined([*(r.name for r in mentee.requests.all()), mentee.requests_text.strip()]),
                mentee.get_status_display(),
                "да" if teacher.is_young_specialist(today) else "нет",
                joined(pair.mentor.teacher.full_name for pair in pairs),
                joined(pair.form.name for pair in pairs),
                added_on(mentee),
                personal_data_consent_label(mentee),
            ]
        )
    return rows


def mentee_bank_xlsx(*, school, today: datetime.date) -> tuple[bytes, int]:
    rows = mentee_bank_rows(school=school, today=today)
    return table_xlsx(title="Банк наставляемых", columns=MENTEE_BANK_COLUMNS, rows=rows), len(rows)
