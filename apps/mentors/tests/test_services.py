"""Approving candidates: mentor_approve (one) and mentors_approve (many), the rules and the audit trail."""

import pytest
from django.core.exceptions import ValidationError

from apps.consents.models import ConsentKind
from apps.consents.services import consent_give
from apps.mentors.models import Mentor, MentorStatus
from apps.mentors.services import mentor_approve, mentors_approve

from .factories import MentorFactory

pytestmark = pytest.mark.django_db


def mentor(school, status=MentorStatus.CANDIDATE, *, consent=True, **kwargs):
    entry = MentorFactory(teacher__school=school, status=status, **kwargs)
    if consent:
        consent_give(teacher=entry.teacher, kind=ConsentKind.PERSONAL_DATA)
    return entry


def test_a_candidate_is_approved_and_the_audit_trail_names_the_curator(school_a, curator_a):
    candidate = mentor(school_a)
    approved = mentor_approve(mentor=candidate, by=curator_a)
    assert approved.status == MentorStatus.APPROVED
    assert Mentor.objects.get(pk=candidate.pk).status == MentorStatus.APPROVED
    version = Mentor.history.filter(id=candidate.pk).latest("history_id")
    assert version.status == MentorStatus.APPROVED
    assert version.history_user == curator_a
    assert version.history_change_reason == "утверждён куратором"


@pytest.mark.parametrize("status", [MentorStatus.APPROVED, MentorStatus.TRAINED, MentorStatus.ACTIVE, MentorStatus.ARCHIVED])
def test_anything_but_a_candidate_is_refused_in_russian(school_a, status):
    entry = mentor(school_a, status)
    with pytest.raises(ValidationError) as refused:
        mentor_approve(mentor=entry)
    label = MentorStatus(status).label
    assert refused.value.messages == [f"{entry.teacher.short_name}: статус «{label}», утвердить можно только кандидата."]
    assert Mentor.objects.get(pk=entry.pk).status == status


def test_a_candidate_without_consent_is_refused(school_a):
    entry = mentor(school_a, consent=False)
    with pytest.raises(ValidationError, match="нет действующего согласия на обработку персональных данных"):
        mentor_approve(mentor=entry)
    assert Mentor.objects.get(pk=entry.pk).status == MentorStatus.CANDIDATE


def test_the_status_is_read_under_the_lock_not_from_the_callers_copy(school_a):
    entry = mentor(school_a)
    stale = Mentor.objects.get(pk=entry.pk)
    Mentor.objects.filter(pk=entry.pk).update(status=MentorStatus.ARCHIVED)  # archived meanwhile
    with pytest.raises(ValidationError, match="в архиве"):
        mentor_approve(mentor=stale)


def test_the_cards_rules_still_hold(school_a):
    entry = mentor(school_a, capacity=3)
    school_a.max_mentees_per_mentor = 2  # the regulations changed after the questionnaire
    school_a.save()
    with pytest.raises(ValidationError, match="не более 2 наставляемых одновременно"):
        mentor_approve(mentor=entry)
    assert Mentor.objects.get(pk=entry.pk).status == MentorStatus.CANDIDATE


def test_many_at_once_approves_the_candidates_and_says_why_not_the_others(school_a, curator_a):
    first, second = mentor(school_a), mentor(school_a)
    already = mentor(school_a, MentorStatus.ACTIVE)
    no_consent = mentor(school_a, consent=False)

    result = mentors_approve(mentors=[second, first, already, no_consent, first], by=curator_a)

    assert [m.pk for m in result.approved] == sorted([first.pk, second.pk])
    assert sorted(result.refused) == sorted(
        [
            f"{already.teacher.short_name}: статус «ведёт наставничество», утвердить можно только кандидата.",
            f"{no_consent.teacher.short_name}: нет действующего согласия на обработку персональных данных.",
        ]
    )
    statuses = dict(Mentor.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: MentorStatus.APPROVED,
        second.pk: MentorStatus.APPROVED,
        already.pk: MentorStatus.ACTIVE,
        no_consent.pk: MentorStatus.CANDIDATE,
    }
    assert Mentor.history.filter(history_user=curator_a, history_change_reason="утверждён куратором").count() == 2


def test_many_at_once_is_all_or_nothing_when_a_card_breaks_a_rule(school_a):
    good = mentor(school_a, capacity=1)
    too_big = mentor(school_a, capacity=3)
    school_a.max_mentees_per_mentor = 2
    school_a.save()
    with pytest.raises(ValidationError):
        mentors_approve(mentors=[good, too_big])
    assert set(Mentor.objects.values_list("status", flat=True)) == {MentorStatus.CANDIDATE}


def test_nobody_given_nothing_done(school_a):
    result = mentors_approve(mentors=[])
    assert result.approved == [] and result.refused == []
