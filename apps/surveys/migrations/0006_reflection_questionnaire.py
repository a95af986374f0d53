"""The final reflection (stage 6 of the roadmap): each member of a pair or group answers about it.

A standard questionnaire (school = NULL) a school may copy and adapt like the others.
"""

from django.db import migrations, models

TITLE = "Итоговая рефлексия участника наставнической пары (группы)"
INTRO = (
    "Программа наставничества подходит к концу. Ответьте, пожалуйста, на три вопроса о работе вашей пары или "
    "группы: ответы видит куратор наставничества, они войдут в аналитическую справку по итогам года."
)
QUESTIONS = [
    ("achieved", "Что удалось достичь за время работы пары (группы)?", "Результаты, которые вы видите: в работе, в уроках, в себе."),
    ("helped", "Что помогло в работе?", "Формы работы, встречи, материалы, поддержка коллег и администрации."),
    ("change", "Что стоит изменить в следующий раз?", "Что мешало и как сделать программу полезнее."),
]


def create(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Question = apps.get_model("surveys", "Question")
    questionnaire, created = Questionnaire.objects.get_or_create(
        school=None, kind="reflection", version=1, defaults={"title": TITLE, "intro": INTRO}
    )
    if created:
        Question.objects.bulk_create(
            Question(
                questionnaire=questionnaire,
                order=order,
                code=code,
                section="Итоги работы",
                text=text,
                help_text=help_text,
                type="textarea",
                required=True,
            )
            for order, (code, text, help_text) in enumerate(QUESTIONS, start=1)
        )


def remove(apps, schema_editor):
    apps.get_model("surveys", "Questionnaire").objects.filter(school=None, kind="reflection").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0005_desired_mentor'),
    ]

    operations = [
        migrations.AlterField(
            model_name='invitation',
            name='kind',
            field=models.CharField(choices=[('mentee_request', 'анкета молодого педагога (профессиональные запросы)'), ('mentor', 'анкета потенциального наставника'), ('mentor_satisfaction', 'анкета удовлетворённости наставника'), ('mentee_satisfaction', 'анкета удовлетворённости наставляемого'), ('reflection', 'итоговая рефлексия участника пары (группы)')], max_length=30, verbose_name='анкета'),
        ),
        migrations.AlterField(
            model_name='questionnaire',
            name='kind',
            field=models.CharField(choices=[('mentee_request', 'анкета молодого педагога (профессиональные запросы)'), ('mentor', 'анкета потенциального наставника'), ('mentor_satisfaction', 'анкета удовлетворённости наставника'), ('mentee_satisfaction', 'анкета удовлетворённости наставляемого'), ('reflection', 'итоговая рефлексия участника пары (группы)')], max_length=30, verbose_name='вид анкеты'),
        ),
        migrations.RunPython(create, remove),
    ]
