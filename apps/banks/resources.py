"""The two banks' back-office lists as spreadsheets: the columns of the banks' XLSX (exports.py), one
definition each, for the list as the curator filtered it (/admin/mentors/mentor/, /admin/mentees/mentee/)."""

from apps.core.list_export import table_resource
from apps.mentees.models import Mentee
from apps.mentors.models import Mentor

from .exports import MENTEE_COLUMNS, MENTOR_COLUMNS, with_personal_data_consent
from .selectors import with_open_memberships, with_open_pairs


class MentorResource(table_resource(Mentor, MENTOR_COLUMNS)):
    def filter_export(self, queryset, **kwargs):
        return with_personal_data_consent(with_open_pairs(super().filter_export(queryset, **kwargs)))


class MenteeResource(table_resource(Mentee, MENTEE_COLUMNS)):
    def filter_export(self, queryset, **kwargs):
        return with_personal_data_consent(with_open_memberships(super().filter_export(queryset, **kwargs)))
