"""School A with real requisites, a curator, two pairs and the names that are hard to decline."""

import datetime
import re
from types import SimpleNamespace

import pytest

from apps.roadmap.services import roadmap_create

from .factories import FULL_NAME, SHORT_NAME, appoint_curator, give_consents, make_teacher, pair_of


@pytest.fixture
def school(school_a):
    school_a.full_name = FULL_NAME
    school_a.short_name = SHORT_NAME
    school_a.city = "Санкт-Петербург"
    school_a.director_name = "Сергеева Татьяна Александровна"
    school_a.director_position = "Директор"
    school_a.date_style = "words"
    school_a.save()
    return school_a


@pytest.fixture
def people(school):
    curator = make_teacher(
        school, "Иванова Мария Петровна", "f", position="заместитель директора по учебно-воспитательной работе", subjects=""
    )
    school.curator = curator
    school.save(update_fields=["curator"])
    return SimpleNamespace(
        curator=curator,
        petrov=make_teacher(school, "Петров Иван Сергеевич", "m", subjects="физика"),
        gogol=make_teacher(school, "Гоголь Анна Васильевна", "f", subjects="русский язык, литература"),
        shevchenko=make_teacher(school, "Шевченко Игорь Васильевич", "m", subjects="история, обществознание"),
        durnovo=make_teacher(school, "Дурново-Сидорова Мария Петровна", "f", position="педагог-психолог", subjects=""),
        belykh=make_teacher(school, "Белых Сергей Петрович", "", subjects="информатика"),  # gender detected
        ilyin=make_teacher(school, "Ильин Илья Ильич", "m", subjects="математика"),
        kuzmich=make_teacher(school, "Кузьмич Ольга Николаевна", "f", position="учитель начальных классов", subjects=""),
    )


@pytest.fixture
def appointed(school, people):
    """The curator appointed by a signed order (№ 1-к of 1 September 2025): orders naming the curator need it."""
    return appoint_curator(school, on=datetime.date(2025, 9, 1))


@pytest.fixture
def pairs(people, appointed):
    """Two pairs started on 1 October 2025, every participant's consent signed on 25 September."""
    started = datetime.date(2025, 10, 1)
    consented = datetime.date(2025, 9, 25)
    return SimpleNamespace(
        one=give_consents(pair_of(people.petrov, people.shevchenko, started_on=started), on=consented),
        group=give_consents(pair_of(people.gogol, people.durnovo, people.belykh, started_on=started), on=consented),
    )


@pytest.fixture
def roadmap(school):
    return roadmap_create(school=school, year_start=2025)


def norm(text: str) -> str:
    """Text compared without spaces and hyphens: line breaks and hyphenation cannot fail a test."""
    return re.sub(r"[\s\-\u2010\u00ad]", "", text)


@pytest.fixture
def contains():
    def check(haystack: str, *needles: str):
        flat = norm(haystack)
        missing = [n for n in needles if norm(n) not in flat]
        assert not missing, f"not in the document: {missing}"

    return check


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Signed PDFs and scans go to a throw-away folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
