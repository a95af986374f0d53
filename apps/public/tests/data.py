"""A school whose section shows a bit of everything, and a few things it must not show."""

import datetime
import io
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.consents.models import ConsentKind, PublicCategory
from apps.consents.services import consent_give
from apps.core.images import normalised_image
from apps.documents.models import OrderKind
from apps.documents.services import order_create, order_publish, order_sign
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.tests.factories import make_active_pair
from apps.programmes.models import Programme
from apps.public.models import ActLevel, NewsPost, NormativeAct, PublicSection
from apps.schools.tests.factories import TeacherFactory

ORIGIN = "https://school-a.example"


def png_bytes(size=(40, 50), colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def consented_mentor(school, last_name: str, **kwargs):
    mentor = MentorFactory(teacher__school=school, teacher__last_name=last_name, **kwargs)
    consent_give(teacher=mentor.teacher, kind=ConsentKind.PERSONAL_DATA)
    consent_give(teacher=mentor.teacher, kind=ConsentKind.PUBLICATION, categories=list(PublicCategory.values))
    return mentor


def publish_section(school, **values) -> PublicSection:
    section = PublicSection.objects.get(school=school)
    for name, value in {"is_published": True, "embed_origins": ORIGIN, **values}.items():
        setattr(section, name, value)
    section.save()
    return section


def build_public_school(school, *, today: datetime.date | None = None) -> SimpleNamespace:
    """A published section with:
    - Белова: a confirmed mentor with both consents and a photo (shown);
    - Чернова: a confirmed mentor who never agreed to publication (hidden);
    - Кандидатова: a candidate with both consents (hidden until the school confirms her);
    - an active pair of Белова with a programme (shown without names);
    - a published news post, a draft and a post dated next week;
    - a signed published order, a signed unpublished one, a draft.
    """
    today = today or timezone.localdate()
    section = publish_section(school, curator_contacts="Кабинет 214, вторник 15:00–17:00")
    shown = consented_mentor(school, "Белова")
    shown.photo.save("photo.png", normalised_image(SimpleUploadedFile("photo.png", png_bytes())), save=True)
    hidden = MentorFactory(teacher__school=school, teacher__last_name="Чернова")
    consent_give(teacher=hidden.teacher, kind=ConsentKind.PERSONAL_DATA)
    candidate = consented_mentor(school, "Кандидатова", status="candidate")
    pair = make_active_pair(
        mentor=shown,
        mentees=None,
        school=school,
        started_on=today - datetime.timedelta(days=30),
    )
    mentee_teacher = pair.memberships.get().mentee.teacher
    mentee_teacher.last_name = "Наставляемая"
    mentee_teacher.save()
    programme = Programme.objects.create(
        pair=pair,
        title="Программа",
        directions="Подготовка к ОГЭ\nРабота с родителями",
        starts_on=pair.started_on,
        ends_on=pair.planned_end_on,
    )
    news = NewsPost.objects.create(
        school=school, title="Сформированы наставнические пары", lead="Пять пар начали работу.", body="Текст **новости**.", is_published=True
    )
    draft_news = NewsPost.objects.create(school=school, title="Черновик новости", body="Не готово.", is_published=False)
    future_news = NewsPost.objects.create(
        school=school,
        title="Новость следующей недели",
        body="Позже.",
        is_published=True,
        published_at=timezone.now() + datetime.timedelta(days=7),
    )
    act = NormativeAct.objects.create(
        school=school, level=ActLevel.REGIONAL, title="Распоряжение Комитета по образованию № 623-р", url="https://k-obr.example/623"
    )
    published_order = order_create(school=school, kind=OrderKind.CURATOR, responsible=TeacherFactory(school=school))
    published_order = order_sign(order=published_order, number="12-од", date=today - datetime.timedelta(days=10))
    order_publish(order=published_order)
    unpublished_order = order_sign(
        order=order_create(school=school, kind=OrderKind.CURATOR, responsible=TeacherFactory(school=school)), number="13-од", date=today - datetime.timedelta(days=9)
    )
    draft_order = order_create(school=school, kind=OrderKind.PAIRS, pairs=[pair])
    return SimpleNamespace(
        section=section,
        shown=shown,
        hidden=hidden,
        candidate=candidate,
        pair=pair,
        mentee_teacher=mentee_teacher,
        programme=programme,
        news=news,
        draft_news=draft_news,
        future_news=future_news,
        act=act,
        published_order=published_order,
        unpublished_order=unpublished_order,
        draft_order=draft_order,
    )
