from django import template

from ..markup import render_markup

register = template.Library()


@register.filter
def markup(text):
    """Curator's text with **bold**, *italic*, lists and links, sanitised."""
    return render_markup(text)
