import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.roadmap.models import Event, EventStatus
from apps.roadmap.services import month_end, roadmap_create
from apps.roadmap.standard import STANDARD_STAGES

pytestmark = pytest.mark.django_db


def test_a_new_roadmap_has_the_seven_standard_stages_with_events(school_a):
    roadmap = roadmap_create(school=school_a, year_start=2025)
    stages = list(roadmap.stages.order_by("number"))
    assert [s.number for s in stages] == [1, 2, 3, 4, 5, 6, 7]
    assert stages[0].title == "Подготовка условий для реализации системы наставничества"
    assert stages[1].title == "Формирование банка наставляемых"
    assert stages[6].title == "Информационная поддержка системы наставничества"
    events = Event.objects.filter(stage__roadmap=roadmap)
    assert events.count() == sum(len(e) for _, e in STANDARD_STAGES)
    assert all(e.status == EventStatus.PLANNED for e in events)
    pairs_event = events.get(result_document="Приказ о закреплении наставнических пар/групп")
    assert pairs_event.deadline == datetime.date(2025, 11, 30)
    assert pairs_event.stage.number == 5
    assert str(roadmap) == "Дорожная карта на 2025/2026 учебный год"


def test_deadlines_stay_within_the_school_year():
    assert month_end(2025, 0) == datetime.date(2025, 9, 30)
    assert month_end(2025, 3) == datetime.date(2025, 12, 31)
    assert month_end(2025, 4) == datetime.date(2026, 1, 31)
    assert month_end(2025, 8) == datetime.date(2026, 5, 31)


def test_one_roadmap_per_school_year(school_a, school_b):
    roadmap_create(school=school_a, year_start=2025)
    roadmap_create(school=school_b, year_start=2025)
    with pytest.raises(ValidationError, match="Дорожная карта на этот учебный год уже есть."):
        roadmap_create(school=school_a, year_start=2025)


def test_overdue_events_are_the_unfinished_ones_past_their_deadline(school_a):
    roadmap = roadmap_create(school=school_a, year_start=2025)
    on = datetime.date(2025, 11, 15)
    overdue = Event.objects.filter(stage__roadmap=roadmap).overdue(on)
    assert overdue.exists()
    assert all(e.deadline < on for e in overdue)
    first = overdue.first()
    first.status, first.done_on = EventStatus.DONE, on
    first.save()
    assert first not in Event.objects.overdue(on)
