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
from .rounds import SCHOOL_INDICATORS, compare, school_indicators


def analytical_report_pdf(
    *, school, year_start: int | None = None, today: datetime.date | None = None, compare_with=None
) -> bytes:
    """Аналитическая справка по итогам учебного года: the monitoring figures of that year, compared with a fixed
    round when given (`compare_with`, a MonitoringRound of the school), and the curator's conclusions."""
    today = today or timezone.localdate()
    data = report_data(school=school, year_start=year_start, today=today)
    comparison = None
    if compare_with is not None:
        comparison = compare(SCHOOL_INDICATORS, now=school_indicators(data), before=compare_with.figures.get("indicators", {}))
    curator = school.curator
    doc = {
        "school": school_block(school),
        "title": "Аналитическая справка по итогам реализации системы (целевой модели) наставничества "
        f"педагогических работников в {data['school_year']} учебном году",
        "date": today,
        "curator": teacher_forms(curator) if curator else None,
        "no_conclusions": NO_CONCLUSIONS,
        "round": compare_with,
        "comparison": comparison,
        **data,
    }
    return render_pdf("monitoring/analytical_report.html", {"doc": doc})
