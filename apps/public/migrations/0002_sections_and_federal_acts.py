"""A (not yet published) section for every existing school, and the federal acts every school's base lists."""

from django.db import migrations

FEDERAL_ACTS = [
    (
        "Федеральный закон от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»",
        "https://www.consultant.ru/document/cons_doc_LAW_140174/",
    ),
    (
        "Распоряжение Правительства Российской Федерации от 31.12.2019 № 3273-р «Об утверждении основных принципов "
        "национальной системы профессионального роста педагогических работников Российской Федерации, включая "
        "национальную систему учительского роста»",
        "",
    ),
    (
        "Письмо Министерства просвещения Российской Федерации и Общероссийского Профсоюза образования от 21.12.2021 "
        "№ АЗ-1128/08/657 «О направлении методических рекомендаций по разработке и внедрению системы (целевой модели) "
        "наставничества педагогических работников в образовательных организациях»",
        "",
    ),
    (
        "Распоряжение Правительства Российской Федерации от 21.05.2025 № 1264-р «Об утверждении Концепции развития "
        "наставничества в Российской Федерации»",
        "",
    ),
]


def create(apps, schema_editor):
    School = apps.get_model("schools", "School")
    PublicSection = apps.get_model("public", "PublicSection")
    NormativeAct = apps.get_model("public", "NormativeAct")
    for school in School.objects.all():
        PublicSection.objects.get_or_create(school=school)
    for order, (title, url) in enumerate(FEDERAL_ACTS, start=1):
        NormativeAct.objects.get_or_create(
            school=None, title=title, defaults={"level": "federal", "url": url, "order": order * 10}
        )


def backwards(apps, schema_editor):
    apps.get_model("public", "NormativeAct").objects.filter(school=None, title__in=[t for t, _ in FEDERAL_ACTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("public", "0001_initial"), ("schools", "0001_initial")]

    operations = [migrations.RunPython(create, backwards)]
