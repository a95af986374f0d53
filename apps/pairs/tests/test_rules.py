"""The rules that must never be broken, each rejected with a Russian message."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.core.tests.clock import this_school_year
from apps.mentees.models import MenteeStatus
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.models import Mentor
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.models import PairMentee, PairStatus
from apps.pairs.selectors import mentor_load
from apps.pairs.services import pair_add_mentee, pair_end
from apps.pairs.tests.factories import make_pair

pytestmark = pytest.mark.django_db


def test_a_teacher_is_only_once_in_the_mentor_bank(school_a):
    mentor = MentorFactory(teacher__school=school_a)
    again = Mentor(school=school_a, teacher=mentor.teacher, capacity=1)
    with pytest.raises(ValidationError, match="Этот педагог уже есть в банке наставников."):
        again.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        again.save()


def test_a_teacher_is_only_once_in_the_mentee_bank(school_a):
    mentee = MenteeFactory(teacher__school=school_a)
    with pytest.raises(ValidationError, match="Этот педагог уже есть в банке наставляемых."):
        MenteeFactory.build(school=school_a, teacher=mentee.teacher).full_clean()


def test_mentor_capacity_cannot_exceed_the_school_limit(school_a):
    mentor = MentorFactory.build(teacher=MentorFactory(teacher__school=school_a).teacher, capacity=3)
    mentor.pk = None
    with pytest.raises(ValidationError, match="не более 2 наставляемых одновременно"):
        mentor.clean()


def test_a_mentor_is_never_given_more_mentees_than_capacity(school_a):
    mentor = MentorFactory(teacher__school=school_a, capacity=2)
    pair = make_pair(mentor=mentor, mentees=[MenteeFactory(teacher__school=school_a)])
    pair_add_mentee(pair=pair, mentee=MenteeFactory(teacher__school=school_a))
    with pytest.raises(ValidationError, match="свободно мест: 0 из 2"):
        pair_add_mentee(pair=pair, mentee=MenteeFactory(teacher__school=school_a))
    with pytest.raises(ValidationError, match="свободно мест: 0 из 2"):
        make_pair(mentor=mentor, mentees=[MenteeFactory(teacher__school=school_a)])
    assert mentor_load(mentor) == 2


def test_a_group_larger_than_capacity_is_refused_whole(school_a):
    mentor = MentorFactory(teacher__school=school_a, capacity=2)
    mentees = [MenteeFactory(teacher__school=school_a) for _ in range(3)]
    with pytest.raises(ValidationError, match="нельзя закрепить ещё 3"):
        make_pair(mentor=mentor, mentees=mentees)
    assert not PairMentee.objects.exists()
    assert all(m.status == MenteeStatus.WAITING for m in mentees)


def test_a_mentor_cannot_mentor_themself(school_a):
    mentor = MentorFactory(teacher__school=school_a)
    self_as_mentee = MenteeFactory(teacher=mentor.teacher, school=school_a)
    with pytest.raises(ValidationError, match="Наставник не может быть наставляемым в своей же паре."):
        make_pair(mentor=mentor, mentees=[self_as_mentee])


def test_a_mentee_is_in_one_open_pair_at_a_time(school_a):
    mentee = MenteeFactory(teacher__school=school_a)
    make_pair(mentees=[mentee], school=school_a)
    with pytest.raises(ValidationError, match="Наставляемый уже состоит в другой действующей паре или группе."):
        make_pair(mentees=[mentee], school=school_a)
    # The database refuses it too, whatever path skips the model check.
    other = make_pair(school=school_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        PairMentee.objects.create(pair=other, mentee=mentee)


def test_a_pair_cannot_cross_schools(school_a, school_b):
    mentor = MentorFactory(teacher__school=school_a)
    with pytest.raises(ValidationError, match="Наставляемый из другой организации."):
        make_pair(mentor=mentor, mentees=[MenteeFactory(teacher__school=school_b)])


def test_programme_length_follows_the_school_settings(school_a):
    with pytest.raises(ValidationError, match="от 3 до 12 месяцев"):
        make_pair(school=school_a, months=2)
    with pytest.raises(ValidationError, match="от 3 до 12 месяцев"):
        make_pair(school=school_a, months=13)


def test_ending_a_pair_keeps_history_and_frees_mentee_and_mentor(school_a):
    mentor = MentorFactory(teacher__school=school_a, capacity=1)
    mentee = MenteeFactory(teacher__school=school_a)
    pair = make_pair(mentor=mentor, mentees=[mentee])
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.PAIRED

    pair_end(pair=pair, status=PairStatus.DISSOLVED, ended_on=this_school_year(11, 1, years=-1), reason="Не сложилось общение")
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.WAITING
    assert pair.memberships.get().left_on == this_school_year(11, 1, years=-1)
    assert mentor_load(mentor) == 0

    again = make_pair(mentor=mentor, mentees=[mentee], started_on=this_school_year(11, 10, years=-1))
    pair_end(pair=again, status=PairStatus.COMPLETED, ended_on=this_school_year(5, 31, years=-1))
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.COMPLETED
    assert mentee.memberships.count() == 2  # both pairs stay in the history

    # A closed pair is history: ending it again changes nothing.
    with pytest.raises(ValidationError, match="Пара уже завершена или расформирована."):
        pair_end(pair=again, status=PairStatus.DISSOLVED, ended_on=this_school_year(6, 1, years=-1))
    again.refresh_from_db()
    assert (again.status, again.ended_on) == (PairStatus.COMPLETED, this_school_year(5, 31, years=-1))


def test_a_pair_cannot_end_before_it_started(school_a):
    pair = make_pair(school=school_a)
    with pytest.raises(ValidationError, match="не может завершиться раньше"):
        pair_end(pair=pair, status=PairStatus.COMPLETED, ended_on=this_school_year(9, 1, years=-1))


def give(teacher, kind, pair):
    from apps.consents.models import Consent, ConsentText

    return Consent.objects.create(school=teacher.school, teacher=teacher, kind=kind, pair=pair, text=ConsentText.objects.current(kind))


def test_a_pair_starts_work_only_with_everyones_written_consent(school_a):
    from apps.mentors.models import MentorStatus
    from apps.pairs.services import pair_activate

    mentees = [MenteeFactory(teacher__school=school_a, teacher__last_name=name) for name in ("Белых", "Гоголь")]
    pair = make_pair(school=school_a, mentees=mentees)
    with pytest.raises(ValidationError) as error:
        pair_activate(pair=pair)
    message = " ".join(error.value.messages)
    assert "согласие на возложение обязанностей наставника" in message
    assert "Белых А.П. — согласие на закрепление наставника" in message
    assert "Гоголь А.П. — согласие на закрепление наставника" in message

    give(pair.mentor.teacher, "mentor_duties", pair)
    give(mentees[0].teacher, "mentee_assignment", pair)
    withdrawn = give(mentees[1].teacher, "mentee_assignment", pair)
    withdrawn.withdrawn_at = withdrawn.given_at
    withdrawn.save()
    with pytest.raises(ValidationError, match="Гоголь А.П. — согласие на закрепление наставника"):
        pair_activate(pair=pair)

    give(mentees[1].teacher, "mentee_assignment", pair)
    pair_activate(pair=pair)
    pair.refresh_from_db()
    pair.mentor.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE
    assert pair.mentor.status == MentorStatus.ACTIVE


def test_a_pair_needs_at_least_one_mentee(school_a):
    with pytest.raises(ValidationError, match="хотя бы одного наставляемого"):
        make_pair(school=school_a, mentees=[])


def test_a_forming_pair_left_without_mentees_does_not_start(school_a):
    from apps.pairs.services import pair_activate, pair_membership_delete
    from apps.pairs.tests.factories import give_pair_consents

    pair = make_pair(school=school_a)
    give_pair_consents(pair)  # the mentor's and the mentee's
    pair_membership_delete(membership=pair.memberships.get())  # the mentee entered by mistake is taken out
    with pytest.raises(ValidationError) as error:
        pair_activate(pair=pair)
    assert error.value.messages == ["Пара не может начать работу: в ней нет наставляемых. Добавьте наставляемого или удалите пару."]
    pair.refresh_from_db()
    assert pair.status == PairStatus.DRAFT


@pytest.mark.parametrize("status, label", [("candidate", "кандидат"), ("archived", "в архиве")])
def test_only_an_approved_mentor_takes_a_new_pair(school_a, status, label):
    mentor = MentorFactory(teacher__school=school_a, status=status)
    with pytest.raises(ValidationError, match=f"Наставник в статусе «{label}»"):
        make_pair(mentor=mentor)
