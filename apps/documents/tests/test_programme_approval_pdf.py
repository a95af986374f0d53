"""The personalised programme's PDF prints the recorded agreement and approval instead of blank lines, and only
while they hold for the programme as it reads now."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.documents.dates import format_date
from apps.mentees.tests.factories import MenteeFactory
from apps.mentors.tests.factories import MentorFactory
from apps.pairs.tests.factories import make_active_pair
from apps.programmes.services import programme_approval_record, programme_create_from_template

from .factories import needs_pdf_tools, pdf_text

pytestmark = [pytest.mark.django_db, needs_pdf_tools]

TODAY = timezone.localdate()


@pytest.fixture
def pair(school_a):
    mentor = MentorFactory(teacher__school=school_a, capacity=2)
    pair = make_active_pair(mentor=mentor, mentees=[MenteeFactory(teacher__school=school_a)], started_on=TODAY - datetime.timedelta(days=30), months=9)
    programme_create_from_template(pair=pair)
    return pair


def programme_text(client, pair) -> str:
    response = client.get(reverse("documents:pair_programme", args=[pair.pk]))
    assert response.status_code == 200
    return pdf_text(response.content)


def test_blank_lines_until_recorded_then_the_approval_then_blank_again_after_a_change(client, pair, curator_a):
    client.force_login(curator_a)
    text = programme_text(client, pair)
    assert "СОГЛАСОВАНО" in text and "протокол от «___»" in text and "УТВЕРЖДАЮ" in text

    agreed, approved = TODAY - datetime.timedelta(days=6), TODAY - datetime.timedelta(days=5)
    programme_approval_record(
        programme=pair.programme, body="pedagogical_council", agreed_on=agreed, protocol_number="4", approved_on=approved
    )
    text = programme_text(client, pair)
    assert "на заседании педагогического совета" in text
    style = pair.school.date_style
    assert f"протокол от {format_date(agreed, style)} № 4" in text
    assert "УТВЕРЖДАЮ Директор __________ " in text and format_date(approved, style) in text
    assert "«___»" not in text

    programme = pair.programme
    programme.expected_outcome = "Другие результаты."
    programme.save()
    text = programme_text(client, pair)
    assert "педагогического совета" not in text and "протокол от «___»" in text
