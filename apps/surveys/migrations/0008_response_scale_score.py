"""Each response's scale answers brought to 10 points, stored on its row (Response.set_scale_score); the
responses submitted before are scored here, by the same rule (apps.surveys.models.scale_score)."""

from collections import defaultdict

from django.db import migrations, models

from apps.surveys.models import scale_score

BATCH = 2000


def score_existing_responses(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    Response = apps.get_model("surveys", "Response")
    questions = defaultdict(list)
    for question in Question.objects.filter(type="scale").order_by("questionnaire", "order", "pk"):
        questions[question.questionnaire_id].append(question)
    batch = []
    responses = Response.objects.filter(questionnaire__in=list(questions)).only("pk", "questionnaire_id", "answers").order_by("pk")
    for response in responses.iterator(chunk_size=BATCH):
        response.scale_points, response.scale_answers = scale_score(response.answers, questions[response.questionnaire_id])
        if response.scale_answers:
            batch.append(response)
        if len(batch) >= BATCH:
            Response.objects.bulk_update(batch, ["scale_points", "scale_answers"])
            batch = []
    Response.objects.bulk_update(batch, ["scale_points", "scale_answers"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0007_merge_forms_and_reflection"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="scale_answers",
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="ответов по шкалам"),
        ),
        migrations.AddField(
            model_name="response",
            name="scale_points",
            field=models.FloatField(default=0, editable=False, verbose_name="сумма баллов по шкалам (из 10)"),
        ),
        migrations.RunPython(score_existing_responses, migrations.RunPython.noop),
    ]
