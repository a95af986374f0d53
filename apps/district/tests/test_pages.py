"""The coordinator's pages through their real URLs: registries, the monitoring table, XLSX and PDF."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.consents.models import Consent, ConsentKind
from apps.consents.services import consent_withdraw
from apps.district import views
from apps.district.selectors import monitoring_rows
from apps.documents.models import Order, OrderKind
from apps.documents.selectors import published_orders, signed_orders
from apps.schools.models import Teacher

from .data import TODAY, build_district, consented_mentor, coordinator_of, report_from_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(school_a, school_b, monkeypatch):
    monkeypatch.setattr(views, "today", lambda: TODAY)
    return build_district(school_a, school_b)


@pytest.fixture
def coordinator_client(client, district):
    client.force_login(coordinator_of(district.school_a.municipality))
    return client


def test_registries_leave_out_teachers_without_consent(coordinator_client, district):
    mentors = coordinator_client.get(reverse("district:mentors")).content.decode()
    assert "Скрытова" not in mentors
    mentees = coordinator_client.get(reverse("district:mentees")).content.decode()
    assert "Безсогласнова" not in mentees
    consent = Consent.objects.get(teacher__last_name="Алмазова", kind=ConsentKind.PERSONAL_DATA)
    consent_withdraw(consent=consent)
    assert "Алмазова" not in coordinator_client.get(reverse("district:mentors")).content.decode()


def test_a_curator_without_consent_is_hidden_and_a_school_without_curator_is_marked(coordinator_client, district):
    page = coordinator_client.get(reverse("district:curators")).content.decode()
    assert "kurator@a2.example" in page and "+7 900 111-22-33" in page
    assert "Куратор не назначен" in page  # school A
    consent = Consent.objects.get(teacher__last_name="Кураторова", kind=ConsentKind.PERSONAL_DATA)
    consent_withdraw(consent=consent)
    page = coordinator_client.get(reverse("district:curators")).content.decode()
    assert "kurator@a2.example" not in page and "нет согласия на обработку персональных данных" in page


def test_mentors_who_close_a_request_are_found_in_every_school(coordinator_client, district):
    page = coordinator_client.get(reverse("district:mentors"), {"zapros": district.request.pk}).content.decode()
    assert "Алмазова" in page and "Бирюзова" in page
    assert "Гранатова" not in page and "Чужакова" not in page
    page = coordinator_client.get(reverse("district:mentors"), {"competence": district.competence.pk, "school": district.school_a2.pk}).content.decode()
    assert "Бирюзова" in page and "Алмазова" not in page
    mentees = coordinator_client.get(reverse("district:mentees")).content.decode()
    assert f"?zapros={district.request.pk}&amp;free_only=on" in mentees  # the mentee's request leads to those mentors


def test_the_monitoring_rows_count_each_school(district):
    rows = {r.school.slug: r for r in monitoring_rows(municipality=district.school_a.municipality, today=TODAY)}
    assert set(rows) == {"school-a", "school-a2"}
    a, a2 = rows["school-a"], rows["school-a2"]
    # School A: the consented mentee and the one without consent are both young specialists; one is in the bank.
    assert (a.young_total, a.young_in_bank, a.young_percent) == (2, 1, 50)
    assert (a.mentors, a.mentees, a.mentees_waiting) == (1, 1, 1)
    assert a.documents_signed == 0 and a.lagging.keys() >= {"young", "waiting", "documents", "published", "roadmap"}
    assert (a2.mentors, a2.mentees, a2.young_total, a2.documents_signed, a2.documents_published) == (2, 0, 0, 4, 3)
    assert "documents" not in a2.lagging and "young" not in a2.lagging
    assert a2.lagging["published"] == "не все обязательные приказы размещены на сайте"


def test_published_means_signed_and_put_on_the_schools_site(district):
    """One function decides what counts as published: the curator's «Опубликовать на сайте»."""
    orders = Order.objects.filter(school=district.school_a2)
    assert set(published_orders(orders)) == set(signed_orders(orders).exclude(kind=OrderKind.PAIRS))


