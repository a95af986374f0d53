"""Rows of tests/test_url_access.py for the events pages (issue 17): `EXPECTED` (URL name → [Case]) and
`build(world, today=…)`, which adds the objects those rows need to the shared world.

The school's pages (/meropriyatiya/, `events:*`) are `school_staff_required("events.view_event")`: a curator or
director of a school (the coordinator has no school: 403); the organiser's actions ask a curator's permission
(the director reads only: 403) and the school's own event (`_own_event`: a district event or another school's is
a 404). School A and school B are of different municipalities, so school A's district's event is a 404 to B too.
The coordinator's pages (/rayon/meropriyatiya/, `district_events:*`) are `coordinator_required` and show only
the district events of the coordinator's own municipality: the world's coordinator (of another municipality)
gets 404 for school A's district's event and 200 for their own district's.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.events import services as event_services
from apps.events.models import Event, EventKind
from apps.public.tests.data import png_bytes
from tests.test_url_access import (
    ANY_REDIRECT,
    DISTRICT_PAGE,
    LOGIN,
    NONE,
    NOT_ALLOWED,
    OPEN,
    STAFF_OBJECT,
    STAFF_PAGE,
    Case,
    pk_of,
    row,
)

# The curator's actions on school A's own event (POST): the director reads only, school B's curator gets a 404.
CURATOR_ACTION = row(LOGIN, 403, 403, ANY_REDIRECT, 404, 403, 403)
# A curator's form page of their own school (create): the director may not add events.
CURATOR_FORM = row(LOGIN, 403, 403, 200, 200, 403, 403)
# The coordinator's pages of school A's district's event: another municipality's coordinator gets a 404.
OTHER_DISTRICT = row(LOGIN, 403, 403, 403, 403, 403, 404)
OWN_DISTRICT_ACTION = row(LOGIN, 403, 403, 403, 403, 403, ANY_REDIRECT)

own_event = pk_of("school_event")
a_district_event = pk_of("district_event_a")
own_district_event = pk_of("district_event_own")


def _material_of(event_attr, material_attr):
    return lambda w: {"pk": getattr(w, event_attr).pk, "material_pk": getattr(w, material_attr).pk}


EXPECTED = {
    # --- the school's pages
    "events:list": [Case(NONE, STAFF_PAGE, post=STAFF_PAGE)],
    # An empty POST is the form with its errors.
    "events:create": [
        Case(NONE, CURATOR_FORM, post=CURATOR_FORM),
        Case(NONE, CURATOR_FORM, query="?kind=final_conference&date=not-a-date", label="prefilled, bad date"),
    ],
    # The roadmap's «Итоговое мероприятие»: to the school's final event, to the new event's form, or
    # (the director, nothing planned) back to the list: a redirect for every staff member of a school.
    "events:final": [
        Case(NONE, row(LOGIN, 403, 403, *[ANY_REDIRECT] * 3, 403), post=row(LOGIN, 403, 403, *[ANY_REDIRECT] * 3, 403)),
        Case(NONE, row(LOGIN, 403, 403, *[ANY_REDIRECT] * 3, 403), query="?date=garbage", label="bad date"),
    ],
    "events:detail": [
        Case(own_event, STAFF_OBJECT, post=STAFF_OBJECT, label="school A's own event"),
        Case(a_district_event, STAFF_OBJECT, post=STAFF_OBJECT, label="school A's district's event"),
        Case(own_district_event, row(LOGIN, 403, 403, 404, 404, 404, 403), label="another district's event"),
    ],
    "events:edit": [
        Case(own_event, row(LOGIN, 403, 403, 200, 404, 403, 403), post=row(LOGIN, 403, 403, 200, 404, 403, 403)),
        # A district event is the coordinator's: the school's curator does not edit it.
        Case(a_district_event, row(LOGIN, 403, 403, 404, 404, 403, 403), post=row(LOGIN, 403, 403, 404, 404, 403, 403),
             label="school A's district's event"),
    ],
    # Registering the school's teachers (an empty choice: back to the page with the error).
    "events:register": [
        Case(own_event, NOT_ALLOWED, post=CURATOR_ACTION, label="school A's own event"),
        Case(a_district_event, NOT_ALLOWED, post=CURATOR_ACTION, label="school A's district's event"),
    ],
    # The registration of school A's teacher for school A's event (upcoming, no attendance yet).
    "events:unregister": [
        Case(lambda w: {"pk": w.school_event.pk, "registration_pk": w.registration.pk}, NOT_ALLOWED, post=CURATOR_ACTION)
    ],
    "events:attendance": [
        Case(own_event, NOT_ALLOWED, post=CURATOR_ACTION),
        Case(a_district_event, NOT_ALLOWED, post=row(LOGIN, 403, 403, 404, 404, 403, 403), label="school A's district's event"),
    ],
    "events:material_add": [
        Case(own_event, NOT_ALLOWED, post=CURATOR_ACTION),
        Case(a_district_event, NOT_ALLOWED, post=row(LOGIN, 403, 403, 404, 404, 403, 403), label="school A's district's event"),
    ],
    "events:material_delete": [
        Case(_material_of("school_event", "school_material"), NOT_ALLOWED, post=CURATOR_ACTION),
        Case(_material_of("district_event_a", "district_material_a"), NOT_ALLOWED, post=row(LOGIN, 403, 403, 404, 404, 403, 403),
             label="school A's district's material"),
    ],
    "events:sheet_pdf": [
        Case(own_event, STAFF_OBJECT, post=STAFF_OBJECT),
        Case(a_district_event, row(LOGIN, 403, 403, 404, 404, 404, 403), label="school A's district's event"),
    ],
    "events:sheet_xlsx": [
        Case(own_event, STAFF_OBJECT, post=STAFF_OBJECT),
        Case(a_district_event, row(LOGIN, 403, 403, 404, 404, 404, 403), label="school A's district's event"),
    ],
    # A material: a district event's is public (the district's public page lists it); a school's own event's
    # is for the school's staff and the event's registered participants (the world's mentor is one).
    "events:material": [
        Case(pk_of("school_material"), row(404, 404, 200, 200, 404, 200, 404), post=row(404, 404, 200, 200, 404, 200, 404),
             label="school A's own event's material"),
        Case(pk_of("district_material_a"), OPEN, post=OPEN, label="a district event's material"),
        Case({"pk": 999999}, row(*[404] * 7), label="no such material"),
    ],
    # --- the coordinator's pages
    "district_events:list": [Case(NONE, DISTRICT_PAGE, post=DISTRICT_PAGE)],
    "district_events:create": [Case(NONE, DISTRICT_PAGE, post=DISTRICT_PAGE)],
    "district_events:detail": [
        Case(a_district_event, OTHER_DISTRICT, post=OTHER_DISTRICT, label="school A's district's event"),
        Case(own_district_event, DISTRICT_PAGE, post=DISTRICT_PAGE, label="the coordinator's own district's event"),
        Case(own_event, OTHER_DISTRICT, label="a school's own event"),
    ],
    "district_events:edit": [
        Case(a_district_event, OTHER_DISTRICT, post=OTHER_DISTRICT, label="school A's district's event"),
        Case(own_district_event, DISTRICT_PAGE, post=DISTRICT_PAGE, label="the coordinator's own district's event"),
    ],
    "district_events:attendance": [
        Case(a_district_event, NOT_ALLOWED, post=OTHER_DISTRICT, label="school A's district's event"),
        Case(own_district_event, NOT_ALLOWED, post=OWN_DISTRICT_ACTION, label="the coordinator's own district's event"),
    ],
    "district_events:material_add": [
        Case(a_district_event, NOT_ALLOWED, post=OTHER_DISTRICT, label="school A's district's event"),
        Case(own_district_event, NOT_ALLOWED, post=OWN_DISTRICT_ACTION, label="the coordinator's own district's event"),
    ],
    "district_events:material_delete": [
        Case(_material_of("district_event_a", "district_material_a"), NOT_ALLOWED, post=OTHER_DISTRICT,
             label="school A's district's material"),
        Case(_material_of("district_event_own", "district_material_own"), NOT_ALLOWED, post=OWN_DISTRICT_ACTION,
             label="the coordinator's own district's material"),
    ],
    "district_events:sheet_pdf": [
        Case(a_district_event, OTHER_DISTRICT, post=OTHER_DISTRICT, label="school A's district's event"),
        Case(own_district_event, DISTRICT_PAGE, post=DISTRICT_PAGE, label="the coordinator's own district's event"),
    ],
    "district_events:sheet_xlsx": [
        Case(a_district_event, OTHER_DISTRICT, post=OTHER_DISTRICT, label="school A's district's event"),
        Case(own_district_event, DISTRICT_PAGE, post=DISTRICT_PAGE, label="the coordinator's own district's event"),
    ],
}


def _event(*, municipality, school=None, kind, title, starts_at):
    event = Event(municipality=municipality, school=school, kind=kind, title=title, starts_at=starts_at, place="Актовый зал")
    return event_services.event_save(event=event)


def _material(event, name):
    return event_services.material_add(event=event, title="Презентация", file=SimpleUploadedFile(name, png_bytes()))


def build(world, *, today):
    """School A's own final event (its teacher and the world's mentor registered, a material), a district event
    of school A's municipality and one of the coordinator's municipality, each with a material."""
    week_on = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=7), datetime.time(15, 0)))
    school = world.school
    world.school_event = _event(
        municipality=school.municipality, school=school, kind=EventKind.FINAL_CONFERENCE, title="Итоговая конференция", starts_at=week_on
    )
    made = event_services.registrations_create(event=world.school_event, school=school, teachers=[world.teacher, world.shown.teacher])
    world.registration = next(r for r in made if r.teacher_id == world.teacher.pk)
    world.school_material = _material(world.school_event, "school.png")
    world.district_event_a = _event(
        municipality=school.municipality, kind=EventKind.MENTOR_TRAINING, title="Обучение наставников", starts_at=week_on
    )
    world.district_material_a = _material(world.district_event_a, "district-a.png")
    world.district_event_own = _event(
        municipality=world.coordinator.municipality, kind=EventKind.SEMINAR, title="Семинар района", starts_at=week_on
    )
    world.district_material_own = _material(world.district_event_own, "district-own.png")
