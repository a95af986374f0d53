"""How documents name a participant who is not on the school's staff: a college or university student,
a lecturer, a social partner's employee (schools.Teacher.affiliation).

Their «position» in a document says where they come from: «студент 3 курса ГБПОУ «Педагогический
колледж № 1»», «преподаватель ГБПОУ …», «методист АО …»; staff keep their post as before.
"""

from apps.schools.models import Affiliation

from .names import CASES, PersonName, decline_position, person_forms, teacher_forms, teacher_position

STUDENT_NOUN = {
    "m": {"nom": "студент", "gen": "студента", "dat": "студенту", "acc": "студента", "ins": "студентом", "pre": "студенте"},
    "f": {"nom": "студентка", "gen": "студентки", "dat": "студентке", "acc": "студентку", "ins": "студенткой", "pre": "студентке"},
}


def participant_forms(teacher) -> dict:
    """`teacher_forms`, with the position of a person from a partner organisation saying where they come from.

    Needs `teacher.organisation` loaded (select_related) for outside participants.
    """
    if teacher.affiliation == Affiliation.STAFF or teacher.organisation_id is None:
        return teacher_forms(teacher)
    name = PersonName.of_teacher(teacher)
    organisation = teacher.organisation.short_name
    forms = {"id": teacher.pk, **person_forms(name)}
    if teacher.affiliation == Affiliation.STUDENT:
        noun = STUDENT_NOUN["f" if name.resolved_gender == "f" else "m"]
        course = f" {teacher.course} курса" if teacher.course else ""
        forms["position"] = {case: f"{noun[case]}{course} {organisation}" for case in CASES}
    else:
        post = teacher_position(teacher)
        forms["position"] = {case: f"{decline_position(post, case)} {organisation}".strip() for case in CASES}
    forms["speciality"] = teacher.speciality
    forms["affiliation"] = teacher.affiliation
    return forms
