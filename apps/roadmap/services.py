import calendar
import datetime

from django.db import transaction

from .models import Event, Roadmap, Stage
from .standard import STANDARD_STAGES


def month_end(year_start: int, month_of_school_year: int) -> datetime.date:
    """Last day of the n-th month of the school year (0 = September)."""
    month = 9 + month_of_school_year
    year = year_start + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


@transaction.atomic
def roadmap_create(*, school, year_start: int) -> Roadmap:
    """A new roadmap pre-filled with the seven standard stages and their events."""
    roadmap = Roadmap(school=school, year_start=year_start)
    roadmap.full_clean()
    roadmap.save()
    prefill_stages(roadmap)
    return roadmap


def prefill_stages(roadmap: Roadmap) -> None:
    stages = Stage.objects.bulk_create(
        Stage(roadmap=roadmap, number=number, title=title)
        for number, (title, _) in enumerate(STANDARD_STAGES, start=1)
    )
    Event.objects.bulk_create(
        Event(
            stage=stage,
            title=title,
            deadline=month_end(roadmap.year_start, month),
            responsible=responsible,
            result_document=document,
            order=order,
        )
        for stage, (_, events) in zip(stages, STANDARD_STAGES)
        for order, (title, month, responsible, document) in enumerate(events, start=1)
    )
