"""Catalogues shared by the banks and the matching.

An item with no school is common to the whole deployment (so a district can compare
schools); a school may add its own items next to them.
"""

from django.db import models
from django.db.models.functions import Lower


class CatalogueQuerySet(models.QuerySet):
    def for_school(self, school):
        return self.filter(models.Q(school__isnull=True) | models.Q(school=school))


class CatalogueItem(models.Model):
    school = models.ForeignKey(
        "schools.School",
        verbose_name="образовательная организация",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text="Пусто — общий элемент справочника для всех организаций.",
    )
    name = models.CharField("название", max_length=300)
    order = models.PositiveSmallIntegerField("порядок", default=100)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @classmethod
    def unique_name_constraint(cls, name):
        # NULLS NOT DISTINCT: a common item's name is unique among common items too.
        return models.UniqueConstraint(
            "school",
            Lower("name"),
            name=name,
            nulls_distinct=False,
            violation_error_message="Такой элемент справочника уже есть.",
        )


class Competence(CatalogueItem):
    """Компетенция наставника: what a mentor can help with."""

    class Meta(CatalogueItem.Meta):
        verbose_name = "компетенция"
        verbose_name_plural = "компетенции"
        constraints = [CatalogueItem.unique_name_constraint("competence_unique_name")]


class Request(CatalogueItem):
    """Профессиональный запрос / затруднение наставляемого."""

    competences = models.ManyToManyField(
        Competence,
        verbose_name="закрывается компетенциями",
        blank=True,
        related_name="requests",
        help_text="Компетенции наставника, которые помогают с этим запросом: по ним подбираются пары.",
    )

    class Meta(CatalogueItem.Meta):
        verbose_name = "профессиональный запрос"
        verbose_name_plural = "профессиональные запросы"
        constraints = [CatalogueItem.unique_name_constraint("request_unique_name")]


class MentoringForm(models.Model):
    """Форма наставничества by its participants (the five of the 2021 recommendations)."""

    code = models.SlugField("код", unique=True)
    name = models.CharField("название", max_length=200, unique=True)
    description = models.TextField("описание", blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=100)

    class Meta:
        verbose_name = "форма наставничества"
        verbose_name_plural = "формы наставничества"
        ordering = ["order"]

    def __str__(self):
        return self.name


class MentoringKind(models.Model):
    """Вид наставничества (традиционное, реверсивное, …); a pair may combine several."""

    code = models.SlugField("код", unique=True)
    name = models.CharField("название", max_length=200, unique=True)
    order = models.PositiveSmallIntegerField("порядок", default=100)

    class Meta:
        verbose_name = "вид наставничества"
        verbose_name_plural = "виды наставничества"
        ordering = ["order"]

    def __str__(self):
        return self.name
