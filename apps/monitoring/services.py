"""Writes of the monitoring section: the curator's conclusions for the analytical report, monitoring rounds."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.dates import SchoolYear

from .models import AnnualReport, MonitoringRound
from .report import report_data, report_rows
from .rounds import json_value, school_indicators


@transaction.atomic
def annual_report_conclusions_save(*, school, year_start: int, conclusions: str) -> AnnualReport:
    """The curator's conclusions for the school year's analytical report (one record per school and year)."""
    report, _ = AnnualReport.objects.select_for_update().get_or_create(school=school, year_start=year_start)
    report.conclusions = conclusions.strip()
    report.full_clean()
    report.save()
    return report


def _check_round(*, year: SchoolYear, name: str, today: datetime.date) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Укажите название среза, например «входной — январь»."})
    if year.start > SchoolYear.of(today).start:
        raise ValidationError({"year": f"{year.label} учебный год ещё не начался: срез фиксируется за текущий или прошедший год."})
    return name


@transaction.atomic
def round_save(*, year: SchoolYear, name: str, user, figures: dict, counted_on: datetime.date, school=None, municipality=None) -> MonitoringRound:
    """Store a round with figures computed by its owner's section (the school's below, the district's in apps.district).

    The one way rounds are made: the name is checked, the author kept by name too, the figures never change afterwards.
    """
    name = _check_round(year=year, name=name, today=timezone.localdate())
    monitoring_round = MonitoringRound(
        school=school,
        municipality=municipality,
        year_start=year.start,
        name=name,
        counted_on=counted_on,
        figures=figures,
        created_by=user,
        created_by_name=user.get_full_name() if user else "",  # a name, never a login; nameless accounts leave it blank
    )
    monitoring_round.full_clean()
    try:
        with transaction.atomic():
            monitoring_round.save()
    except IntegrityError as error:  # the same name fixed a moment ago by someone else
        raise ValidationError({"name": "Срез с таким названием за этот учебный год уже зафиксирован."}) from error
    return monitoring_round


def school_round_fix(*, school, year: SchoolYear, name: str, user, today: datetime.date | None = None) -> MonitoringRound:
    """The curator fixes the school's figures of `year` as they are now: the indicators to compare with later
    and the whole «Показатель / Значение» table to download as it was."""
    today = today or timezone.localdate()
    _check_round(year=year, name=name, today=today)
    data = report_data(school=school, year_start=year.start, today=today)
    figures = {
        "indicators": school_indicators(data),
        "rows": [[label, json_value(value)] for label, value in report_rows(data)],
    }
    return round_save(school=school, year=year, name=name, user=user, figures=figures, counted_on=data["day"])
