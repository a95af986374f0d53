"""Writes of the monitoring section: the curator's conclusions for the analytical report."""

from django.db import transaction

from .models import AnnualReport


@transaction.atomic
def annual_report_conclusions_save(*, school, year_start: int, conclusions: str) -> AnnualReport:
    """The curator's conclusions for the school year's analytical report (one record per school and year)."""
    report, _ = AnnualReport.objects.select_for_update().get_or_create(school=school, year_start=year_start)
    report.conclusions = conclusions.strip()
    report.full_clean()
    report.save()
    return report
