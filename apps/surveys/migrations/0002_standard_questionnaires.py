"""The standard questionnaires (school = NULL). Schools copy and adapt them as data.

Question tuple: (code, section, text, type, options, required, bank field, help text).
Options are own choices (list), a catalogue name ("requests", "competences", "forms"),
or a (min, max) scale.
"""

from django.db import migrations

CONFIDENCE = (1, 5)
SATISFACTION = (1, 10)
CONFIDENCE_HELP = "1 — испытываю серьёзные затруднения, 5 — чувствую себя уверенно."
SATISFACTION_HELP = "1 — совсем нет, 10 — полностью."

MENTEE_REQUEST = (
    "Анкета молодого педагога: профессиональные запросы",
    "Анкета помогает куратору подобрать вам наставника и составить программу, которая решает именно ваши "
    "затруднения. Заполнение займёт 10 минут. Ответы видят только куратор наставничества и ваш наставник.",
    [
        ("subjects", "О себе", "Какие предметы вы преподаёте?", "text", None, True, "teacher.subjects", "Через запятую."),
        ("grades", "О себе", "В каких классах вы работаете?", "text", None, True, "", "Например: 5–7 классы."),
        ("experience", "О себе", "Ваш педагогический стаж", "choice", ["менее 1 года", "от 1 до 3 лет", "от 3 до 5 лет", "более 5 лет"], True, "", ""),
        ("education", "О себе", "Ваше образование", "choice", ["высшее педагогическое", "высшее непедагогическое (с переподготовкой)", "среднее профессиональное педагогическое", "обучаюсь в вузе или колледже"], True, "", ""),
        ("class_teacher", "О себе", "Вы классный руководитель?", "boolean", None, True, "", ""),
        ("conf_planning", "Самооценка", "Планирование уроков и рабочих программ", "scale", CONFIDENCE, True, "", CONFIDENCE_HELP),
        ("conf_discipline", "Самооценка", "Дисциплина и управление классом", "scale", CONFIDENCE, True, "", CONFIDENCE_HELP),
        ("conf_parents", "Самооценка", "Работа с родителями", "scale", CONFIDENCE, True, "", CONFIDENCE_HELP),
        ("conf_assessment", "Самооценка", "Оценивание результатов обучающихся", "scale", CONFIDENCE, True, "", CONFIDENCE_HELP),
        ("conf_documents", "Самооценка", "Ведение документации", "scale", CONFIDENCE, True, "", CONFIDENCE_HELP),
        ("conf_inclusion", "Самооценка", "Работа с детьми с ОВЗ, инклюзивное образование", "scale", CONFIDENCE, True, "", CONFIDENCE_HELP),
        ("conf_ict", "Самооценка", "Цифровые технологии и ИКТ", "scale", CONFIDENCE, True, "", CONFIDENCE_HELP),
        ("requests", "Запросы", "С чем вам нужна помощь наставника в первую очередь?", "multichoice", "requests", True, "mentee.requests", "Отметьте всё, что важно сейчас."),
        ("help_wanted", "Запросы", "Опишите своими словами, какая помощь вам нужна", "textarea", None, False, "mentee.requests_text", ""),
        ("expectations", "Запросы", "Чего вы ждёте от работы с наставником?", "textarea", None, False, "", ""),
        ("preferred_form", "Формат работы", "Какая форма наставничества вам подходит?", "choice", "forms", False, "mentee.preferred_form", ""),
        ("meeting_frequency", "Формат работы", "Как часто вам удобно встречаться с наставником?", "choice", ["раз в неделю", "раз в две недели", "раз в месяц", "по необходимости"], True, "mentee.meeting_frequency", ""),
        ("formats", "Формат работы", "Какие формы работы для вас полезнее?", "multichoice", ["посещение уроков наставника", "наставник посещает мои уроки", "индивидуальные консультации", "совместная разработка уроков", "онлайн-консультации", "методические мероприятия и семинары"], False, "", ""),
        ("desired_mentor", "Формат работы", "Есть ли коллега, которого вы хотели бы видеть своим наставником?", "text", None, False, "mentee.desired_mentor", "Необязательно. Фамилия, имя и отчество коллеги."),
    ],
)

