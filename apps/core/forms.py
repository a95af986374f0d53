"""What the portal's model forms share."""

from django.db import models

# For an admin's `formfield_overrides`: the same as `https_urls` below.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


def https_urls(db_field, **kwargs):
    """A model form's `Meta.formfield_callback`: the fields Django makes, except that an address typed
    without its scheme («school.ru») is read as https://school.ru, not http:// (Django 6 does so by
    default; Django 5 still reads http:// and warns about the change)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)
