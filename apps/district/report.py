"""«Аналитическая справка» of the municipality: the monitoring table in words and figures,
rendered in the same document style as the schools' analytical report."""

import datetime

from apps.core.dates import school_year_start
from apps.documents.documents import render_pdf

from .selectors import REQUIRED_ORDERS, monitoring_rows, monitoring_totals


def district_report_data(*, municipality, today: datetime.date) -> dict:
    rows = monitoring_rows(municipality=municipality, today=today)
    year = school_year_start(today)
    return {
        "municipality": municipality,
        "title": "Аналитическая справка о ходе реализации системы (целевой модели) наставничества педагогических "
        f"работников в образовательных организациях в {year}/{year + 1} учебном году",
        "date": today,
        "school_year": f"{year}/{year + 1}",
        "rows": rows,
        "totals": monitoring_totals(rows),
        "lagging": [r for r in rows if r.lagging],
        "required_orders": [kind.label for kind in REQUIRED_ORDERS],
    }


def district_report_pdf(*, municipality, coordinator, today: datetime.date) -> bytes:
    doc = district_report_data(municipality=municipality, today=today)
    doc["signer"] = coordinator.get_full_name() or coordinator.username
    return render_pdf("documents/district_report.html", {"doc": doc})