MENTOR = (
    "Анкета потенциального наставника",
    "Спасибо, что готовы поддержать коллег. Анкета помогает куратору понять, в чём вы сильны, и подобрать "
    "вам наставляемых, которым нужна именно ваша помощь.",
    [
        ("subjects", "О себе", "Какие предметы вы преподаёте?", "text", None, True, "teacher.subjects", "Через запятую."),
        ("experience", "О себе", "Ваш педагогический стаж", "choice", ["от 3 до 5 лет", "от 5 до 10 лет", "от 10 до 20 лет", "более 20 лет"], True, "", ""),
        ("qualification", "О себе", "Квалификационная категория", "choice", ["без категории", "соответствие занимаемой должности", "первая", "высшая", "педагог-методист", "педагог-наставник"], True, "mentor.qualification_category", ""),
        ("competences", "Компетенции", "В каких областях вы можете помочь коллегам?", "multichoice", "competences", True, "mentor.competences", "Отметьте области, в которых чувствуете себя уверенно."),
        ("help_areas", "Компетенции", "Темы, с которыми к вам можно прийти за помощью", "textarea", None, False, "mentor.interests", ""),
        ("achievements", "Компетенции", "Ваши профессиональные достижения", "textarea", None, False, "mentor.achievements", "Конкурсы, публикации, методические разработки, результаты учеников."),
        ("prior_mentoring", "Опыт наставничества", "Был ли у вас опыт наставничества?", "boolean", None, True, "mentor.has_mentoring_experience", ""),
        ("capacity", "Опыт наставничества", "Скольких наставляемых вы готовы вести одновременно?", "choice", ["1", "2"], True, "mentor.capacity", ""),
        ("forms", "Опыт наставничества", "В каких формах наставничества вы готовы участвовать?", "multichoice", "forms", False, "", ""),
        ("formats", "Опыт наставничества", "Какие формы работы вы готовы использовать?", "multichoice", ["открытые уроки для наставляемого", "посещение уроков наставляемого", "индивидуальные консультации", "совместное планирование уроков", "онлайн-консультации"], False, "", ""),
        ("availability", "Опыт наставничества", "Когда вам удобно встречаться с наставляемым?", "text", None, True, "mentor.availability", "Например: вторник и четверг после 15:00."),
        ("training_needed", "Опыт наставничества", "Хотели бы вы пройти обучение для наставников?", "boolean", None, True, "", ""),
    ],
)

SATISFACTION_COMMON = [
    ("programme_useful", "Оценка программы", "Насколько полезной была программа наставничества?", "scale", SATISFACTION, True, "", SATISFACTION_HELP),
    ("communication", "Оценка программы", "Насколько комфортным было общение в паре?", "scale", SATISFACTION, True, "", SATISFACTION_HELP),
    ("meetings_useful", "Оценка программы", "Насколько полезными были встречи?", "scale", SATISFACTION, True, "", SATISFACTION_HELP),
    ("plan_done", "Оценка программы", "Насколько выполнен план программы?", "scale", SATISFACTION, True, "", SATISFACTION_HELP),
    ("expectations_met", "Оценка программы", "Насколько оправдались ваши ожидания?", "scale", SATISFACTION, True, "", SATISFACTION_HELP),
]

MENTOR_SATISFACTION = (
    "Анкета удовлетворённости наставника",
    "Программа наставничества завершена. Ваши ответы помогут сделать следующую программу лучше.",
    SATISFACTION_COMMON
    + [
        ("mentee_progress", "Оценка программы", "Насколько вырос профессиональный уровень наставляемого?", "scale", SATISFACTION, True, "", SATISFACTION_HELP),
        ("continue", "Дальше", "Готовы ли вы продолжить наставничество?", "boolean", None, True, "", ""),
        ("most_useful", "Дальше", "Что было самым полезным?", "textarea", None, False, "", ""),
        ("improve", "Дальше", "Что стоит изменить в организации наставничества?", "textarea", None, False, "", ""),
    ],
)

MENTEE_SATISFACTION = (
    "Анкета удовлетворённости наставляемого",
    "Программа наставничества завершена. Расскажите, что она вам дала: ответы помогут сделать следующую программу лучше.",
    SATISFACTION_COMMON
    + [
        ("confidence_grew", "Оценка программы", "Насколько увереннее вы чувствуете себя в профессии?", "scale", SATISFACTION, True, "", SATISFACTION_HELP),
        ("continue", "Дальше", "Хотели бы вы продолжить работу с наставником?", "boolean", None, True, "", ""),
        ("become_mentor", "Дальше", "Хотели бы вы в будущем сами стать наставником?", "boolean", None, True, "", ""),
        ("most_useful", "Дальше", "Что было самым полезным?", "textarea", None, False, "", ""),
        ("improve", "Дальше", "Что стоит изменить в организации наставничества?", "textarea", None, False, "", ""),
    ],
)

STANDARD = {
    "mentee_request": MENTEE_REQUEST,
    "mentor": MENTOR,
    "mentor_satisfaction": MENTOR_SATISFACTION,
    "mentee_satisfaction": MENTEE_SATISFACTION,
}


def create(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Question = apps.get_model("surveys", "Question")
    for kind, (title, intro, questions) in STANDARD.items():
        questionnaire, created = Questionnaire.objects.get_or_create(
            school=None, kind=kind, version=1, defaults={"title": title, "intro": intro}
        )
        if not created:
            continue
        for order, (code, section, text, type_, options, required, bank_field, help_text) in enumerate(questions, start=1):
            question = Question(
                questionnaire=questionnaire,
                order=order,
                code=code,
                section=section,
                text=text,
                type=type_,
                required=required,
                bank_field=bank_field,
                help_text=help_text,
            )
            if isinstance(options, list):
                question.choices = "\n".join(options)
            elif isinstance(options, str):
                question.choice_source = options
            elif isinstance(options, tuple):
                question.scale_min, question.scale_max = options
            question.save()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
