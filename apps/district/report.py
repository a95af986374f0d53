"""«Аналитическая справка» of the municipality: the monitoring table in words and figures,
rendered in the same document style as the schools' analytical report."""

import datetime

from apps.core.dates import SchoolYear
from apps.documents.documents import render_pdf

from .rounds import district_comparison
from .selectors import REQUIRED_ORDERS, monitoring_rows, monitoring_totals


def district_report_data(*, municipality, today: datetime.date, year: SchoolYear | None = None, compare_with=None) -> dict:
    """The district's справка of school year `year` (the current one by default), compared with a fixed round when given."""
    year_obj = year or SchoolYear.of(today)
    rows = monitoring_rows(municipality=municipality, year=year_obj, today=today)
    totals = monitoring_totals(rows)
    today = year_obj.counting_day(today)
    year = year_obj.start
    return {
        "round": compare_with,
        "comparison": district_comparison(rows, totals, compare_with) if compare_with else None,
        "municipality": municipality,
        "title": "Аналитическая справка о ходе реализации системы (целевой модели) наставничества педагогических "
        f"работников в образовательных организациях в {year}/{year + 1} учебном году",
        "date": today,
        "school_year": f"{year}/{year + 1}",
        "rows": rows,
        "totals": totals,
        "lagging": [r for r in rows if r.lagging],
        "required_orders": [kind.label for kind in REQUIRED_ORDERS],
    }


def signature_name(user) -> str:
    """«О. Толмачева»: the initial and the surname, as a signature is written; the login if no name is set."""
    if user.first_name and user.last_name:
        return f"{user.first_name[0]}. {user.last_name}"
    return user.get_full_name() or user.username


def district_report_pdf(*, municipality, coordinator, today: datetime.date, year: SchoolYear | None = None, compare_with=None) -> bytes:
    doc = district_report_data(municipality=municipality, today=today, year=year, compare_with=compare_with)
    doc["signer"] = signature_name(coordinator)
    return render_pdf("documents/district_report.html", {"doc": doc})
