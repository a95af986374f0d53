"""Demo data of network mentoring: a curator login for the neighbour school (`curator2`) and one request, asked
by the coordinator, for a mentor of the neighbour school to take a waiting mentee of the demo school. Idempotent."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from apps.accounts.roles import Role
from apps.matching.selectors import waiting_mentees
from apps.network.models import NetworkRequest
from apps.network.selectors import partner_mentors
from apps.network.services import network_request_create

from .demo_school import demo_password_hash, load_fixture, needs_demo_password

CURATOR2 = "curator2"
NOTE = (
    "Наставляемой нужен наставник по подготовке к ОГЭ по математике: в нашей школе свободных наставников с этой компетенцией нет."
)


def seed_network(*, school, neighbour, municipality, today) -> str:
    """`school`: the demo school (the mentee's), `neighbour`: the second school (the mentor's). Returns a line for
    the command's output."""
    if neighbour is None:
        return ""
    _curator2(neighbour)
    User = get_user_model()
    asker = User.objects.filter(username="coordinator", municipality=municipality).first() or User.objects.get(username="curator")
    if not NetworkRequest.objects.filter(mentee__school=school, mentor__school=neighbour).exists():
        mentee = waiting_mentees(school=school).first()
        mentor = partner_mentors(school=school).filter(school=neighbour).first()
        if mentee is not None and mentor is not None:
            network_request_create(mentee=mentee, mentor=mentor, requested_by=asker, note=NOTE)
    return f"Сетевое взаимодействие: куратор {neighbour.short_name} — логин {CURATOR2}; запрос на наставника ждёт его решения."


def _curator2(neighbour):
    """The neighbour school's curator login, bound to its curator's card."""
    User = get_user_model()
    curator = neighbour.curator
    user = User.objects.filter(username=CURATOR2).first() or User(username=CURATOR2)
    user.first_name, user.last_name = (curator.first_name, curator.last_name) if curator else ("", "")
    user.email = curator.email if curator else ""
    user.is_staff, user.is_active, user.school, user.municipality = True, True, neighbour, None
    if needs_demo_password(user):
        user.password = demo_password_hash(load_fixture()["password"])
    user.full_clean()
    user.save()
    user.groups.set([Group.objects.get(name=Role.CURATOR.value)])
    if curator is not None and curator.user_id is None:
        curator.user = user
        curator.save(update_fields=["user", "updated_at"])
    return user
