"""«Обезличить (педагог уволился)» on the teacher list: privacy is above schools, so it adds the action
to the teacher admin itself (apps/core/admin_actions.py), last, after the questionnaire links."""

from apps.core.admin_actions import add_action
from apps.schools.admin import TeacherAdmin
from apps.surveys.admin_actions import send_mentor_survey_links

from .admin_actions import anonymise_teachers

add_action(TeacherAdmin, anonymise_teachers, after=send_mentor_survey_links.__name__)
