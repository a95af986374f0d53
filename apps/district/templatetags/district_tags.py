from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ sorts|get_item:"young" }}: a dictionary entry by a key held in a variable."""
    return mapping.get(key)
