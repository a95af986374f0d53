from django.core.validators import MaxValueValidator
from django.db import models

from .algorithm import Weights

DEFAULTS = Weights()
WEIGHT_HELP = "От 0 (не учитывать) до 10 (самое важное)."


def weight_field(label: str, default: float):
    return models.PositiveSmallIntegerField(label, default=int(default), validators=[MaxValueValidator(10)], help_text=WEIGHT_HELP)


class MatchingSettings(models.Model):
    """How much each criterion of the matching counts in one school: weights a curator sets on the matching page."""

    school = models.OneToOneField(
        "schools.School", verbose_name="образовательная организация", on_delete=models.CASCADE, related_name="matching_settings"
    )
    requests_weight = weight_field("совпадение запросов и компетенций", DEFAULTS.requests)
    subject_weight = weight_field("общий предмет", DEFAULTS.subject)
    form_weight = weight_field("желаемая форма наставничества", DEFAULTS.form)
    capacity_weight = weight_field("свободные места у наставника", DEFAULTS.capacity)
    experience_weight = weight_field("разница в стаже", DEFAULTS.experience)
    desired_weight = weight_field("наставляемый сам назвал наставника", DEFAULTS.desired)

    class Meta:
        verbose_name = "настройки подбора пар"
        verbose_name_plural = "настройки подбора пар"

    def __str__(self):
        return f"Подбор пар: {self.school}"

    def weights(self) -> Weights:
        return Weights(
            requests=self.requests_weight,
            subject=self.subject_weight,
            form=self.form_weight,
            capacity=self.capacity_weight,
            experience=self.experience_weight,
            desired=self.desired_weight,
        )
