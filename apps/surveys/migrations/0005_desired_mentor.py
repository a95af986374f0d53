"""The mentee questionnaire's «желаемый наставник» lands in the mentee bank (Mentee.desired_mentor).

Until now the answer was kept only in the response. The standard question and the schools' copies
of it (same code, not yet sent anywhere) now carry it to the bank, and the answers already given
are copied onto the mentees' cards.
"""

from django.db import migrations, models

CODE = "desired_mentor"
BANK_FIELD = "mentee.desired_mentor"


def carry_to_bank(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    Response = apps.get_model("surveys", "Response")
    Mentee = apps.get_model("mentees", "Mentee")
    Question.objects.filter(questionnaire__kind="mentee_request", code=CODE, bank_field="", type__in=("text", "textarea")).update(
        bank_field=BANK_FIELD
    )
    Question.objects.filter(questionnaire__school__isnull=True, questionnaire__kind="mentee_request", code=CODE).update(
        help_text="Необязательно. Фамилия, имя и отчество коллеги."
    )
    responses = Response.objects.filter(questionnaire__kind="mentee_request", pair__isnull=True).order_by("submitted_at")
    for response in responses.iterator():
        answer = (response.answers or {}).get(CODE)
        value = answer.get("value") if isinstance(answer, dict) else None
        if isinstance(value, str) and value.strip():
            Mentee.objects.filter(teacher_id=response.teacher_id, desired_mentor="").update(desired_mentor=value.strip()[:300])


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0004_invitation_reminded_at'),
        ('mentees', '0003_mentee_desired_mentor'),
    ]

    operations = [
        migrations.AlterField(
            model_name='question',
            name='bank_field',
            field=models.CharField(blank=True, choices=[('', 'не переносится'), ('teacher.subjects', 'педагог: предметы'), ('mentee.requests', 'наставляемый: запросы'), ('mentee.requests_text', 'наставляемый: запросы своими словами'), ('mentee.preferred_form', 'наставляемый: желаемая форма'), ('mentee.meeting_frequency', 'наставляемый: частота встреч'), ('mentee.desired_mentor', 'наставляемый: желаемый наставник'), ('mentor.competences', 'наставник: компетенции'), ('mentor.capacity', 'наставник: число наставляемых'), ('mentor.qualification_category', 'наставник: квалификационная категория'), ('mentor.availability', 'наставник: время для встреч'), ('mentor.interests', 'наставник: темы для наставничества'), ('mentor.achievements', 'наставник: достижения'), ('mentor.has_mentoring_experience', 'наставник: опыт наставничества')], default='', max_length=50, verbose_name='переносится в банк'),
        ),
        migrations.RunPython(carry_to_bank, migrations.RunPython.noop),
    ]
