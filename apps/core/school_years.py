"""The school year a page shows, read from `?year=`, and the selector's links that keep the other filters."""

import datetime

from django.http import Http404

from .dates import SchoolYear


def year_from_request(request, *, today: datetime.date) -> SchoolYear:
    """`?year=2025` (or «2025/2026»): that school year; none: the current one; anything else: 404."""
    current = SchoolYear.of(today)
    try:
        return SchoolYear.parse(request.GET.get("year"), default=current)
    except ValueError as error:
        raise Http404("Неверно указан учебный год.") from error


def year_links(request, *, years, selected: SchoolYear, drop=("page",)) -> list[dict]:
    """One link per school year of `years` (newest first), the query string otherwise kept (sorting, a chosen round)."""
    links = []
    for year in sorted(set(years) | {selected}, reverse=True):
        params = request.GET.copy()
        for name in drop:
            params.pop(name, None)
        params["year"] = str(year.start)
        links.append({"year": year, "label": year.label, "query": params.urlencode(), "selected": year == selected})
    return links
