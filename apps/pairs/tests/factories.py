from apps.catalogues.models import MentoringForm
from apps.core.dates import add_months
from apps.core.tests.clock import this_school_year
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.services import pair_create


def make_pair(*, mentor=None, mentees=None, school=None, started_on=None, months=8):
    """A draft pair made through the service, so the test data obeys every rule; by default it
    started on 1 October of last school year."""
    started_on = started_on or this_school_year(10, 1, years=-1)
    mentor = mentor or MentorFactory(**({"teacher__school": school} if school else {}))
    school = mentor.school
    mentees = mentees if mentees is not None else [MenteeFactory(teacher__school=school)]
    planned_end_on = add_months(started_on, months)
    return pair_create(
        school=school,
        mentor=mentor,
        mentees=mentees,
        form=MentoringForm.objects.get(code="teacher-teacher"),
        started_on=started_on,
        planned_end_on=planned_end_on,
    )


def give_pair_consents(pair):
    """Every participant's consent to the pair, as the curator records paper ones."""
    from apps.pairs.services import pair_consents_record_paper

    return pair_consents_record_paper(pair=pair, recorded_by=None)


def make_active_pair(**kwargs):
    """A pair that has started work: formed through the service, consents recorded, activated."""
    from apps.pairs.services import pair_activate

    pair = make_pair(**kwargs)
    give_pair_consents(pair)
    return pair_activate(pair=pair)


def login_for(teacher):
    """A teacher's login (role «Педагог»), linked to their card."""
    from apps.accounts.roles import Role
    from apps.schools.tests.factories import UserFactory

    user = UserFactory(school=teacher.school, roles=[Role.TEACHER])
    teacher.user = user
    teacher.save(update_fields=["user"])
    return user
