"""The two banks as a table: what the one page, the one export and the command differ in."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db import models

from apps.mentees.models import Mentee
from apps.mentees.selectors import mentee_bank_figures
from apps.mentors.models import Mentor
from apps.surveys.models import QuestionnaireKind

from .forms import MenteeBankFilter, MentorBankFilter
from .selectors import mentee_bank, mentor_bank, mentor_bank_figures


@dataclass(frozen=True)
class BankKind:
    slug: str  # the URL namespace, the command's argument, the ASCII file name
    title: str  # the page's heading, the sheet's title, the Russian file name
    model: type[models.Model]
    permission: str  # who may open the page and download the file
    filter_form: type[forms.Form]  # its cleaned data goes to selectors.filter_bank as is
    entries: Callable  # (*, school) -> the whole bank, annotated with `has_consent`
    figures: Callable  # (*, school) -> the counts at the top of the page
    questionnaire_kind: str  # the questionnaire whose missing answers the page lists
    include_young_specialists: bool  # young specialists outside the bank are waited for too
    columns: tuple[str, ...]  # the page table's headers
    row_template: str  # one row of the page table
    figures_template: str  # the counts above the filter

    @property
    def export_url_name(self) -> str:
        return f"{self.slug}:export"

    @property
    def admin_url_name(self) -> str:
        """The back-office list of the bank (its app label and URLs follow the model)."""
        return f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_changelist"


MENTORS = BankKind(
    slug="mentors",
    title="Банк наставников",
    model=Mentor,
    permission="mentors.view_mentor",
    filter_form=MentorBankFilter,
    entries=mentor_bank,
    figures=mentor_bank_figures,
    questionnaire_kind=QuestionnaireKind.MENTOR,
    include_young_specialists=False,
    columns=("ФИО", "Должность, предметы", "Стаж", "Категория", "Компетенции", "Статус", "Места", "Наставляемые"),
    row_template="banks/_mentor_row.html",
    figures_template="banks/_mentor_figures.html",
)

MENTEES = BankKind(
    slug="mentees",
    title="Банк наставляемых",
    model=Mentee,
    permission="mentees.view_mentee",
    filter_form=MenteeBankFilter,
    entries=mentee_bank,
    figures=mentee_bank_figures,
    questionnaire_kind=QuestionnaireKind.MENTEE_REQUEST,
    include_young_specialists=True,
    columns=("ФИО", "Должность, предметы", "Стаж", "Запросы", "Статус", "Наставник", "В банке с"),
    row_template="banks/_mentee_row.html",
    figures_template="banks/_mentee_figures.html",
)

BANKS = {kind.slug: kind for kind in (MENTORS, MENTEES)}


def bank_kind(slug: str) -> BankKind:
    if slug not in BANKS:
        raise ValueError(f"unknown bank {slug!r}: expected one of {', '.join(BANKS)}")
    return BANKS[slug]
