"""The demo's school documents (apps/demo/schooldocs.py): one programme agreed, approved and read by its mentor,
a draft order approving the school's programme; a second run adds nothing."""

import io

import pytest
from django.core.management import call_command

from apps.documents.models import Order, OrderKind, OrderStatus
from apps.programmes.models import ProgrammeAcknowledgement, ProgrammeApproval
from apps.programmes.selectors import programme_reading

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_approved_programme_read_by_its_mentor_and_a_draft_programme_order():
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    approval = ProgrammeApproval.objects.select_related("programme__pair__mentor__teacher").get()
    programme = approval.programme
    state = programme_reading(programme, teachers=[programme.pair.mentor.teacher])
    assert state["approval_current"] and state["all_acknowledged"]
    order = Order.objects.get(kind=OrderKind.PROGRAMME)
    assert order.status == OrderStatus.DRAFT and order.roadmap is not None

    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
    assert ProgrammeApproval.objects.count() == 1
    assert ProgrammeAcknowledgement.objects.count() == 1
    assert Order.objects.filter(kind=OrderKind.PROGRAMME).count() == 1
