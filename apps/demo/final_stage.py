"""The demo's final stage (issue 17, stream «final»): two mentors' reflection on their pairs and a draft order
о поощрении наставников. Idempotent: run again, it changes nothing already there."""

from django.core.exceptions import ValidationError

from apps.consents.models import ConsentKind
from apps.consents.selectors import teacher_has_active_consent
from apps.documents.award_services import award_save, awards_order_create
from apps.documents.models import AwardKind, Order, OrderKind
from apps.pairs.models import Pair, PairStatus
from apps.surveys.models import QuestionnaireKind, Response
from apps.surveys.selectors import current_questionnaire
from apps.surveys.services import response_submit

REFLECTIONS = [
    {
        "achieved": "Наставляемая уверенно ведёт уроки в 5–7 классах, провела открытый урок для методического объединения.",
        "helped": "Взаимное посещение уроков и разбор каждого урока в тот же день.",
        "change": "Раньше начинать работу с родителями: первое собрание готовить вместе.",
    },
    {
        "achieved": "Составлены рабочие программы и КТП, снизилось число замечаний по ведению документации.",
        "helped": "Совместное планирование раз в неделю и шаблоны документов.",
        "change": "Больше практики по работе с детьми с ОВЗ.",
    },
]


def seed_final_stage(*, school, neighbour=None, municipality=None, today) -> None:
    questionnaire = current_questionnaire(school=school, kind=QuestionnaireKind.REFLECTION)
    pairs = list(
        Pair.objects.filter(school=school, status=PairStatus.ACTIVE, mentor__teacher__user__isnull=True)
        .select_related("mentor__teacher")
        .order_by("pk")[: len(REFLECTIONS)]
    )
    if questionnaire is not None:
        for pair, answers in zip(pairs, REFLECTIONS, strict=False):
            teacher = pair.mentor.teacher
            if not teacher_has_active_consent(teacher, ConsentKind.PERSONAL_DATA):
                continue
            if not Response.objects.filter(questionnaire__kind=QuestionnaireKind.REFLECTION, teacher=teacher, pair=pair).exists():
                response_submit(teacher=teacher, questionnaire=questionnaire, answers=answers, pair=pair)
    if pairs and not Order.objects.filter(school=school, kind=OrderKind.AWARDS).exists():
        try:
            order = awards_order_create(school=school, mentors=[p.mentor for p in pairs], on=today)
        except ValidationError:
            return  # no mentor of the demo worked in this school year: nothing to thank for
        last = order.awards.order_by("pk").last()
        if order.awards.count() > 1:
            last.kind, last.reason = AwardKind.CERTIFICATE, "за высокие результаты наставничества молодого педагога"
            award_save(award=last, on=today)