def test_the_table_marks_lagging_cells_in_words_and_sorts(coordinator_client, district):
    page = coordinator_client.get(reverse("district:monitoring")).content.decode()
    assert 'class="text-end lagging" data-cell="young"' in page
    assert "(отстаёт: не все молодые специалисты включены в банк наставляемых)" in page
    assert page.index('data-school="school-a"') < page.index('data-school="school-a2"')
    page = coordinator_client.get(reverse("district:monitoring"), {"sort": "-documents"}).content.decode()
    assert page.index('data-school="school-a2"') < page.index('data-school="school-a"')
    # the sort link keeps the school year shown
    assert 'aria-sort="descending"' in page and f'href="?sort=documents&amp;year={TODAY.year if TODAY.month >= 9 else TODAY.year - 1}"' in page
    page = coordinator_client.get(reverse("district:monitoring"), {"sort": "nonsense"}).content.decode()
    assert page.index('data-school="school-a"') < page.index('data-school="school-a2"')


def test_the_xlsx_follows_the_reporting_form(coordinator_client, district):
    response = coordinator_client.get(reverse("district:monitoring_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("Мониторинг реализации системы (целевой модели) наставничества")
    assert district.school_a.municipality.name in sheet["A2"].value
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=8, max_row=10)]
    assert values[0][:6] == [1, "Школа А", 4, 2, 1, 50]  # four teachers: two mentors, two mentees
    assert values[1][1] == "Школа А-2" and values[1][18:20] == [4, 3]
    assert values[2][1] == "Итого по муниципалитету" and values[2][3] == 2
    assert "не все молодые специалисты" in values[0][-1]
    assert sheet.cell(8, 5).fill.fgColor.rgb.endswith("FBE3C8")  # the lagging cell is tinted too


def test_the_pdf_report_has_the_district_figures(coordinator_client, district):
    pdf = report_from_worker(coordinator_client)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "Аналитическая справка" in text and "№ ________" in text
    assert district.school_a.municipality.name.upper() in text  # no body named yet: the requisites name the district
    assert "Школа А-2" in text and "Школа Б" not in text
    assert "Школа А: не все молодые" in text.replace("- ", "").replace("\u00ad", "")
    assert "Муниципальный координатор" in text


def _grow(district, extra_schools: int, per_school: int):
    from apps.schools.tests.factories import SchoolFactory

    for i in range(extra_schools):
        school = SchoolFactory(municipality=district.school_a.municipality)
        for j in range(per_school):
            consented_mentor(school, f"Добавленова{i}-{j}", [district.competence])
    assert Teacher.objects.filter(school__municipality=district.school_a.municipality).count() > extra_schools * per_school


@pytest.mark.parametrize("page", ["district:monitoring", "district:mentors", "district:curators", "district:mentees", "district:monitoring_xlsx"])
def test_query_counts_do_not_grow_with_the_district(coordinator_client, district, page, django_assert_max_num_queries):
    url = reverse(page)
    coordinator_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert coordinator_client.get(url).status_code == 200
    _grow(district, extra_schools=4, per_school=5)
    with django_assert_max_num_queries(len(small)):
        assert coordinator_client.get(url).status_code == 200
    with django_assert_max_num_queries(20):
        coordinator_client.get(url)


def test_satisfaction_is_the_average_of_the_stored_scale_answers(district):
    """Answers go through response_submit (stored as objects with their value); a low average lags."""
    from apps.monitoring.tests.data import MENTEE, MENTOR, answer, consent_all, mentee_teacher
    from apps.pairs.models import PairStatus
    from apps.pairs.services import pair_end
    from apps.pairs.tests.factories import make_pair

    pair = make_pair(school=district.school_a2)
    consent_all(pair)
    pair_end(pair=pair, status=PairStatus.COMPLETED, ended_on=TODAY)
    answer(pair, pair.mentor.teacher, MENTOR, 6)
    answer(pair, mentee_teacher(pair), MENTEE, 5)
    rows = {r.school.slug: r for r in monitoring_rows(municipality=district.school_a.municipality, today=TODAY)}
    a2 = rows["school-a2"]
    assert (a2.satisfaction, a2.satisfaction_responses) == (5.5, 2)
    assert "satisfaction" in a2.lagging and rows["school-a"].satisfaction is None


