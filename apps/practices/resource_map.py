"""«Ресурсная карта»: what the school offers other schools — its published best practices and the
competences of its mentors — as a page for the curator, a PDF and a block of the public section.

Numbers alone name nobody, so every competence shows how many of the school's confirmed mentors offer it;
a mentor's name goes beside it only with both consents (to processing, and to dissemination of the name and
of the competences) — the map is sent to other schools and shown on the website.
"""

from django.db.models import Prefetch, Q
from django.utils import timezone

from apps.catalogues.models import Competence
from apps.consents.models import ConsentKind, PublicCategory
from apps.consents.selectors import has_active_consent
from apps.documents.content import school_block
from apps.documents.documents import render_pdf
from apps.mentors.models import Mentor, MentorStatus
from apps.schools.models import Teacher

from .models import BestPractice

# Confirmed mentors of the bank: a candidate or an archived mentor is not offered.
OFFERED_STATUSES = (MentorStatus.APPROVED, MentorStatus.TRAINED, MentorStatus.ACTIVE)


def offered_mentors(school):
    return Mentor.objects.filter(school=school, status__in=OFFERED_STATUSES, teacher__is_employed=True)


def may_be_named() -> Q:
    """The same two consents the public section asks before naming a mentor with their competences."""
    return Q(has_active_consent(ConsentKind.PERSONAL_DATA)) & Q(
        has_active_consent(ConsentKind.PUBLICATION, categories={PublicCategory.NAME, PublicCategory.COMPETENCES})
    )


def resource_map(school) -> dict:
    """The map's content in four queries whatever the size of the school: practices (published only), and each
    competence some confirmed mentor offers, with the number of such mentors and the names that may be given."""
    practices = list(
        BestPractice.objects.filter(school=school, is_published=True)
        .select_related("form")
        .prefetch_related("files")
        .order_by("title", "pk")
    )
    mentors = list(
        offered_mentors(school)
        .annotate(nameable=may_be_named())
        .select_related("teacher")
        .prefetch_related(Prefetch("competences", queryset=Competence.objects.order_by("name")))
        .order_by("teacher__last_name", "teacher__first_name", "pk")
    )
    by_competence = {}
    for mentor in mentors:
        for competence in mentor.competences.all():
            row = by_competence.setdefault(competence.pk, {"name": competence.name, "mentors": 0, "named": []})
            row["mentors"] += 1
            if mentor.nameable:
                row["named"].append(mentor.teacher.full_name)
    competences = sorted(by_competence.values(), key=lambda row: (-row["mentors"], row["name"]))
    return {
        "practices": practices,
        "competences": competences,
        "mentors_total": len(mentors),
        "unpublished_practices": BestPractice.objects.filter(school=school, is_published=False).count(),
    }


def resource_map_pdf(*, school) -> bytes:
    """The map as a document to send to other schools (ГОСТ layout of apps/documents)."""
    data = resource_map(school)
    doc = {
        "school": school_block(school),
        "today": timezone.localdate().isoformat(),
        "curator": _curator_contact(school),
        "practices": [
            {
                "title": p.title,
                "kind": p.get_kind_display(),
                "form": p.form.name if p.form_id else "",
                "authors": p.authors,
                "description": p.description,
                "files": [f.name or str(f) for f in p.files.all()],
            }
            for p in data["practices"]
        ],
        "competences": data["competences"],
        "mentors_total": data["mentors_total"],
    }
    return render_pdf("practices/resource_map.html", {"doc": doc})


def _curator_contact(school) -> dict | None:
    """Whom another school writes to: the curator's name only with their consent to its dissemination; the
    school's own phone and e-mail always."""
    curator = school.curator
    if curator is None or not curator.is_employed:
        return None
    named = Teacher.objects.filter(pk=curator.pk).filter(
        Q(has_active_consent(ConsentKind.PERSONAL_DATA, "pk")) & Q(has_active_consent(ConsentKind.PUBLICATION, "pk", categories={PublicCategory.NAME}))
    )
    return {"name": curator.full_name} if named.exists() else None
