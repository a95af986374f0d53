import re

from django.db import migrations, models

LETTERS = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
        strict=True,
    )
)


def fill_slugs(apps, schema_editor):
    """Every existing district gets an address for its public page, from its name in Latin letters."""
    Municipality = apps.get_model("schools", "Municipality")
    taken = set()
    for municipality in Municipality.objects.order_by("pk"):
        latin = "".join(LETTERS.get(char, char) for char in municipality.name.lower()).replace("_", "")
        base = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")[:70] or "rayon"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        Municipality.objects.filter(pk=municipality.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0006_authority_and_name_cases"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="Латиницей, например nevsky: страница района на сайте — /nastavnichestvo/rayon/nevsky/.",
                error_messages={"unique": "Этот адрес уже занят другим муниципалитетом."},
                max_length=80,
                null=True,
                unique=True,
                verbose_name="адрес страницы района",
            ),
        ),
        migrations.AddField(
            model_name="municipality",
            name="head_name",
            field=models.CharField(
                blank=True,
                help_text="Полностью, фамилия первой: «Голова Наталья Александровна». Подписывает приказы района.",
                max_length=200,
                verbose_name="ФИО руководителя органа управления образованием",
            ),
        ),
        migrations.AddField(
            model_name="municipality",
            name="head_position",
            field=models.CharField(
                blank=True, help_text="Например: «Начальник отдела образования».", max_length=200, verbose_name="должность руководителя"
            ),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
    ]
