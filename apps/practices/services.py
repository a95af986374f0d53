"""Writes of the best practices library."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .files import validate_practice_file
from .models import BestPractice, BestPracticeFile, PracticeKind


def _description(programme) -> str:
    parts = [
        ("Цели и задачи", programme.goals),
        ("Ожидаемые результаты", programme.expected_outcome),
    ]
    return "\n\n".join(f"{label}:\n{text.strip()}" for label, text in parts if text and text.strip())


def best_practice_from_programme(*, programme) -> tuple[BestPractice, bool]:
    """The programme's best practice, made from it the first time: (practice, created). One per programme."""
    existing = BestPractice.objects.filter(programme=programme).first()
    if existing is not None:
        return existing, False
    pair = programme.pair
    practice = BestPractice(
        school_id=pair.school_id,
        programme=programme,
        kind=PracticeKind.PROGRAMME,
        title=programme.title[:300],
        description=_description(programme),
        form_id=pair.form_id,
        authors=pair.mentor.teacher.short_name,
    )
    try:
        with transaction.atomic():
            practice.save()
    except IntegrityError:  # marked at the same moment by somebody else
        return BestPractice.objects.get(programme=programme), False
    return practice, True


def best_practice_file_add(*, practice: BestPractice, file) -> BestPracticeFile:
    """Attach a checked file; ValidationError (in Russian) for a disguised, broken or too big one."""
    validate_practice_file(file)
    if not practice.pk:
        raise ValidationError("Сначала сохраните практику.")
    return BestPracticeFile.objects.create(practice=practice, file=file, name=file.name[:255], size=file.size)
