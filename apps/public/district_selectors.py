"""What the district's public page may show: contest results and the practices the schools published.
Names of people appear only with their consent to dissemination (selectors.consented_to_publication)."""

from itertools import groupby

from django.db.models import Prefetch

from apps.municipal.models import DistrictPage
from apps.municipal.selectors import winners
from apps.practices.models import BestPractice, BestPracticeFile
from apps.schools.models import Municipality, Teacher

from .selectors import consented_to_publication


def district_for(slug: str) -> Municipality | None:
    return Municipality.objects.filter(slug=slug).first()


def district_page(municipality) -> DistrictPage:
    return DistrictPage.objects.filter(municipality=municipality).first() or DistrictPage(municipality=municipality)


def public_winners(municipality) -> list[dict]:
    """Contests with their winners; each winner carries `names`: the team members who allowed their name."""
    applications = list(winners(municipality))
    teacher_ids = set()
    for application in applications:
        teacher_ids.add(application.pair.mentor.teacher_id)
        teacher_ids.update(m.mentee.teacher_id for m in application.pair.memberships.all())
    allowed = set(Teacher.objects.filter(pk__in=teacher_ids).filter(consented_to_publication("pk")).values_list("pk", flat=True))
    contests = []
    for contest, group in groupby(applications, key=lambda a: a.contest):
        rows = []
        for application in group:
            pair = application.pair
            people = [pair.mentor.teacher] + [m.mentee.teacher for m in pair.memberships.all() if m.left_on is None]
            application.names = [person.short_name for person in people if person.pk in allowed]
            rows.append(application)
        contests.append({"contest": contest, "winners": rows})
    return contests


def collection(municipality) -> list[dict]:
    """«Наставничество – путь от цели к результату»: the published practices of every school of the district
    whose section is public, school by school."""
    practices = (
        BestPractice.objects.filter(
            school__municipality=municipality, is_published=True, school__public_section__is_published=True
        )
        .select_related("school", "form")
        .prefetch_related(Prefetch("files", queryset=BestPracticeFile.objects.order_by("uploaded_at", "pk")))
        .order_by("school__short_name", "school__pk", "-published_at", "pk")
    )
    return [{"school": school, "practices": list(items)} for school, items in groupby(practices, key=lambda p: p.school)]
