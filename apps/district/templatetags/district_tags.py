from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ sorts|get_item:"young" }}: a dictionary entry by a key held in a variable."""
    return mapping.get(key)


@register.filter
def lag_mark(reason):
    """A lagging cell's marker: a visible «!» with the reason as a tooltip, and the reason in words for screen readers."""
    if not reason:
        return ""
    return format_html(
        ' <span class="lag-mark" aria-hidden="true" title="{}">!</span><span class="visually-hidden">(отстаёт: {})</span>',
        reason,
        reason,
    )


def _cell(classes: str, key: str, lagging: str, content) -> str:
    """<td> of the monitoring table: `lagging` (the reason, "" if none) tints it and adds the mark."""
    data_cell = format_html(' data-cell="{}"', key) if key else ""
    return format_html(
        '<td class="{}{}"{}>{}{}</td>', classes, " lagging" if lagging else "", data_cell, content, lag_mark(lagging)
    )


@register.simple_tag
def monitoring_row(row, required_count: int):
    """One school's <tr> of the district monitoring table (district/monitoring.html). Written here, not in the
    template: the template language took ~0.6 ms a row for its ~45 lookups (a third of the page's time on 50
    schools); format_html needs a tenth of that. The numbers come out as with {% localize off %}."""
    lag = row.lagging.get
    young = format_html('<span class="text-nowrap">{} из {}</span>', row.young_in_bank, row.young_total)
    if row.young_percent is not None:
        young = format_html('{} <span class="text-nowrap">({} %){}</span>', young, row.young_percent, lag_mark(lag("young")))
        young_cell = format_html('<td class="text-end{}" data-cell="young">{}</td>', " lagging" if lag("young") else "", young)
    else:
        young_cell = _cell("text-end", "young", lag("young"), young)
    if row.satisfaction is not None:
        satisfaction = floatformat(row.satisfaction, "1")
    else:
        satisfaction = mark_safe('<span class="text-muted">нет ответов</span>')
    roadmap = f"{row.roadmap_percent} %" if row.roadmap_total else mark_safe('<span class="text-muted">нет</span>')
    cells = [
        format_html('<th scope="row" class="fw-normal">{}</th>', row.school.short_name),
        _cell("text-end text-nowrap", "", "", row.teachers),
        young_cell,
        _cell("text-end text-nowrap", "", "", f"{row.early_in_bank} из {row.early_total}"),
        _cell("text-end text-nowrap", "", "", row.mentors),
        _cell("text-end text-nowrap", "", "", row.mentees),
        _cell("text-end text-nowrap", "waiting", lag("waiting"), row.mentees_waiting),
        _cell("text-end text-nowrap", "", "", row.pairs),
        _cell("text-end text-nowrap", "programmes", "", f"{row.programmes_completed} из {row.programmes_total}"),
        _cell("text-end text-nowrap", "overdue", lag("overdue"), row.activities_overdue),
        _cell("text-end text-nowrap", "satisfaction", lag("satisfaction"), satisfaction),
        _cell("text-end text-nowrap", "roadmap", lag("roadmap"), roadmap),
        _cell("text-end text-nowrap", "documents", lag("documents"), f"{row.documents_signed} из {required_count}"),
        _cell("text-end text-nowrap", "published", lag("published"), f"{row.documents_published} из {required_count}"),
    ]
    return format_html(
        '<tr data-school="{}">\n      {}\n    </tr>', row.school.slug, mark_safe("\n      ".join(cells))
    )
