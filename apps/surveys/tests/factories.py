"""Test helpers: invitations and consents made through the services, and filled-in answers as POST data."""

from django.urls import reverse

from apps.catalogues.models import Competence, MentoringForm, Request
from apps.consents.models import ConsentKind
from apps.consents.services import consent_give
from apps.surveys.services import invitation_create


def make_invitation(teacher, kind="mentee_request", **kwargs):
    return invitation_create(teacher=teacher, kind=kind, **kwargs)


def link_of(invitation) -> str:
    return reverse("surveys:link", args=[invitation.token])


def give_personal_data_consent(teacher):
    return consent_give(teacher=teacher, kind=ConsentKind.PERSONAL_DATA)


def mentee_answers(requests=None, **overrides) -> dict:
    """A complete answer to the standard mentee questionnaire, as the browser posts it."""
    requests = requests if requests is not None else list(Request.objects.filter(school__isnull=True)[:2])
    data = {
        "subjects": "математика, информатика",
        "grades": "5–7 классы",
        "experience": "от 1 до 3 лет",
        "education": "высшее педагогическое",
        "class_teacher": "no",
        **{code: "3" for code in ("conf_planning", "conf_discipline", "conf_parents", "conf_assessment", "conf_documents", "conf_inclusion", "conf_ict")},
        "requests": [str(r.pk) for r in requests],
        "help_wanted": "Хочу научиться держать дисциплину в 7 «Б».",
        "expectations": "",
        "preferred_form": str(MentoringForm.objects.get(code="teacher-teacher").pk),
        "meeting_frequency": "раз в неделю",
        "formats": ["индивидуальные консультации"],
        "desired_mentor": "",
    }
    data.update(overrides)
    return data


def mentor_answers(competences=None, **overrides) -> dict:
    competences = competences if competences is not None else list(Competence.objects.filter(school__isnull=True)[:3])
    data = {
        "subjects": "физика",
        "experience": "от 10 до 20 лет",
        "qualification": "высшая",
        "competences": [str(c.pk) for c in competences],
        "help_areas": "Подготовка к ОГЭ по физике",
        "achievements": "Победитель конкурса «Учитель года» 2019",
        "prior_mentoring": "yes",
        "capacity": "2",
        "availability": "вторник и четверг после 15:00",
        "training_needed": "no",
    }
    data.update(overrides)
    return data
