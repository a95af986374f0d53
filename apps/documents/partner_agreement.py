"""«Соглашение о сотрудничестве» between the school and a partner organisation (schools.PartnerOrganisation):
a college or university whose students and lecturers, or a social partner whose employees, take part in
the school's mentoring in the forms that reach beyond its staff.

The text names the two organisations and their heads only (declined: «в лице директора Иванова Ивана
Ивановича, действующего на основании Устава»), never the participants: who mentors whom is the pairs
order's business.
"""

from apps.schools.models import PartnerKind

from .content import _lower_first, school_block
from .documents import render_pdf
from .names import PersonName, person_forms

# What the partnership is about, by the partner's kind: the forms of the 2021 recommendations it serves.
SUBJECTS = {
    PartnerKind.COLLEGE: (
        "«работодатель – студент педагогического вуза/колледжа» (сопровождение студентов Партнёра педагогическими "
        "работниками Школы при прохождении практики и при трудоустройстве) и «педагог вуза/колледжа – молодой педагог "
        "образовательной организации» (сопровождение молодых педагогов Школы преподавателями Партнёра)"
    ),
    PartnerKind.ENTERPRISE: (
        "«социальный партнёр – педагог образовательной организации» (сопровождение педагогических работников Школы "
        "специалистами Партнёра)"
    ),
}
SUBJECTS[PartnerKind.UNIVERSITY] = SUBJECTS[PartnerKind.COLLEGE]


def partner_block(partner) -> dict:
    head = PersonName.parse(partner.head_name)
    return {
        "name": partner.name,
        "name_gen": partner.name_in("gen"),
        "short_name": partner.short_name,
        "kind": partner.kind,
        "is_education": partner.kind in (PartnerKind.COLLEGE, PartnerKind.UNIVERSITY),
        "address": partner.address,
        "phone": partner.phone,
        "email": partner.email,
        "inn": partner.inn,
        "kpp": partner.kpp,
        "ogrn": partner.ogrn,
        "head_position": partner.head_position.strip() or "Директор",
        "head": person_forms(head, _lower_first(partner.head_position.strip() or "Директор")),
        "head_basis": partner.head_basis.strip() or "Устава",
    }


def partner_agreement_payload(partner) -> dict:
    school = partner.school
    return {
        "title": "Соглашение о сотрудничестве",
        "school": school_block(school),
        "partner": partner_block(partner),
        "subject": SUBJECTS[partner.kind],
    }


def partner_agreement_pdf(*, partner) -> bytes:
    """The agreement on cooperation in mentoring between `partner.school` and `partner`, ready to sign."""
    return render_pdf("documents/partner_agreement.html", {"doc": partner_agreement_payload(partner)})
