"""Reads over schools and their staff that other apps share."""

from django.db.models import Q


def teacher_name_matches(q: str, teacher: str = "teacher") -> Q:
    """Every word of `q` found in the surname, name or patronymic of the teacher at that path."""
    condition = Q()
    for word in q.split():
        condition &= (
            Q(**{f"{teacher}__last_name__icontains": word})
            | Q(**{f"{teacher}__first_name__icontains": word})
            | Q(**{f"{teacher}__patronymic__icontains": word})
        )
    return condition
