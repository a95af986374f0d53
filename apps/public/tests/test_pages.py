"""The public section through its real URLs: what is shown, what never is, and who may preview."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.consents.models import Consent, ConsentKind
from apps.consents.services import consent_withdraw
from apps.documents.services import order_publish
from apps.public.models import NormativeAct, PublicSection

from .data import ORIGIN, build_public_school

pytestmark = pytest.mark.django_db

PAGES = ["home", "normative", "roadmap", "mentors", "programmes", "news"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def data(school_a):
    return build_public_school(school_a)


def url(name, school, *args):
    return reverse(f"public:{name}", args=[school.slug, *args])


def text_of(client, name, school, *args):
    response = client.get(url(name, school, *args))
    assert response.status_code == 200, name
    return response.content.decode()


def every_page(client, school) -> str:
    return "\n".join(text_of(client, name, school) for name in PAGES)


# --- published and consented, nothing else


def test_mentors_page_shows_only_confirmed_mentors_who_agreed_to_publication(client, school_a, data):
    html = text_of(client, "mentors", school_a)
    assert data.shown.teacher.full_name in html
    assert data.shown.teacher.position.capitalize() in html
    assert reverse("public:mentor_photo", args=[school_a.slug, data.shown.pk]) in html
    assert "Чернова" not in html  # no consent to publication
    assert "Кандидатова" not in html  # not yet confirmed by the school


def test_a_withdrawn_consent_disappears_from_every_page_at_once(client, school_a, data):
    photo = reverse("public:mentor_photo", args=[school_a.slug, data.shown.pk])
    assert data.shown.teacher.last_name in every_page(client, school_a)  # now cached
    assert client.get(photo).getvalue().startswith(b"\xff\xd8\xff")  # the photo itself, read to its end (the file is closed)

    consent = Consent.objects.get(teacher=data.shown.teacher, kind=ConsentKind.PUBLICATION)
    consent_withdraw(consent=consent)

    assert data.shown.teacher.last_name not in every_page(client, school_a)
    assert client.get(photo).status_code == 404


def test_withdrawing_the_consent_to_processing_hides_the_mentor_too(client, school_a, data):
    consent_withdraw(consent=Consent.objects.get(teacher=data.shown.teacher, kind=ConsentKind.PERSONAL_DATA))
    assert data.shown.teacher.last_name not in text_of(client, "mentors", school_a)


def test_the_curator_is_named_only_with_consent_but_the_contacts_always_show(client, school_a, data):
    school_a.curator = data.hidden.teacher  # no consent to publication
    school_a.save()
    html = text_of(client, "home", school_a)
    assert "Чернова" not in html
    assert "Кабинет 214" in html

    school_a.curator = data.shown.teacher
    school_a.save()
    assert data.shown.teacher.full_name in text_of(client, "home", school_a)


def test_programmes_are_shown_without_a_single_name(client, school_a, data):
    html = text_of(client, "programmes", school_a)
    assert "Подготовка к ОГЭ" in html
    assert data.programme.starts_on.strftime("%d.%m.%Y") in html
    for name in (data.shown.teacher.last_name, data.mentee_teacher.last_name, data.mentee_teacher.first_name):
        assert name not in html


def test_news_shows_only_published_posts_of_today_or_earlier(client, school_a, data):
    html = text_of(client, "news", school_a)
    assert data.news.title in html
    assert data.draft_news.title not in html
    assert data.future_news.title not in html
    assert client.get(url("news_detail", school_a, data.draft_news.pk)).status_code == 404
    assert client.get(url("news_detail", school_a, data.future_news.pk)).status_code == 404
    detail = text_of(client, "news_detail", school_a, data.news.pk)
    assert "<strong>новости</strong>" in detail
    assert f"<title>{data.news.title} — Наставничество — {school_a.short_name}</title>" in detail
    assert '<meta name="description" content="Пять пар начали работу.">' in detail


def test_news_text_keeps_safe_formatting_and_loses_everything_else(client, school_a, data):
    data.news.body = (
        "## Итоги\n\n**Важно**: <script>alert(1)</script> <img src=x onerror=alert(2)> "
        "[ссылка](javascript:alert(3)) [сайт](https://school.example)"
    )
    data.news.save()
    html = text_of(client, "news_detail", school_a, data.news.pk)
    body = html.split('<div class="markup">')[1].split("</div>")[0]
    assert "<h2>Итоги</h2>" in body and "<strong>Важно</strong>" in body
    assert '<a href="https://school.example" rel="noopener noreferrer">сайт</a>' in body
    for dangerous in ("<script", "onerror", "javascript:", "<img"):
        assert dangerous not in body


def test_normative_base_lists_common_school_and_published_orders_only(client, school_a, school_b, data):
    NormativeAct.objects.create(school=school_b, level="school", title="Положение школы Б", url="https://b.example/")
    html = text_of(client, "normative", school_a)
    assert "№ 273-ФЗ" in html  # a common federal act
    assert data.act.title in html
    assert "Положение школы Б" not in html
    assert "№ 12-од" in html
    assert "№ 13-од" not in html  # signed but not published
    assert client.get(url("order_file", school_a, data.published_order.pk)).status_code == 200
    assert client.get(url("order_file", school_a, data.unpublished_order.pk)).status_code == 404
    assert client.get(url("order_file", school_a, data.draft_order.pk)).status_code == 404


def test_an_order_taken_off_the_site_disappears_with_its_file(client, school_a, data):
    assert "№ 12-од" in text_of(client, "normative", school_a)
    order_publish(order=data.published_order, published=False)
    assert "№ 12-од" not in text_of(client, "normative", school_a)
    assert client.get(url("order_file", school_a, data.published_order.pk)).status_code == 404


def test_the_published_order_is_the_websites_copy_under_a_human_name(client, school_a, data):
    response = client.get(url("order_file", school_a, data.published_order.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("inline;")
    assert "filename*=utf-8''%d0%9f%d1%80%d0%b8%d0%ba%d0%b0%d0%b7" in response["Content-Disposition"].lower()  # «Приказ…»
    assert response["Cache-Control"] == "no-cache"


def test_files_of_one_school_are_not_reached_through_another(client, school_a, school_b, data):
    build_school_b = PublicSection.objects.get(school=school_b)
    build_school_b.is_published = True
    build_school_b.save()
    assert client.get(url("order_file", school_b, data.published_order.pk)).status_code == 404
    assert client.get(url("mentor_photo", school_b, data.shown.pk)).status_code == 404


def test_roadmap_page_shows_the_stages_of_this_school_year(client, school_a, data):
    from apps.core.dates import school_year_start
    from apps.roadmap.services import roadmap_create

    year = school_year_start(datetime.date.today())
    roadmap_create(school=school_a, year_start=year)
    html = text_of(client, "roadmap", school_a)
    assert f"Дорожная карта на {year}/{year + 1} учебный год" in html
    assert html.count("Этап ") >= 7
    assert "Положение будет опубликовано после утверждения приказом директора." in html


# --- who sees an unpublished section


def test_an_unpublished_section_is_not_found_for_the_public(client, school_a, data):
    data.section.is_published = False
    data.section.save()
    for name in PAGES:
        assert client.get(url(name, school_a)).status_code == 404
    assert client.get(url("news_atom", school_a)).status_code == 404
    assert client.get(url("mentor_photo", school_a, data.shown.pk)).status_code == 404


def test_staff_of_the_school_preview_an_unpublished_section_and_nobody_else(client, school_a, data, curator_a, curator_b, teacher_user):
    data.section.is_published = False
    data.section.save()
    client.force_login(curator_a)
    response = client.get(url("home", school_a))
    assert response.status_code == 200
    assert "Раздел ещё не опубликован" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    for user in (curator_b, teacher_user):
        client.force_login(user)
        assert client.get(url("home", school_a)).status_code == 404


def test_unknown_school_and_bad_input_are_clean_404s(client, school_a, data):
    assert client.get("/nastavnichestvo/net-takoy-shkoly/").status_code == 404
    assert client.get(url("news", school_a) + "?page=abc").status_code == 200
    assert client.get(url("news", school_a) + "?page=999999").status_code == 200
    assert client.get(url("news_detail", school_a, 999999)).status_code == 404
    assert client.post(url("home", school_a)).status_code == 405


# --- embedding and headers


def test_framing_is_allowed_only_for_the_schools_listed_sites(client, school_a, data):
    response = client.get(url("home", school_a))
    policy = response["Content-Security-Policy"]
    assert f"frame-ancestors 'self' {ORIGIN}" in policy
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "X-Frame-Options" not in response
    # The back-office is never framed.
    assert client.get(reverse("login"))["X-Frame-Options"] == "DENY"


def test_bad_embed_origins_are_refused_with_the_line_named(school_a, settings):
    from django.core.exceptions import ValidationError

    settings.DEBUG = True  # http://localhost only in development

    section = PublicSection.objects.get(school=school_a)
    section.embed_origins = "https://school.example/nastavnichestvo\nшкола 34"
    with pytest.raises(ValidationError) as error:
        section.full_clean()
    assert error.value.message_dict["embed_origins"] == [
        "Строка 2: «школа 34» — не адрес сайта. Укажите адрес вида https://school34.spb.ru."
    ]
    section.embed_origins = "school.example\nhttp://localhost:8080/page\nhttps://school.example/"
    section.full_clean()
    assert section.origins == ["https://school.example", "http://localhost:8080"]


@pytest.mark.parametrize("debug", [False, True])
def test_an_http_site_is_refused_as_an_embedding_site(school_a, settings, debug):
    """Issue 16, finding 10: a page over plain http:// could be altered on the way, so it may not frame
    the section; a developer's localhost is allowed with DEBUG on only."""
    from django.core.exceptions import ValidationError

    settings.DEBUG = debug
    section = PublicSection.objects.get(school=school_a)
    lines = ["http://school.example"] + ([] if debug else ["http://localhost:8080"])
    for line in lines:
        section.embed_origins = f"https://school.example\n{line}"
        with pytest.raises(ValidationError) as error:
            section.full_clean()
        assert error.value.message_dict["embed_origins"] == [
            f"Строка 2: «{line}» — сайт без защищённого соединения (http://). Встраивать раздел можно только на "
            "сайт, открывающийся по https://; укажите адрес вида https://school34.spb.ru."
        ]
        assert section.origins == []  # a stored http:// line frames nothing


