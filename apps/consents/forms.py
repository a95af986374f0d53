"""What a teacher fills in when giving a consent on the portal: only validation here."""

from django import forms

from .models import Consent, ConsentKind, PublicCategory

AGREEMENT_LABELS = {
    ConsentKind.PERSONAL_DATA: "Я даю согласие на обработку персональных данных на условиях, изложенных выше",
    ConsentKind.PUBLICATION: "Я даю согласие на распространение отмеченных мной персональных данных на условиях, изложенных выше",
}


class AgreementForm(forms.Form):
    agree = forms.BooleanField(error_messages={"required": "Отметьте согласие, чтобы продолжить."})

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agree"].label = AGREEMENT_LABELS[kind]

    def consent_kwargs(self) -> dict:
        """The keyword arguments of consents.services.consent_give this form collected."""
        return {}


class ProcessingConsentForm(AgreementForm):
    """Art. 9 part 4 item 1: the subject's address and identity document, optional online (else by hand)."""

    subject_address = forms.CharField(
        label=Consent._meta.get_field("subject_address").verbose_name.capitalize(),
        max_length=300,
        required=False,
        help_text="Необязательно. Видят только вы и куратор наставничества; в выгрузки не попадает.",
    )
    subject_document = forms.CharField(
        label="Документ, удостоверяющий личность: вид, серия и номер",
        max_length=200,
        required=False,
        help_text="Необязательно, например: паспорт 40 12 345678.",
    )
    subject_document_issued = forms.CharField(
        label="Дата выдачи документа и выдавший его орган", max_length=300, required=False, help_text="Необязательно."
    )
    field_order = ["subject_address", "subject_document", "subject_document_issued", "agree"]

    def consent_kwargs(self) -> dict:
        names = ("subject_address", "subject_document", "subject_document_issued")
        return {"subject": {name: self.cleaned_data[name] for name in names}}


class DisseminationConsentForm(AgreementForm):
    """Art. 10.1: which categories may be shown, and the subject's conditions and prohibitions."""

    categories = forms.MultipleChoiceField(
        label="Разрешаю распространять в разделе «Наставничество»",
        choices=PublicCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Отметьте, какие сведения можно показывать (хотя бы фамилию, имя и отчество)."},
    )
    conditions = forms.CharField(
        label="Условия и запреты (по желанию)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text="Например: «запрещаю копирование фотографии другими сайтами». Публикуются вместе со сведениями о вас.",
    )
    field_order = ["categories", "conditions", "agree"]

    def clean_categories(self):
        categories = self.cleaned_data["categories"]
        if PublicCategory.NAME not in categories:
            raise forms.ValidationError(
                "Без фамилии, имени и отчества сведения о вас не публикуются: отметьте их или не давайте это согласие."
            )
        return categories

    def consent_kwargs(self) -> dict:
        return {"categories": self.cleaned_data["categories"], "conditions": self.cleaned_data["conditions"]}


FORMS = {ConsentKind.PERSONAL_DATA: ProcessingConsentForm, ConsentKind.PUBLICATION: DisseminationConsentForm}
