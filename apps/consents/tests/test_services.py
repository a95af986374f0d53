import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.consents.models import Consent, ConsentKind, ConsentText, PublicCategory
from apps.consents.selectors import has_active_consent, teacher_has_active_consent, teachers_with_active_consent
from apps.consents.services import consent_give, consent_withdraw
from apps.mentors.models import Mentor
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.tests.factories import make_pair
from apps.schools.models import Teacher
from apps.schools.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def test_give_records_the_current_text_and_is_idempotent(school_a):
    teacher = TeacherFactory(school=school_a)
    newer = ConsentText.objects.create(
        kind=ConsentKind.PUBLICATION, version="8", title="Согласие, редакция 8", body="…", effective_from=timezone.now()
    )
    ConsentText.objects.create(
        kind=ConsentKind.PUBLICATION, version="9", title="Будущая редакция", body="…",
        effective_from=timezone.now() + timezone.timedelta(days=30),
    )
    consent = consent_give(teacher=teacher, kind=ConsentKind.PUBLICATION, categories=[PublicCategory.NAME])
    assert consent.text == newer
    assert consent.school == school_a
    assert consent_give(teacher=teacher, kind=ConsentKind.PUBLICATION, categories=[PublicCategory.NAME]) == consent
    assert Consent.objects.count() == 1


def test_withdraw_sets_the_date_and_keeps_the_record(school_a):
    teacher = TeacherFactory(school=school_a)
    consent = consent_give(teacher=teacher, kind=ConsentKind.PERSONAL_DATA)
    withdrawn = consent_withdraw(consent=consent)
    assert withdrawn.withdrawn_at is not None
    again = consent_withdraw(consent=consent)
    assert again.withdrawn_at == withdrawn.withdrawn_at  # a second withdrawal changes nothing
    assert Consent.objects.filter(pk=consent.pk).exists()
    assert not teacher_has_active_consent(teacher, ConsentKind.PERSONAL_DATA)
    fresh = consent_give(teacher=teacher, kind=ConsentKind.PERSONAL_DATA)  # may be given again
    assert fresh.pk != consent.pk
    assert Consent.objects.count() == 2


def test_pair_consents_need_a_pair(school_a):
    with pytest.raises(ValidationError):
        consent_give(teacher=TeacherFactory(school=school_a), kind=ConsentKind.MENTEE_ASSIGNMENT)
    pair = make_pair(school=school_a)
    consent = consent_give(teacher=pair.mentor.teacher, kind=ConsentKind.MENTOR_DUTIES, pair=pair)
    assert consent.pair == pair


def test_the_selector_follows_withdrawals(school_a):
    shown, withdrawn, never = (MentorFactory(teacher__school=school_a) for _ in range(3))
    consent_give(teacher=shown.teacher, kind=ConsentKind.PUBLICATION, categories=[PublicCategory.NAME])
    consent_withdraw(consent=consent_give(teacher=withdrawn.teacher, kind=ConsentKind.PUBLICATION, categories=[PublicCategory.NAME]))
    consent_give(teacher=never.teacher, kind=ConsentKind.PERSONAL_DATA)  # another kind does not count
    assert list(Mentor.objects.filter(has_active_consent(ConsentKind.PUBLICATION))) == [shown]
    assert list(teachers_with_active_consent(ConsentKind.PUBLICATION)) == [shown.teacher]
    annotated = {m.pk: m.published for m in Mentor.objects.annotate(published=has_active_consent(ConsentKind.PUBLICATION))}
    assert annotated == {shown.pk: True, withdrawn.pk: False, never.pk: False}
    assert set(Teacher.objects.exclude(has_active_consent(ConsentKind.PUBLICATION, "pk"))) == {withdrawn.teacher, never.teacher}


def test_a_paper_consent_is_dated_by_its_signature_never_in_the_future(school_a):
    import datetime

    pair = make_pair(school=school_a)
    teacher = pair.mentor.teacher
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="Дата подписи не может быть в будущем."):
        consent_give(teacher=teacher, kind=ConsentKind.MENTOR_DUTIES, pair=pair, source=Consent.Source.PAPER, signed_on=today + datetime.timedelta(days=1))
    signed = today - datetime.timedelta(days=10)
    consent = consent_give(teacher=teacher, kind=ConsentKind.MENTOR_DUTIES, pair=pair, source=Consent.Source.PAPER, signed_on=signed)
    assert timezone.localtime(consent.given_at).date() == signed
    # Signed before the portal kept the wording: the oldest version stands for the paper.
    assert consent.text == ConsentText.objects.filter(kind=ConsentKind.MENTOR_DUTIES).order_by("effective_from").first()
    with pytest.raises(ValueError):
        consent_give(teacher=pair.memberships.get().mentee.teacher, kind=ConsentKind.MENTEE_ASSIGNMENT, pair=pair, signed_on=signed)
