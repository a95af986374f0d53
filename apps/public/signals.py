"""Cached public pages go stale the moment anything they show changes: a withdrawn consent, a new
mentor, a published order or news post. Each change bumps the school's section version, which is
part of every cache key; pages are then rendered afresh on the next visit."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from apps.catalogues.models import Competence, MentoringForm
from apps.consents.models import Consent
from apps.core.signals import database_restored
from apps.documents.models import Order
from apps.mentees.models import Mentee
from apps.mentors.models import Mentor
from apps.pairs.models import Pair, PairMentee
from apps.practices.models import BestPractice, BestPracticeFile
from apps.programmes.models import Programme
from apps.roadmap.models import Event, Roadmap, Stage
from apps.schools.models import School, Teacher
from apps.schools.signals import staff_imported

from .models import NewsImage, NewsPost, NormativeAct, PublicSection
from .services import public_section_create

# The school of a changed record: its id, a one-column subquery (so the bump is a single UPDATE),
# or None for «every school» (shared catalogues).
SCHOOL_OF = {
    School: lambda obj: obj.pk,
    Teacher: lambda obj: obj.school_id,
    Consent: lambda obj: obj.school_id,
    Mentor: lambda obj: obj.school_id,
    Mentee: lambda obj: obj.school_id,
    Pair: lambda obj: obj.school_id,
    PairMentee: lambda obj: Pair.objects.filter(pk=obj.pair_id).values("school_id"),
    Programme: lambda obj: Pair.objects.filter(pk=obj.pair_id).values("school_id"),
    Roadmap: lambda obj: obj.school_id,
    Stage: lambda obj: Roadmap.objects.filter(pk=obj.roadmap_id).values("school_id"),
    Event: lambda obj: Stage.objects.filter(pk=obj.stage_id).values("roadmap__school_id"),
    Order: lambda obj: obj.school_id,
    BestPractice: lambda obj: obj.school_id,
    BestPracticeFile: lambda obj: BestPractice.objects.filter(pk=obj.practice_id).values("school_id"),
    NewsPost: lambda obj: obj.school_id,
    NewsImage: lambda obj: NewsPost.objects.filter(pk=obj.post_id).values("school_id"),
    NormativeAct: lambda obj: obj.school_id,
    Competence: lambda obj: obj.school_id,
    MentoringForm: lambda obj: None,
}


def _bump(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loading fixtures
        return
    PublicSection.bump(SCHOOL_OF[sender](instance))


for model in SCHOOL_OF:
    post_save.connect(_bump, sender=model, dispatch_uid=f"public-bump-save-{model._meta.label}")
    post_delete.connect(_bump, sender=model, dispatch_uid=f"public-bump-delete-{model._meta.label}")


@receiver(m2m_changed, sender=Mentor.competences.through, dispatch_uid="public-bump-mentor-competences")
def _mentor_competences_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        PublicSection.bump(instance.school_id if isinstance(instance, Mentor) else None)


@receiver(post_save, sender=School, dispatch_uid="public-section-for-new-school")
def _section_for_new_school(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        public_section_create(school_id=instance.pk)


@receiver(database_restored, dispatch_uid="public-bump-after-restore")
def _database_restored(sender, **kwargs):
    """Every cached page predates the restored data: all sections get a new, never used version."""
    PublicSection.bump(None)


@receiver(staff_imported, dispatch_uid="public-bump-staff-import")
def _staff_imported(sender, school, **kwargs):
    PublicSection.bump(school.pk)
