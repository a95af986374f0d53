"""The 152-ФЗ consent forms as plain data: the consent to processing (art. 9 part 4) and the consent to
dissemination (art. 10.1; the Roskomnadzor order of 24.02.2021 № 18).

The versioned wording comes from ConsentText; around it the form prints the subject's, the operator's
and the processor's details: from the teacher's active consent and card, and from the school's
requisites. What nobody typed stays a blank line to fill in by hand.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from apps.consents.models import Consent, ConsentKind, ConsentText, PublicCategory

from .content import _paragraphs, school_block
from .names import teacher_forms

FORM_KINDS = {
    "consent_personal_data": ConsentKind.PERSONAL_DATA,
    "consent_dissemination": ConsentKind.PUBLICATION,
}

# What each category means on the public pages (the list the consent shows beside each category).
CATEGORY_DETAILS = {
    PublicCategory.NAME: "фамилия, имя, отчество",
    PublicCategory.POSITION: "должность",
    PublicCategory.SUBJECTS: "преподаваемые предметы",
    PublicCategory.COMPETENCES: "компетенции наставника (направления, по которым он помогает коллегам)",
    PublicCategory.PHOTO: "фотографическое изображение, предоставленное субъектом",
}


def public_resources(school) -> list[str]:
    """Where the data are disseminated: the section's own address and the school's site that embeds it."""
    section = settings.SITE_URL.rstrip("/") + reverse("public:home", args=[school.slug])
    resources = [f"раздел «Наставничество» портала наставничества: {section}"]
    if school.website:
        resources.append(f"официальный сайт образовательной организации, на страницах которого встроен этот раздел: {school.website}")
    return resources


def consent_form_payload(*, teacher, kind: str) -> dict:
    """The form of `kind` for the teacher, filled with what their active consent of that kind recorded."""
    consent_kind = FORM_KINDS[kind]
    school = teacher.school
    consent = Consent.objects.active().filter(teacher=teacher, kind=consent_kind).first()
    text = ConsentText.objects.filter(kind=consent_kind, effective_from__lte=timezone.now()).order_by("-effective_from").first()
    contacts = ", ".join(value for value in (teacher.phone, teacher.email) if value)
    payload = {
        "kind": kind,
        "school": school_block(school),
        "person": teacher_forms(teacher),
        "subject": {
            "full_name": teacher.full_name,
            "address": consent.subject_address if consent else "",
            "document": consent.subject_document if consent else "",
            "document_issued": consent.subject_document_issued if consent else "",
            "contacts": contacts,
        },
        "operator": {
            "name": school.full_name,
            "address": school.address,
            "inn": school.inn,
            "ogrn": school.ogrn,
        },
        "processor": school.pd_processor,
        "consent_text": None
        if text is None
        else {
            "title": text.title,
            "version": text.version,
            "effective_from": timezone.localdate(text.effective_from).isoformat(),
            "paragraphs": _paragraphs(text.body),
        },
        "given_at": timezone.localtime(consent.given_at).isoformat() if consent else None,
        "today": timezone.localdate().isoformat(),
    }
    if consent_kind == ConsentKind.PUBLICATION:
        allowed = consent.categories if consent else None
        payload["categories"] = [
            {
                "label": PublicCategory(code).label,
                "details": CATEGORY_DETAILS[code],
                "allowed": None if allowed is None else code in allowed,
            }
            for code in PublicCategory.values
        ]
        payload["conditions"] = consent.conditions if consent else ""
        payload["resources"] = public_resources(school)
    return payload
