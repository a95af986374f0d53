"""The back-office's own words in Russian, through its real URLs: what Django writes after a save or a
delete, its actions and confirmations (locale/ru/LC_MESSAGES/django.po), the person's name where a
login was shown, the portal's icon."""

import datetime
import json
import re
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from apps.documents.models import OrderKind
from apps.documents.services import order_create, order_sign
from apps.pairs.tests.factories import make_pair
from apps.schools.models import Teacher
from apps.schools.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def texts(response) -> list[str]:
    return [re.sub(r"<[^>]+>", "", str(message)) for message in get_messages(response.wsgi_request)]


def card(**changes):
    data = {"last_name": "Иванова", "first_name": "Мария", "patronymic": "Петровна", "gender": "f", "position": "учитель", "is_employed": "on"}
    return {**data, **changes}


def test_saving_and_deleting_a_record_reads_right_whatever_the_models_gender(client, curator_a, school_a):
    client.force_login(curator_a)
    added = client.post(reverse("admin:schools_teacher_add"), card(), follow=True)
    assert texts(added) == ["Добавлено: педагог «Иванова Мария Петровна»."]
    teacher = Teacher.objects.get(school=school_a, last_name="Иванова")
    change_url = reverse("admin:schools_teacher_change", args=[teacher.pk])
    changed = client.post(change_url, card(position="учитель математики"), follow=True)
    assert texts(changed) == ["Изменения сохранены: педагог «Иванова Мария Петровна»."]
    again = client.post(change_url, card(position="учитель", _continue="1"), follow=True)
    assert texts(again) == ["Изменения сохранены: педагог «Иванова Мария Петровна». Ниже можно продолжить правку."]

    confirm = client.get(reverse("admin:schools_teacher_delete", args=[teacher.pk])).content.decode()
    assert "Удалить запись «Иванова Мария Петровна» (педагог)?" in confirm and "Да, удалить" in confirm
    deleted = client.post(reverse("admin:schools_teacher_delete", args=[teacher.pk]), {"post": "yes"}, follow=True)
    assert texts(deleted) == ["Удалено: педагог «Иванова Мария Петровна»."]


def test_a_feminine_model_gets_no_masculine_verb(client, curator_a, school_a):
    pair = make_pair(school=school_a)
    client.force_login(curator_a)
    html = client.get(reverse("admin:pairs_pair_change", args=[pair.pk])).content.decode()
    assert "был" not in re.sub(r"<[^>]+>", " ", html)
    # The inline's «add a row» link is written by the admin's script from this JSON.
    options = [json.loads(unescape(data)) for data in re.findall(r'data-inline-formset="([^"]+)"', html)]
    assert options and {o["options"]["addText"].split(": ")[0] for o in options} == {"Добавить ещё"}


def test_bulk_actions_and_their_confirmation_name_records_not_a_nominative_plural(client, curator_a, school_a):
    teachers = TeacherFactory.create_batch(2, school=school_a)
    client.force_login(curator_a)
    changelist = reverse("admin:schools_teacher_changelist")
    html = client.get(changelist).content.decode()
    assert ">Удалить выбранные записи<" in html and "Удалить выбранные педагоги" not in html
    assert 'alt="Поиск"' in html and 'alt="Search"' not in html
    assert 'alt="да"' in html and 'alt="True"' not in html  # «работает в организации»
    selected = {"action": "delete_selected", "_selected_action": [t.pk for t in teachers]}
    confirm = client.post(changelist, selected).content.decode()
    assert "Удалить выбранные записи (педагоги)?" in confirm
    done = client.post(changelist, {**selected, "post": "yes"}, follow=True)
    assert texts(done) == ["Удалено записей: 2."]


def test_a_signed_order_names_the_person_who_signed_it(client, curator_a, director_a, school_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    director_a.first_name, director_a.last_name = "Татьяна", "Сергеева"
    director_a.save()
    order = order_create(school=school_a, kind=OrderKind.CURATOR, responsible=TeacherFactory(school=school_a))
    order = order_sign(order=order, number="12-од", date=timezone.localdate() - datetime.timedelta(days=1), by=director_a)
    client.force_login(curator_a)
    html = client.get(reverse("admin:documents_order_change", args=[order.pk])).content.decode()
    signed_by = re.search(r'field-signed_by.*?<div class="readonly">(.*?)</div>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", signed_by).strip() == "Татьяна Сергеева"
    assert re.search(r"<code>[0-9a-f]{64}</code>", html)  # the checksum is code, not words


def test_the_greeting_and_the_menu_name_the_person(client, curator_a):
    curator_a.first_name, curator_a.last_name = "Ирина", "Волкова"
    curator_a.save()
    client.force_login(curator_a)
    assert "<strong>Ирина Волкова</strong>" in client.get(reverse("admin:index")).content.decode()
    menu = client.get(reverse("roadmap:page")).content.decode()
    assert "Ирина Волкова" in menu and curator_a.username not in menu


def test_the_icon_is_served_and_linked(client, curator_a, school_a):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    pages = [reverse("login"), reverse("public:home", args=[school_a.slug])]  # the public section: its preview
    client.force_login(curator_a)
    for url in [*pages, reverse("admin:index"), reverse("roadmap:page")]:
        if url == pages[0]:
            client.logout()
        html = client.get(url).content.decode()
        assert 'rel="icon" href="/favicon.ico"' in html and "favicon.svg" in html, url
        client.force_login(curator_a)
