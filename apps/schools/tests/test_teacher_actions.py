"""The teacher list's actions — the logins' from accounts, then those of the apps above schools (surveys,
privacy) — keep their order and words."""

import pytest
from django.urls import reverse

from apps.schools.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def test_the_teacher_lists_actions_keep_their_order_and_words(client, curator_a, school_a):
    TeacherFactory(school=school_a)
    client.force_login(curator_a)
    choices = client.get(reverse("admin:schools_teacher_changelist")).context["action_form"].fields["action"].choices
    assert [(name, str(label)) for name, label in choices if name not in ("", "delete_selected")] == [
        ("invite_to_portal", "Пригласить в портал"),
        ("print_login_codes", "Распечатать коды первого входа"),
        ("block_logins", "Заблокировать вход в портал"),
        ("unblock_logins", "Разблокировать вход в портал"),
        ("reset_calendar_links", "Заменить ссылку на календарь (старая перестанет работать)"),
        ("send_mentee_survey_links", "Отправить ссылку на анкету наставляемого"),
        ("send_mentor_survey_links", "Отправить ссылку на анкету наставника"),
        ("anonymise_teachers", "Обезличить (педагог уволился)"),
    ]
