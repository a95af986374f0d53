"""Issue 16, finding 3: a restored backup must not bring back cached public pages of a person whose
consent to publication is withdrawn after the restore.

The exact sequence of the finding, through the real pages and the real pg_dump/pg_restore: the
mentors page cached at version N shows Белова → backup → more changes (each page cached again) →
restore → Белова withdraws her consent → the page no longer shows her.
"""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from apps.consents.models import Consent, ConsentKind
from apps.core.backup import backup_create
from apps.pairs.tests.factories import login_for
from apps.public.models import NewsPost, PublicSection
from apps.public.tests.data import build_public_school

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs_tools("pg_dump", "pg_restore")]


def mentors_page(client, school) -> str:
    response = client.get(reverse("public:mentors", args=[school.slug]))
    assert response.status_code == 200
    return response.content.decode()


def version(school) -> int:
    return PublicSection.objects.get(school=school).version


def test_a_restore_never_brings_back_a_cached_page_of_a_withdrawn_consent(client, school_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    data = build_public_school(school_a)
    mentor_user = login_for(data.shown.teacher)
    assert "Белова" in mentors_page(client, school_a)  # cached at version N
    versions = {version(school_a)}

    archive = backup_create(output=tmp_path / "copy.tar").path

    for number in range(3):  # more changes, each page cached again with Белова on it
        NewsPost.objects.create(school=school_a, title=f"После копии {number}", body="Текст", is_published=True)
        assert "Белова" in mentors_page(client, school_a)
        versions.add(version(school_a))

    call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    assert not NewsPost.objects.filter(title__startswith="После копии").exists()
    assert version(school_a) > max(versions)  # never a number whose pages may still be cached

    consent = Consent.objects.active().get(teacher=data.shown.teacher, kind=ConsentKind.PUBLICATION)
    client.force_login(mentor_user)
    withdrawn = client.post(reverse("consents:withdraw", args=[consent.pk]))
    assert withdrawn.status_code == 302
    client.logout()
    assert version(school_a) > max(versions)

    assert "Белова" not in mentors_page(client, school_a)
