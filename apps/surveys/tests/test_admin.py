"""The curator's side: questionnaires, submitted answers and personal links in the back-office."""

import pytest
from django.contrib import admin
from django.core import mail
from django.urls import reverse

from apps.jobs.tests.worker import run_worker
from apps.schools.tests.factories import TeacherFactory
from apps.surveys.models import Invitation, Questionnaire
from apps.surveys.services import invitation_revoke, response_submit

from .factories import give_personal_data_consent, make_invitation

pytestmark = pytest.mark.django_db


def submitted(teacher):
    from apps.catalogues.models import MentoringForm, Request

    give_personal_data_consent(teacher)
    questionnaire = Questionnaire.objects.current(school=teacher.school, kind="mentee_request")
    answers = {
        "subjects": "химия",
        "grades": "8–9",
        "experience": "менее 1 года",
        "education": "высшее педагогическое",
        "class_teacher": True,
        **{q.code: 4 for q in questionnaire.questions.filter(type="scale")},
        "requests": list(Request.objects.filter(school__isnull=True)[:1]),
        "preferred_form": MentoringForm.objects.first(),
        "meeting_frequency": "раз в месяц",
    }
    return response_submit(teacher=teacher, questionnaire=questionnaire, answers=answers)


def test_standard_questionnaires_are_read_only_for_a_curator(client, curator_a):
    standard = Questionnaire.objects.get(school=None, kind="mentor")
    client.force_login(curator_a)
    listing = client.get(reverse("admin:surveys_questionnaire_changelist"))
    assert standard in listing.context["cl"].result_list
    response = client.get(reverse("admin:surveys_questionnaire_change", args=[standard.pk]))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert "Скольких наставляемых вы готовы вести одновременно?" in response.content.decode()
    post = client.post(reverse("admin:surveys_questionnaire_change", args=[standard.pk]), {"title": "Моя"})
    assert post.status_code == 403
    assert client.get(reverse("admin:surveys_questionnaire_delete", args=[standard.pk])).status_code == 403


def test_a_copy_belongs_to_the_curators_school_and_is_editable(client, curator_a, curator_b, school_a):
    standard = Questionnaire.objects.get(school=None, kind="mentor")
    client.force_login(curator_a)
    changelist = reverse("admin:surveys_questionnaire_changelist")
    for _ in range(2):
        client.post(changelist, {"action": "copy_for_my_school", admin.helpers.ACTION_CHECKBOX_NAME: [standard.pk]})
    copies = Questionnaire.objects.filter(school=school_a, kind="mentor").order_by("version")
    assert [c.version for c in copies] == [1, 2]
    assert copies[1].questions.count() == standard.questions.count()
    assert Questionnaire.objects.current(school=school_a, kind="mentor") == copies[1]
    response = client.get(reverse("admin:surveys_questionnaire_change", args=[copies[1].pk]))
    assert response.context["has_change_permission"]
    client.force_login(curator_b)
    assert client.get(reverse("admin:surveys_questionnaire_change", args=[copies[1].pk])).status_code == 404


def test_responses_are_read_only_and_show_the_answers(client, curator_a, curator_b, school_a, django_assert_max_num_queries):
    responses = [submitted(TeacherFactory(school=school_a)) for _ in range(3)]
    client.force_login(curator_a)
    with django_assert_max_num_queries(10):
        listing = client.get(reverse("admin:surveys_response_changelist"))
    assert listing.context["cl"].result_count == 3
    detail = client.get(reverse("admin:surveys_response_change", args=[responses[0].pk]))
    assert detail.status_code == 200
    assert not detail.context["has_change_permission"]
    page = detail.content.decode()
    assert "<dt>Вы классный руководитель?</dt><dd>да</dd>" in page
    assert "<dt>Какие предметы вы преподаёте?</dt><dd>химия</dd>" in page
    assert client.get(reverse("admin:surveys_response_add")).status_code == 403
    client.force_login(curator_b)
    assert client.get(reverse("admin:surveys_response_change", args=[responses[0].pk])).status_code == 404


def test_invitations_list_states_resend_revoke_and_print(client, curator_a, school_a):
    ok = make_invitation(TeacherFactory(school=school_a, last_name="Действующая"))
    gone = invitation_revoke(invitation=make_invitation(TeacherFactory(school=school_a, last_name="Отозванная")))
    client.force_login(curator_a)
    changelist = reverse("admin:surveys_invitation_changelist")
    page = client.get(changelist).content.decode()
    assert "действует" in page and "отозвана" in page
    assert client.get(changelist, {"state": "ok"}).context["cl"].result_count == 1

    printed = client.post(changelist, {"action": "print_links", admin.helpers.ACTION_CHECKBOX_NAME: [ok.pk, gone.pk]})
    text = printed.content.decode()
    assert printed.status_code == 200
    assert "Действующая" in text and "Отозванная" not in text
    assert f"/anketa/l/{ok.token}/" in text
    assert "Не включено недействующих ссылок (заполнены, истекли или отозваны): 1." in text

    client.post(changelist, {"action": "send_again", admin.helpers.ACTION_CHECKBOX_NAME: [ok.pk, gone.pk]})
    run_worker()
    assert len(mail.outbox) == 1
    client.post(changelist, {"action": "revoke", admin.helpers.ACTION_CHECKBOX_NAME: [ok.pk]})
    ok.refresh_from_db()
    assert ok.state == "revoked"
    detail = client.get(reverse("admin:surveys_invitation_change", args=[ok.pk]))
    assert detail.status_code == 200
    assert not detail.context["has_change_permission"]
    assert client.get(reverse("admin:surveys_invitation_add")).status_code == 403
    assert Invitation.objects.count() == 2
