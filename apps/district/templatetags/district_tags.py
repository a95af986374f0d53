import functools
from html import escape

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



@functools.cache
def _mark(reason: str) -> str:
    """lag_mark's HTML as plain text: the reasons are a handful of fixed phrases (selectors.lagging_reasons)."""
    return str(lag_mark(reason))


def _cell(classes: str, key: str, lagging: str, content) -> str:
    """<td> of the monitoring table; `content` is HTML already (numbers, or escaped text); `lagging` (the reason,
    "" if none) tints the cell and adds the mark."""
    data_cell = f' data-cell="{key}"' if key else ""
    if lagging:
        return f'<td class="{classes} lagging"{data_cell}>{content}{_mark(lagging)}</td>'
    return f'<td class="{classes}"{data_cell}>{content}</td>'


@register.simple_tag
def monitoring_row(row, required_count: int):
    """One school's <tr> of the district monitoring table (district/monitoring.html). Written here, not in the
    template: the template language took ~0.6 ms a row for its ~45 lookups and filters (a third of the page's
    time on 50 schools); plain string formatting needs a small part of that. The numbers come out as with
    {% localize off %}; the only texts, the school's name and slug, are escaped."""
    lag = row.lagging.get
    young = f'<span class="text-nowrap">{row.young_in_bank} из {row.young_total}</span>'
    if row.young_percent is not None:
        mark = _mark(lag("young")) if lag("young") else ""
        young_cell = (
            f'<td class="text-end{" lagging" if lag("young") else ""}" data-cell="young">'
            f'{young} <span class="text-nowrap">({row.young_percent} %){mark}</span></td>'
        )
    else:
        young_cell = _cell("text-end", "young", lag("young"), young)
    if row.satisfaction is not None:
        satisfaction = floatformat(row.satisfaction, "1")
    else:
        satisfaction = '<span class="text-muted">нет ответов</span>'
    roadmap = f"{row.roadmap_percent} %" if row.roadmap_total else '<span class="text-muted">нет</span>'
    plain = "text-end text-nowrap"
    cells = (
        f'<th scope="row" class="fw-normal">{escape(row.school.short_name)}</th>',
        _cell(plain, "", "", row.teachers),
        young_cell,
        _cell(plain, "", "", f"{row.early_in_bank} из {row.early_total}"),
        _cell(plain, "", "", row.mentors),
        _cell(plain, "", "", row.mentees),
        _cell(plain, "waiting", lag("waiting"), row.mentees_waiting),
        _cell(plain, "", "", row.pairs),
        _cell(plain, "programmes", "", f"{row.programmes_completed} из {row.programmes_total}"),
        _cell(plain, "overdue", lag("overdue"), row.activities_overdue),
        _cell(plain, "satisfaction", lag("satisfaction"), satisfaction),
        _cell(plain, "roadmap", lag("roadmap"), roadmap),
        _cell(plain, "documents", lag("documents"), f"{row.documents_signed} из {required_count}"),
        _cell(plain, "published", lag("published"), f"{row.documents_published} из {required_count}"),
    )
    body = "\n      ".join(cells)
    return mark_safe(f'<tr data-school="{escape(row.school.slug)}">\n      {body}\n    </tr>')
