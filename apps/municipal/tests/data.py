"""A district for the contest's tests: two schools of one municipality with a working pair each, their
curators, the coordinator, and a school of another municipality."""

from dataclasses import dataclass

from apps.accounts.roles import Role
from apps.core.tests.clock import school_year_start, this_school_year
from apps.pairs.tests.factories import make_active_pair
from apps.schools.tests.factories import SchoolFactory, UserFactory

from ..services import contest_save

TODAY = this_school_year(12, 3)  # applications are open
LATE = this_school_year(12, 21)  # the day after they close


@dataclass
class District:
    municipality: object
    school: object
    neighbour: object
    curator: object
    neighbour_curator: object
    coordinator: object
    pair: object
    neighbour_pair: object


def build_district(school_a) -> District:
    municipality = school_a.municipality
    neighbour = SchoolFactory(municipality=municipality, short_name="Школа А-2", slug="school-a2")
    return District(
        municipality=municipality,
        school=school_a,
        neighbour=neighbour,
        curator=UserFactory(username="curator-a", school=school_a, is_staff=True, roles=[Role.CURATOR]),
        neighbour_curator=UserFactory(username="curator-a2", school=neighbour, is_staff=True, roles=[Role.CURATOR]),
        coordinator=UserFactory(
            username="coordinator", first_name="Ольга", last_name="Районова", is_staff=True,
            municipality=municipality, roles=[Role.COORDINATOR],
        ),
        pair=make_active_pair(school=school_a),
        neighbour_pair=make_active_pair(school=neighbour),
    )


def make_contest(municipality, **kwargs):
    values = {
        "title": "НАСТАВНИК + НАСТАВЛЯЕМЫЙ = КОМАНДА",
        "year_start": school_year_start(),
        "description": "",
        "applications_from": this_school_year(11, 1),
        "applications_until": this_school_year(12, 20),
        "results_on": this_school_year(12, 25),
        "nominations": "Лучшая наставническая пара\nЛучшая практика",
        "criteria": "Результативность\nОригинальность",
        **kwargs,
    }
    return contest_save(municipality=municipality, **values)
