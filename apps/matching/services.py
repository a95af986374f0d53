"""Writes of the matching: the school's weights, and pairs created from a confirmed draft."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core.db import once_more_on_conflict
from apps.pairs.models import Pair
from apps.pairs.services import pair_create

from .models import MatchingSettings


@transaction.atomic
def matching_settings_update(
    *,
    school,
    requests_weight: int,
    subject_weight: int,
    form_weight: int,
    capacity_weight: int,
    experience_weight: int,
    desired_weight: int,
) -> MatchingSettings:

    def save():
        settings = MatchingSettings.objects.select_for_update().filter(school=school).first() or MatchingSettings(school=school)
        settings.requests_weight = requests_weight
        settings.subject_weight = subject_weight
        settings.form_weight = form_weight
        settings.capacity_weight = capacity_weight
        settings.experience_weight = experience_weight
        settings.desired_weight = desired_weight
        settings.full_clean()
        settings.save()
        return settings

    # Two curators saving the weights of a school that has none yet: the second updates the first's row.
    return once_more_on_conflict(save, constraint="matching_matchingsettings_school_id_key")


@dataclass(frozen=True)
class DraftRow:
    """One confirmed row of the draft: a pair to form."""

    key: int  # the mentee's id: the row's name on the page
    mentor: object  # Mentor
    mentees: tuple  # Mentee, one for a pair
    form: object  # MentoringForm
    started_on: datetime.date
    planned_end_on: datetime.date


def draft_confirm(*, school, rows: list[DraftRow]) -> tuple[dict[int, Pair], dict[int, list[str]]]:
    """Create a draft pair for each row, each in its own transaction, through `pair_create`.

    A row the rules refuse (say, two rows chose the same mentor with one free place) does
    not stop the others: its messages are returned under its key.
    """
    created, errors = {}, {}
    for row in rows:
        try:
            with transaction.atomic():
                created[row.key] = pair_create(
                    school=school,
                    mentor=row.mentor,
                    mentees=list(row.mentees),
                    form=row.form,
                    started_on=row.started_on,
                    planned_end_on=row.planned_end_on,
                )
        except ValidationError as error:
            errors[row.key] = error.messages
    return created, errors
