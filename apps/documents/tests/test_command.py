"""`manage.py render_document`: every kind from the command line."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from apps.documents.models import Order, OrderKind, OrderStatus
from apps.documents.services import order_sign

from .factories import needs_pdf_tools, pdf_text

pytestmark = [pytest.mark.django_db, needs_pdf_tools]


def test_help_lists_every_kind(capsys):
    from apps.documents.management.commands.render_document import Command

    help_text = Command().create_parser("manage.py", "render_document").format_help()
    for kind in (
        "pairs_order", "curator_order", "regulations_order", "final_event_order", "implementation_order", "completion_order",
        "regulations", "programme", "consent_personal_data", "consent_mentee", "consent_mentor", "employment_agreement",
        "analytical_report",
    ):  # fmt: skip
        assert kind in help_text


def test_pairs_order_from_the_command_line_goes_to_the_register_once(school, pairs, tmp_path, contains):
    out = tmp_path / "prikaz.pdf"
    args = ["render_document", "pairs_order", "--school", school.slug, "--pairs", f"{pairs.one.pk},{pairs.group.pk}", "-o", str(out)]
    call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())
    contains(pdf_text(out.read_bytes()), "О закреплении наставнических пар (групп)", "за Петровым Иваном Сергеевичем")
    call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())
    assert Order.objects.filter(kind=OrderKind.PAIRS, status=OrderStatus.DRAFT).count() == 1


def test_a_signed_order_by_its_register_id(school, pairs, tmp_path):
    import datetime

    from apps.documents.services import order_create

    order = order_sign(
        order=order_create(school=school, kind=OrderKind.PAIRS, pairs=[pairs.one]), number="9-од", date=datetime.date(2025, 10, 3)
    )
    out = tmp_path / "signed.pdf"
    call_command("render_document", "pairs_order", "--school", school.slug, "--order", str(order.pk), "-o", str(out), stdout=io.StringIO())
    assert "№ 9-од" in pdf_text(out.read_bytes())
    assert hashlib.sha256(out.read_bytes()).hexdigest() == order.file_sha256  # the signed file itself


@pytest.mark.parametrize(
    "kind", ["curator_order", "regulations_order", "final_event_order", "implementation_order", "completion_order", "regulations"]
)
def test_school_level_documents(kind, school, people, roadmap, tmp_path):
    out = tmp_path / f"{kind}.pdf"
    call_command("render_document", kind, "--school", school.slug, "-o", str(out), stdout=io.StringIO(), stderr=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("kind", ["consent_personal_data", "consent_mentee", "consent_mentor", "employment_agreement"])
def test_per_person_forms(kind, school, people, pairs, tmp_path, contains):
    out = tmp_path / f"{kind}.pdf"
    call_command(
        "render_document",
        kind,
        "--school",
        school.slug,
        "--teacher",
        str(people.gogol.pk),
        "--pairs",
        str(pairs.group.pk),
        "-o",
        str(out),
        stdout=io.StringIO(),
    )
    contains(pdf_text(out.read_bytes()), "Гоголь")


def test_programme_needs_one_pair_and_forms_need_a_teacher(school, people, pairs, tmp_path):
    out = str(tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="одну пару"):
        call_command("render_document", "programme", "--school", school.slug, "-o", out)
    call_command("render_document", "programme", "--school", school.slug, "--pairs", str(pairs.one.pk), "-o", out, stdout=io.StringIO())
    with pytest.raises(CommandError, match="--teacher"):
        call_command("render_document", "consent_mentor", "--school", school.slug, "-o", out)
    with pytest.raises(CommandError, match="Нет организации"):
        call_command("render_document", "regulations", "--school", "nope", "-o", out)
    with pytest.raises(CommandError, match="нет пар"):
        call_command("render_document", "pairs_order", "--school", school.slug, "--pairs", "999999", "-o", out)
