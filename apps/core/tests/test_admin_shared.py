"""«Shared or own» items in the back-office: one mixin and one copy action for every catalogue that has them."""

import ast
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse

from apps.accounts.roles import Role
from apps.catalogues.models import Competence, Request
from apps.core import admin_shared
from apps.core.admin_shared import SharedOrOwnAdminMixin
from apps.programmes.models import ProgrammeTemplate
from apps.programmes.services import programme_template_copy
from apps.public.models import ActLevel, NormativeAct
from apps.schools.tests.factories import SchoolFactory, UserFactory
from apps.surveys.models import Questionnaire
from apps.surveys.services import questionnaire_copy

pytestmark = pytest.mark.django_db

SHARED_OR_OWN = [Competence, Request, NormativeAct, ProgrammeTemplate, Questionnaire]


def own_item(model, school):
    common = model.objects.filter(school__isnull=True).first()
    if model is ProgrammeTemplate:
        return programme_template_copy(template=common, school=school)
    if model is Questionnaire:
        return questionnaire_copy(questionnaire=common, school=school)
    if model is NormativeAct:
        return NormativeAct.objects.create(school=school, level=ActLevel.SCHOOL, title="Положение", url="https://example.org/")
    return model.objects.create(school=school, name="Своя компетенция")


def _url(model, action, obj=None):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=[obj.pk] if obj else [])


def test_the_mixin_module_imports_no_app():
    tree = ast.parse(Path(admin_shared.__file__).read_text())
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [name for name in imported if name and name.startswith("apps")]


@pytest.mark.parametrize("model", SHARED_OR_OWN, ids=lambda m: m.__name__)
def test_every_shared_or_own_admin_uses_the_one_mixin(model):
    assert isinstance(admin.site.get_model_admin(model), SharedOrOwnAdminMixin)


@pytest.mark.parametrize("model", SHARED_OR_OWN, ids=lambda m: m.__name__)
def test_a_curator_reads_the_common_items_and_edits_only_the_schools_own(client, curator_a, school_a, school_b, model):
    common = model.objects.filter(school__isnull=True).first()
    mine, theirs = own_item(model, school_a), own_item(model, school_b)
    client.force_login(curator_a)
    shown = set(client.get(_url(model, "changelist")).context["cl"].result_list)
    assert {common, mine} <= shown and theirs not in shown
    response = client.get(_url(model, "change", common))
    assert response.status_code == 200 and not response.context["has_change_permission"]
    assert client.get(_url(model, "delete", common)).status_code == 403
    assert client.get(_url(model, "change", mine)).context["has_change_permission"]
    assert client.get(_url(model, "change", theirs)).status_code == 404


@pytest.mark.parametrize("model", SHARED_OR_OWN, ids=lambda m: m.__name__)
def test_a_coordinator_reads_the_common_items_and_the_municipalitys(client, school_a, school_b, model):
    sister = SchoolFactory(municipality=school_a.municipality)
    common = model.objects.filter(school__isnull=True).first()
    ours, theirs = own_item(model, sister), own_item(model, school_b)
    coordinator = UserFactory(username="coordinator", is_staff=True, municipality=school_a.municipality, roles=[Role.COORDINATOR])
    client.force_login(coordinator)
    shown = set(client.get(_url(model, "changelist")).context["cl"].result_list)
    assert {common, ours} <= shown and theirs not in shown


def test_one_copy_action_for_templates_and_questionnaires():
    for model in (ProgrammeTemplate, Questionnaire):
        model_admin = admin.site.get_model_admin(model)
        assert "copy_for_my_school" in model_admin.actions
        assert type(model_admin).copy_for_my_school is SharedOrOwnAdminMixin.copy_for_my_school
