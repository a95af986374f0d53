"""Figures of `manage.py bench` for schools: the staff import. Also `make_school`, the school each figure starts from."""

import time

from apps.core.bench import benchmark, fake_staff_rows
from apps.schools.models import Municipality, School
from apps.schools.services import school_save
from apps.schools.staff_import import staff_import, staff_list_xlsx


def make_school(slug: str) -> School:
    """A school of its own for one figure, saved as the admin saves one (its declined names filled)."""
    municipality, _ = Municipality.objects.get_or_create(name="Муниципальный район для замеров")
    school = School(
        municipality=municipality,
        full_name=f"Государственное бюджетное общеобразовательное учреждение «{slug}»",
        short_name=slug,
        slug=slug,
        director_name="Сергеева Татьяна Александровна",
    )
    school_save(school=school)
    return school


@benchmark("import_5000_rows", title="Импорт списка педагогов: 5000 строк XLSX, новая школа", quick=True)
def import_5000_rows():
    content = staff_list_xlsx(fake_staff_rows(5000))
    school = make_school("bench-import")
    started = time.perf_counter()
    report = staff_import(school=school, content=content, filename="педагоги.xlsx")
    elapsed = time.perf_counter() - started
    if report.created != 5000:
        raise RuntimeError(f"import_5000_rows: created {report.created} teachers, expected 5000")
    return elapsed, "s"
