"""The monitoring section's generated document: the analytical report, rendered through documents' PDF machinery.

It is registered with `manage.py render_document` (as `analytical_report`) at MonitoringConfig.ready():
documents, a layer below, never imports monitoring.
"""

import datetime

from django.utils import timezone

from apps.documents.content import school_block
from apps.documents.documents import render_pdf
from apps.documents.names import teacher_forms

from .report import NO_CONCLUSIONS, report_data


def analytical_report_pdf(*, school, year_start: int | None = None, today: datetime.date | None = None) -> bytes:
    """Аналитическая справка по итогам учебного года: the monitoring figures and the curator's conclusions."""
    today = today or timezone.localdate()
    data = report_data(school=school, year_start=year_start, today=today)
    curator = school.curator
    doc = {
        "school": school_block(school),
        "title": "Аналитическая справка по итогам реализации системы (целевой модели) наставничества "
        f"педагогических работников в {data['school_year']} учебном году",
        "date": today,
        "curator": teacher_forms(curator) if curator else None,
        "no_conclusions": NO_CONCLUSIONS,
        **data,
    }
    return render_pdf("monitoring/analytical_report.html", {"doc": doc})
