from django import template

from apps.core.text import plural, years

register = template.Library()


@register.filter
def ru_plural(number, forms: str) -> str:
    """{{ n|ru_plural:"год,года,лет" }} → "1 год", "3 года", "11 лет"."""
    return f"{number} {plural(int(number), *forms.split(','))}"


@register.filter
def ru_years(number) -> str:
    """{{ n|ru_years }} → "меньше года", "1 год", "3 года", "11 лет"."""
    return years(int(number))