def test_the_embed_script_is_served_from_a_stable_address(client):
    response = client.get(reverse("public:embed_script"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert b"nastavnichestvo:height" in response.content


# --- feeds


def test_atom_and_rss_feeds_list_published_news(client, school_a, data):
    atom = ET.fromstring(client.get(url("news_atom", school_a)).content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [entry.findtext("a:title", namespaces=ns) for entry in atom.findall("a:entry", ns)]
    assert titles == [data.news.title]
    assert school_a.short_name in atom.findtext("a:title", namespaces=ns)
    rss = ET.fromstring(client.get(url("news_rss", school_a)).content)
    assert [item.findtext("title") for item in rss.iter("item")] == [data.news.title]
    assert rss.find("channel").findtext("language") == "ru"


# --- cache


def test_a_cached_page_costs_one_query_and_goes_stale_when_the_curator_publishes(client, school_a, data, django_assert_max_num_queries):
    from apps.public.models import NewsPost

    text_of(client, "news", school_a)
    with django_assert_max_num_queries(1):
        assert data.news.title in text_of(client, "news", school_a)
    NewsPost.objects.create(school=school_a, title="Свежая новость", body="Текст", is_published=True)
    assert "Свежая новость" in text_of(client, "news", school_a)


def test_a_change_in_another_school_leaves_this_schools_cache_alone(client, school_a, school_b, data, django_assert_max_num_queries):
    from apps.public.models import NewsPost

    text_of(client, "home", school_a)
    NewsPost.objects.create(school=school_b, title="Новость школы Б", body="Текст", is_published=True)
    with django_assert_max_num_queries(1):
        text_of(client, "home", school_a)


def test_a_visitor_who_has_the_page_gets_304_without_rendering(client, school_a, data, django_assert_max_num_queries):
    first = client.get(url("home", school_a))
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert first["Cache-Control"] == "public, max-age=60"
    # The same page for everybody: a proxy keeps one copy, not one per cookie or per browser language.
    assert "Vary" not in first
    cache.clear()  # a 304 needs neither the rendering nor the cached body
    with django_assert_max_num_queries(1):
        again = client.get(url("home", school_a), headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "public, max-age=60"
    assert f"frame-ancestors 'self' {ORIGIN}" in again["Content-Security-Policy"]
    # Another page's or an old validator does not match.
    assert client.get(url("home", school_a), headers={"if-none-match": 'W/"1.1.20000101"'}).status_code == 200


def test_a_withdrawn_consent_changes_the_etag_and_the_page_comes_again(client, school_a, data):
    first = client.get(url("mentors", school_a))
    assert data.shown.teacher.last_name in first.content.decode()
    consent_withdraw(consent=Consent.objects.get(teacher=data.shown.teacher, kind=ConsentKind.PUBLICATION))
    again = client.get(url("mentors", school_a), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert data.shown.teacher.last_name not in again.content.decode()


def test_a_new_publication_changes_the_etag(client, school_a, data):
    from apps.public.models import NewsPost

    first = client.get(url("news", school_a))
    NewsPost.objects.create(school=school_a, title="Свежая новость", body="Текст", is_published=True)
    again = client.get(url("news", school_a), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "Свежая новость" in again.content.decode()


def test_the_preview_of_an_unpublished_section_is_never_kept_or_revalidated(client, school_a, data, curator_a):
    published = client.get(url("home", school_a))
    data.section.is_published = False
    data.section.save()
    client.force_login(curator_a)
    response = client.get(url("home", school_a), headers={"if-none-match": published["ETag"]})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response
    client.logout()
    assert client.get(url("home", school_a), headers={"if-none-match": published["ETag"]}).status_code == 404


def test_a_conditional_request_with_a_garbled_validator_gets_the_page(client, school_a, data):
    for value in ('"', "W/", "*, ", "x" * 5000):
        assert client.get(url("home", school_a), headers={"if-none-match": value}).status_code in (200, 304)


def test_a_page_answered_before_the_middleware_chain_keeps_its_checks_and_headers(client, school_a, data, curator_a):
    first = client.get(url("home", school_a))  # rendered through the whole chain, now cached
    again = client.get(url("home", school_a))  # from the cache, answered by PublishedPagesMiddleware
    assert again.content == first.content
    for name in ("Permissions-Policy", "Content-Security-Policy", "Cache-Control", "ETag"):
        assert again[name] == first[name], name
    assert "X-Frame-Options" not in again and "Vary" not in again
    # The Host header is still checked.
    assert client.get(url("home", school_a), headers={"host": "evil.example"}).status_code == 400
    # A visitor with a session (the school's curator) goes through the whole chain and sees the same page.
    client.force_login(curator_a)
    staff = client.get(url("home", school_a))
    assert staff.status_code == 200
    assert staff.content == first.content


@pytest.mark.parametrize("name", PAGES)
def test_pages_make_a_bounded_number_of_queries_whatever_the_size(client, school_a, data, name, django_assert_max_num_queries):
    from apps.public.models import NewsPost
    from apps.public.tests.data import consented_mentor

    cache.clear()
    with django_assert_max_num_queries(16) as small:
        text_of(client, name, school_a)
    for n in range(12):
        consented_mentor(school_a, f"Ещёнаставник{n}")
        NewsPost.objects.create(school=school_a, title=f"Новость {n}", body="Текст", is_published=True)
    cache.clear()
    with django_assert_max_num_queries(16) as large:
        text_of(client, name, school_a)
    assert len(large.captured_queries) == len(small.captured_queries)
