"""The mentor bank as a spreadsheet row per mentor (see apps.core.bank_export)."""

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

from .selectors import mentor_bank

MENTOR_BANK_COLUMNS = [
    NUMBER_COLUMN,
    NAME_COLUMN,
    POSITION_COLUMN,
    EXPERIENCE_COLUMN,
    Column("Квалификационная категория", 20, wrap=True),
    Column("Компетенции", 45, wrap=True),
    STATUS_COLUMN,
    Column("Наставляемые (пара / группа)", 34, wrap=True),
    FORM_COLUMN,
    ADDED_COLUMN,
    CONSENT_COLUMN,
]


def mentor_bank_rows(*, school, today: datetime.date) -> list[list]:
    """One row per mentor of the school, archived ones included; a fixed number of queries."""
    rows = []
    for number, mentor in enumerate(with_personal_data_consent(mentor_bank(school=school)), start=1):
        teacher = mentor.teacher
        current = [m for pair in mentor.open_pairs for m in pair.memberships.all() if m.left_on is None]
        rows.append(
            [
                number,
                teacher.full_name,
                teacher.position,
                teacher.experience_years(today),
                mentor.get_qualification_category_display(),
                joined(c.name for c in mentor.competences.all()),
                mentor.get_status_display(),
                joined(m.mentee.teacher.full_name for m in current),
                joined(pair.form.name for pair in mentor.open_pairs),
                added_on(mentor),
                personal_data_consent_label(mentor),
            ]
        )
    return rows


def mentor_bank_xlsx(*, school, today: datetime.date) -> tuple[bytes, int]:
    rows = mentor_bank_rows(school=school, today=today)
    return table_xlsx(title="Банк наставников", columns=MENTOR_BANK_COLUMNS, rows=rows), len(rows)
