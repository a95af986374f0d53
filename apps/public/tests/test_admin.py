"""The curator's side: the section's settings and snippets, news with pictures, acts, publishing orders."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.images import normalised_image
from apps.documents.models import Order, OrderKind
from apps.documents.services import order_create, order_sign
from apps.public.models import NewsPost, NormativeAct, PublicSection
from apps.schools.tests.factories import TeacherFactory

from .data import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://portal.example"
    cache.clear()


def section_url(section):
    return reverse("admin:public_publicsection_change", args=[section.pk])


def section_form(section, **changes):
    data = {
        "is_published": "on",
        "intro": section.intro,
        "curator_contacts": "Кабинет 214",
        "embed_origins": "https://school-a.example",
        "description": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_curator_goes_straight_to_the_schools_section_and_copies_the_snippets(client, curator_a, school_a):
    client.force_login(curator_a)
    response = client.get(reverse("admin:public_publicsection_changelist"), follow=True)
    section = PublicSection.objects.get(school=school_a)
    assert response.redirect_chain[-1][0] == section_url(section)
    html = response.content.decode()
    assert (
        "&lt;script src=&quot;https://portal.example/nastavnichestvo/vstraivanie.js&quot; "
        "data-school=&quot;school-a&quot;" in html
    )
    assert "&lt;iframe src=&quot;https://portal.example/nastavnichestvo/school-a/&quot;" in html
    assert "Наставников: 0 из 0" in html


def test_a_get_writes_nothing_the_missing_section_is_made_by_a_post(client, curator_a, school_a):
    PublicSection.objects.filter(school=school_a).delete()  # a school loaded without its section
    client.force_login(curator_a)
    response = client.get(reverse("admin:public_publicsection_changelist"))
    assert response.status_code == 200
    assert "Создать раздел" in response.content.decode()
    assert not PublicSection.objects.filter(school=school_a).exists()
    create = reverse("admin:public_publicsection_create")
    assert client.get(create).status_code == 405
    assert not PublicSection.objects.filter(school=school_a).exists()
    response = client.post(create)
    section = PublicSection.objects.get(school=school_a)
    assert response.status_code == 302 and response.url == section_url(section)
    client.post(create)
    assert PublicSection.objects.filter(school=school_a).count() == 1


def test_the_curator_publishes_the_section_and_the_public_sees_it(client, curator_a, school_a):
    section = PublicSection.objects.get(school=school_a)
    public_url = reverse("public:home", args=[school_a.slug])
    assert client.get(public_url).status_code == 404
    client.force_login(curator_a)
    response = client.post(section_url(section), section_form(section))
    assert response.status_code == 302
    client.logout()
    response = client.get(public_url)
    assert response.status_code == 200
    assert "Кабинет 214" in response.content.decode()
    assert "frame-ancestors 'self' https://school-a.example" in response["Content-Security-Policy"]


def test_a_bad_site_address_is_refused_in_russian_and_nothing_is_saved(client, curator_a, school_a):
    section = PublicSection.objects.get(school=school_a)
    client.force_login(curator_a)
    response = client.post(section_url(section), section_form(section, embed_origins="https://ok.example\nftp://files"))
    assert response.status_code == 200
    assert "Строка 2: «ftp://files» — не адрес сайта." in response.content.decode()
    section.refresh_from_db()
    assert section.is_published is False and section.embed_origins == ""


def test_the_curators_contacts_get_their_numbers_written_alike_and_a_bad_address_refused(client, curator_a, school_a):
    section = PublicSection.objects.get(school=school_a)
    client.force_login(curator_a)
    contacts = "Кабинет 214, вторник 15:00–17:00, тел. 8 (812) 417-34-34, e-mail curator@school34.ru"
    assert client.post(section_url(section), section_form(section, curator_contacts=contacts)).status_code == 302
    section.refresh_from_db()
    assert section.curator_contacts == "Кабинет 214, вторник 15:00–17:00, тел. +7 812 417-34-34, e-mail curator@school34.ru"

    response = client.post(section_url(section), section_form(section, curator_contacts="Пишите: curator@school34"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["curator_contacts"] == [
        "Адрес «curator@school34» — введите адрес электронной почты целиком, например ivanova@school34.ru."
    ]
    section.refresh_from_db()
    assert "+7 812 417-34-34" in section.curator_contacts


def test_a_director_reads_the_section_settings_but_cannot_change_them(client, director_a, school_a):
    section = PublicSection.objects.get(school=school_a)
    client.force_login(director_a)
    assert client.get(section_url(section)).status_code == 200
    client.post(section_url(section), section_form(section))
    section.refresh_from_db()
    assert section.is_published is False


def test_a_news_post_with_a_phone_photo_is_stored_small_and_without_metadata(client, curator_a, school_a):
    from PIL import Image

    photo = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    Image.new("RGB", (4000, 3000), (10, 120, 200)).save(photo, "JPEG", exif=exif)
    client.force_login(curator_a)
    response = client.post(
        reverse("admin:public_newspost_add"),
        {
            "kind": "news",
            "title": "Семинар наставников",
            "lead": "",
            "body": "Текст",
            "event_date": "",
            "is_published": "on",
            "published_at_0": "01.11.2026",
            "published_at_1": "10:00:00",
            "images-TOTAL_FORMS": "1",
            "images-INITIAL_FORMS": "0",
            "images-0-image": SimpleUploadedFile("IMG_0001.JPG", photo.getvalue(), content_type="image/jpeg"),
            "images-0-alt": "Наставники на семинаре",
            "images-0-order": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    post = NewsPost.objects.get(title="Семинар наставников")
    assert post.school == school_a and post.created_by == curator_a
    stored = post.images.get()
    with Image.open(stored.image.path) as image:
        assert max(image.size) == 1600
        assert not image.getexif()
    assert f"/{school_a.pk}/" in stored.image.name and "IMG_0001" not in stored.image.name


def test_an_announcement_needs_the_date_of_the_event(client, curator_a):
    client.force_login(curator_a)
    response = client.post(
        reverse("admin:public_newspost_add"),
        {
            "kind": "announcement",
            "title": "Фестиваль",
            "body": "Текст",
            "is_published": "on",
            "published_at_0": "01.11.2026",
            "published_at_1": "10:00:00",
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Укажите дату мероприятия: без неё анонс не понять." in response.content.decode()
    assert not NewsPost.objects.exists()


def test_a_file_that_is_not_a_picture_is_refused_in_russian():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        normalised_image(SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo"))
    assert error.value.messages == ["Это не изображение или файл повреждён. Загрузите фотографию в формате JPEG или PNG."]
    small = normalised_image(SimpleUploadedFile("p.png", png_bytes()))
    assert small.name == "image.jpg" and small.read(3) == b"\xff\xd8\xff"


def test_the_curator_adds_a_school_act_and_cannot_change_a_common_one(client, curator_a, school_a):
    client.force_login(curator_a)
    response = client.post(
        reverse("admin:public_normativeact_add"),
        {"level": "school", "title": "Положение о наставничестве", "url": "https://school-a.example/polozhenie", "is_published": "on", "order": "0"},
    )
    assert response.status_code == 302
    assert NormativeAct.objects.get(title="Положение о наставничестве").school == school_a
    common = NormativeAct.objects.filter(school=None).first()
    client.post(reverse("admin:public_normativeact_change", args=[common.pk]), {"level": "school", "title": "Изменено", "order": "0"})
    common.refresh_from_db()
    assert common.title != "Изменено"


def test_an_acts_link_typed_without_its_scheme_is_kept_as_https(client, curator_a):
    client.force_login(curator_a)
    client.post(
        reverse("admin:public_normativeact_add"),
        {"level": "school", "title": "Положение о наставничестве", "url": "school-a.example/polozhenie", "order": "0"},
    )
    assert NormativeAct.objects.get(title="Положение о наставничестве").url == "https://school-a.example/polozhenie"


def test_an_act_without_a_link_or_file_is_refused(client, curator_a):
    client.force_login(curator_a)
    response = client.post(reverse("admin:public_normativeact_add"), {"level": "school", "title": "Без текста", "order": "0"})
    assert "Дайте ссылку на официальный текст или загрузите файл документа." in response.content.decode()


def test_publishing_orders_from_the_register_skips_drafts(client, curator_a, school_a, settings):
    signed = order_sign(
        order=order_create(school=school_a, kind=OrderKind.CURATOR, responsible=TeacherFactory(school=school_a)),
        number="5-од",
        date=datetime.date(2026, 9, 1),
    )
    draft = order_create(school=school_a, kind=OrderKind.CURATOR, responsible=TeacherFactory(school=school_a))
    client.force_login(curator_a)
    response = client.post(
        reverse("admin:documents_order_changelist"),
        {"action": "publish", "_selected_action": [signed.pk, draft.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Приказов опубликовано на сайте: 1." in html
    assert "Не опубликовано проектов приказов: 1 — сначала их подписывает директор." in html
    assert Order.objects.get(pk=signed.pk).is_published
    assert not Order.objects.get(pk=draft.pk).is_published
