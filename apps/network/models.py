"""Network mentoring («сетевое взаимодействие»): a mentee of one school is mentored by a mentor of another
school of the same municipality. A request names both; the mentor's school decides; accepting forms the pair,
which belongs to the mentee's school (apps/pairs, `Pair.partner_school`)."""

from django.conf import settings
from django.db import models


class RequestStatus(models.TextChoices):
    PENDING = "pending", "ожидает решения"
    ACCEPTED = "accepted", "принят"
    DECLINED = "declined", "отклонён"
    WITHDRAWN = "withdrawn", "отозван"


class NetworkRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=RequestStatus.PENDING)

    def incoming(self, school):
        """Requests for a mentor of `school`: its curator decides them."""
        return self.filter(mentor__school=school)

    def outgoing(self, school):
        """Requests for a mentee of `school`, asked by its curator or by the coordinator."""
        return self.filter(mentee__school=school)

    def of_municipality(self, municipality):
        return self.filter(mentee__school__municipality=municipality)

    def with_people(self):
        return self.select_related(
            "mentee__teacher", "mentee__school", "mentor__teacher", "mentor__school", "requested_by", "decided_by", "pair"
        )


class NetworkRequest(models.Model):
    """A request that a mentor of another school take a waiting mentee: asked by the mentee's curator or by the
    municipal coordinator (from the district's mentor registry), decided by the mentor's school's curator."""

    mentee = models.ForeignKey(
        "mentees.Mentee", verbose_name="наставляемый", on_delete=models.PROTECT, related_name="network_requests"
    )
    mentor = models.ForeignKey(
        "mentors.Mentor", verbose_name="наставник", on_delete=models.PROTECT, related_name="network_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто предложил", on_delete=models.PROTECT, related_name="network_requests"
    )
    requested_at = models.DateTimeField("когда предложено")
    note = models.TextField("сообщение", blank=True, max_length=2000)
    status = models.CharField("статус", max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто решил", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("когда решено", null=True, blank=True)
    decision_reason = models.TextField("причина решения", blank=True, max_length=2000)
    pair = models.OneToOneField(
        "pairs.Pair", verbose_name="пара", on_delete=models.SET_NULL, null=True, blank=True, related_name="network_request"
    )

    objects = NetworkRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "запрос на сетевое наставничество"
        verbose_name_plural = "запросы на сетевое наставничество"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=models.Q(status=RequestStatus.PENDING),
                name="networkrequest_one_pending_per_mentee",
                violation_error_message="Для этого наставляемого уже есть запрос, ожидающий решения.",
            ),
            models.CheckConstraint(
                condition=models.Q(status=RequestStatus.PENDING, decided_at__isnull=True)
                | (~models.Q(status=RequestStatus.PENDING) & models.Q(decided_at__isnull=False)),
                name="networkrequest_decided_iff_not_pending",
                violation_error_message="Время решения ставится, когда запрос принят, отклонён или отозван, и только тогда.",
            ),
        ]

    def __str__(self):
        return (
            f"{self.mentor.teacher.short_name} ({self.mentor.school}) → {self.mentee.teacher.short_name} ({self.mentee.school})"
        )

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING

    @property
    def mentee_school(self):
        return self.mentee.school

    @property
    def mentor_school(self):
        return self.mentor.school