def _row_of(page: str, slug: str) -> str:
    start = page.index(f'<tr data-school="{slug}">')
    return page[start : page.index("</tr>", start)]


def test_each_row_shows_its_figures_and_escapes_the_school_name(coordinator_client, district):
    """The rows are written by a template tag (district_tags.monitoring_row): the empty cases and escaping."""
    from apps.monitoring.tests.data import MENTEE, MENTOR, answer, consent_all, mentee_teacher
    from apps.pairs.tests.factories import make_pair

    district.school_a2.short_name = 'Лицей <b>"Ромашка" & Co</b>'
    district.school_a2.save(update_fields=["short_name"])
    pair = make_pair(school=district.school_a)
    consent_all(pair)
    answer(pair, pair.mentor.teacher, MENTOR, 6)
    answer(pair, mentee_teacher(pair), MENTEE, 5)

    page = coordinator_client.get(reverse("district:monitoring")).content.decode()
    a, a2 = _row_of(page, "school-a"), _row_of(page, "school-a2")
    assert '<th scope="row" class="fw-normal">Лицей &lt;b&gt;&quot;Ромашка&quot; &amp; Co&lt;/b&gt;</th>' in a2
    assert '<td class="text-end" data-cell="young"><span class="text-nowrap">0 из 0</span></td>' in a2  # no percent of nobody
    assert '<td class="text-end text-nowrap" data-cell="satisfaction"><span class="text-muted">нет ответов</span></td>' in a2
    assert '<td class="text-end text-nowrap" data-cell="documents">4 из 4</td>' in a2
    assert '<td class="text-end text-nowrap lagging" data-cell="satisfaction">5,5 <span class="lag-mark"' in a
    assert "(отстаёт: средняя удовлетворённость ниже 7 из 10)" in a
    young = r'<td class="text-end lagging" data-cell="young"><span class="text-nowrap">\d+ из \d+</span> <span class="text-nowrap">\(\d+ %\) <span class="lag-mark"'
    assert re.search(young, a)
    assert 'data-cell="roadmap"><span class="text-muted">нет</span> <span class="lag-mark"' in a


def _tfoot(page: str) -> str:
    return page[page.index("<tfoot", page.index('id="district-monitoring"')) : page.index("</tfoot>", page.index('id="district-monitoring"'))]


def test_a_district_of_many_schools_pages_its_table_and_totals_every_school(coordinator_client, district, monkeypatch):
    url = reverse("district:monitoring")
    whole = coordinator_client.get(url, {"sort": "-documents"}).content.decode()
    assert 'id="schools-shown"' not in whole and "Страница 1 из" not in whole  # two schools: one page, no pager

    monkeypatch.setattr(views, "SCHOOLS_PER_PAGE", 1)
    year = TODAY.year if TODAY.month >= 9 else TODAY.year - 1
    first = coordinator_client.get(url, {"sort": "-documents", "year": year}).content.decode()
    second = coordinator_client.get(url, {"sort": "-documents", "year": year, "page": "2"}).content.decode()
    assert 'data-school="school-a2"' in first and 'data-school="school-a"' not in first  # the sort runs across pages
    assert 'data-school="school-a"' in second and 'data-school="school-a2"' not in second
    assert "Организации 1–1 из 2; строка «Итого» — по всем организациям." in first
    assert "Страница 2 из 2" in second
    assert _tfoot(first) == _tfoot(second) == _tfoot(whole)  # the district's totals count both schools on every page
    assert f'href="?sort=-documents&amp;year={year}&amp;page=2">Дальше</a>' in first  # the pager keeps the sort and the year
    assert "Недостающие обязательные приказы: организации 2–2" in second
    missing = second[second.index('id="missing-orders"') : second.index("</ul>", second.index('id="missing-orders"'))]
    assert district.school_a.short_name in missing and "Школа А-2" not in missing

    for bad in ("0", "abc", "999", "-1"):
        assert coordinator_client.get(url, {"page": bad}).status_code == 200
