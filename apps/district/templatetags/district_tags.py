from django import template
from django.utils.html import format_html

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
