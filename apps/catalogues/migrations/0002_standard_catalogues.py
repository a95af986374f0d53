"""The common catalogues every school starts with (forms and kinds from the 2021
methodical recommendations; competences and requests from typical bank layouts)."""

from django.db import migrations

FORMS = [
    ("teacher-teacher", "педагог – педагог", "Взаимодействие молодого или нового педагога с опытным педагогом."),
    ("head-teacher", "руководитель образовательной организации – педагог", "Руководитель или заместитель сопровождает педагога."),
    ("employer-student", "работодатель – студент педагогического вуза/колледжа", "Сопровождение студента на практике и при трудоустройстве."),
    ("university-young", "педагог вуза/колледжа – молодой педагог образовательной организации", "Преподаватель вуза или колледжа сопровождает выпускника."),
    ("partner-teacher", "социальный партнёр – педагог образовательной организации", "Специалист организации-партнёра работает с педагогом."),
]

KINDS = [
    ("traditional", "традиционное (долгосрочное)"),
    ("short-term", "краткосрочное (целеполагающее)"),
    ("group", "в группе"),
    ("virtual", "виртуальное (дистанционное)"),
    ("reverse", "реверсивное"),
    ("situational", "ситуационное"),
    ("speed", "скоростное"),
]

# (competence, request it closes)
PAIRS = [
    ("Проектирование и планирование уроков по ФГОС", "Планирование уроков и рабочих программ"),
    ("Управление классом и дисциплина", "Поддержание дисциплины на уроке"),
    ("Взаимодействие с родителями", "Взаимодействие с родителями обучающихся"),
    ("Оценивание и функциональная грамотность", "Оценивание образовательных результатов"),
    ("Ведение документации", "Ведение школьной документации"),
    ("Инклюзивное образование, работа с детьми с ОВЗ", "Работа с детьми с ОВЗ, инклюзия"),
    ("Цифровые технологии и ИКТ в обучении", "Использование ИКТ и цифровых ресурсов"),
    ("Воспитательная работа и классное руководство", "Классное руководство и воспитательная работа"),
    ("Работа с одарёнными детьми, олимпиады", "Работа с одарёнными детьми"),
    ("Подготовка к ГИА (ОГЭ, ЕГЭ)", "Подготовка обучающихся к ГИА"),
    ("Проектная и исследовательская деятельность", "Организация проектной деятельности"),
    ("Аттестация и конкурсы профессионального мастерства", "Подготовка к аттестации и конкурсам"),
    ("Психолого-педагогическая поддержка, профилактика выгорания", "Адаптация в коллективе, профессиональное выгорание"),
    ("Методика преподавания предмета", "Методика преподавания предмета"),
]


def create(apps, schema_editor):
    MentoringForm = apps.get_model("catalogues", "MentoringForm")
    MentoringKind = apps.get_model("catalogues", "MentoringKind")
    Competence = apps.get_model("catalogues", "Competence")
    Request = apps.get_model("catalogues", "Request")
    for order, (code, name, description) in enumerate(FORMS, start=1):
        MentoringForm.objects.update_or_create(code=code, defaults={"name": name, "description": description, "order": order})
    for order, (code, name) in enumerate(KINDS, start=1):
        MentoringKind.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for order, (competence_name, request_name) in enumerate(PAIRS, start=1):
        competence, _ = Competence.objects.get_or_create(school=None, name=competence_name, defaults={"order": order})
        request, _ = Request.objects.get_or_create(school=None, name=request_name, defaults={"order": order})
        request.competences.add(competence)


class Migration(migrations.Migration):
    dependencies = [("catalogues", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
