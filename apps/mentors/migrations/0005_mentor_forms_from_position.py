"""Mentors already in the bank get the forms the matching used to guess from their position.

Until now a mentor's forms were never asked: the matching gave every mentor «педагог – педагог»
and the school's leadership also «руководитель ОО – педагог», by words in the job title. From
now on the forms are the mentor's own answer (the questionnaire) or the curator's entry; this
migration writes the old guess onto the cards once, as the starting point the curator can change.
"""

from django.db import migrations

DEFAULT_FORM_CODE = "teacher-teacher"
HEAD_FORM_CODE = "head-teacher"
LEADERSHIP_WORDS = ("директор", "руководител", "заведующ")


def suggest_forms(apps, schema_editor):
    Mentor = apps.get_model("mentors", "Mentor")
    MentoringForm = apps.get_model("catalogues", "MentoringForm")
    forms = {f.code: f.pk for f in MentoringForm.objects.filter(code__in=(DEFAULT_FORM_CODE, HEAD_FORM_CODE))}
    if DEFAULT_FORM_CODE not in forms:
        return
    Through = Mentor.forms.through
    links = []
    for mentor_id, position in Mentor.objects.filter(forms__isnull=True).values_list("pk", "teacher__position").iterator():
        links.append(Through(mentor_id=mentor_id, mentoringform_id=forms[DEFAULT_FORM_CODE]))
        if HEAD_FORM_CODE in forms and any(word in (position or "").lower() for word in LEADERSHIP_WORDS):
            links.append(Through(mentor_id=mentor_id, mentoringform_id=forms[HEAD_FORM_CODE]))
    Through.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("mentors", "0004_mentor_forms"),
        ("catalogues", "0002_standard_catalogues"),
    ]

    operations = [migrations.RunPython(suggest_forms, migrations.RunPython.noop)]
