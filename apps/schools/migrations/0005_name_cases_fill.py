"""Existing schools get the suggested genitive and dative of their full name; the curator checks them."""

from django.db import migrations

from apps.core.org_names import decline_org_name


def fill(apps, schema_editor):
    School = apps.get_model("schools", "School")
    for school in School.objects.filter(full_name_genitive="") | School.objects.filter(full_name_dative=""):
        school.full_name_genitive = school.full_name_genitive or decline_org_name(school.full_name, "gen")
        school.full_name_dative = school.full_name_dative or decline_org_name(school.full_name, "dat")
        school.save(update_fields=["full_name_genitive", "full_name_dative"])


class Migration(migrations.Migration):
    dependencies = [("schools", "0004_name_cases_and_pd_processor")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
