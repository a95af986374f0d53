"""Russian personal names and job titles in the case a sentence needs.

Names go through pytrovich (the petrovich rules for Russian anthroponyms); the gender is
the teacher's stored one or, failing that, detected from the first name and patronymic.
Job titles («учитель», «педагог-психолог», «заместитель директора по УВР») decline only
their leading adjectives and head noun; a title the rules do not recognise stays as written.

Cases are named by their usual abbreviations: nom, gen, dat, acc, ins, pre.
"""

from dataclasses import dataclass
from functools import cached_property, lru_cache

from pytrovich.enums import Case, Gender, NamePart

from apps.core.petrovich import detector, maker

CASES = ("nom", "gen", "dat", "acc", "ins", "pre")
_PYTROVICH_CASES = {
    "nom": Case.NOMINATIVE,
    "gen": Case.GENITIVE,
    "dat": Case.DATIVE,
    "acc": Case.ACCUSATIVE,
    "ins": Case.INSTRUMENTAL,
    "pre": Case.PREPOSITIONAL,
}


@lru_cache(maxsize=8192)
def _inflect(part: NamePart, gender: str, case: str, value: str) -> str:
    # Staff lists repeat first names and patronymics: each form is computed once.
    pytrovich_gender = {"m": Gender.MALE, "f": Gender.FEMALE}.get(gender, Gender.ANDROGYNOUS)
    return maker().make(part, pytrovich_gender, _PYTROVICH_CASES[case], value, known_gender=bool(gender))


@lru_cache(maxsize=4096)
def detect_gender(*, last_name: str = "", first_name: str = "", patronymic: str = "") -> str:
    """'m', 'f', or '' when the name does not tell."""
    parts = {"lastname": last_name, "firstname": first_name, "middlename": patronymic}
    parts = {k: v for k, v in parts.items() if v}
    if not parts:
        return ""
    gender = detector().detect(**parts)
    return {Gender.MALE: "m", Gender.FEMALE: "f"}.get(gender, "")


@dataclass(frozen=True)
class PersonName:
    last_name: str
    first_name: str
    patronymic: str = ""
    gender: str = ""  # 'm', 'f' or '' (unknown: detected)

    @classmethod
    def of_teacher(cls, teacher) -> "PersonName":
        return cls(teacher.last_name.strip(), teacher.first_name.strip(), teacher.patronymic.strip(), teacher.gender)

    @classmethod
    def parse(cls, full_name: str, gender: str = "") -> "PersonName":
        """«Сергеева Татьяна Александровна» (surname first, as staff lists and School.director_name have it)."""
        parts = full_name.split()
        if not parts:
            return cls("", "")
        last = parts[0]
        first = parts[1] if len(parts) > 1 else ""
        middle = " ".join(parts[2:])
        return cls(last, first, middle, gender)

    @cached_property
    def resolved_gender(self) -> str:
        if self.gender in ("m", "f"):
            return self.gender
        return detect_gender(last_name=self.last_name, first_name=self.first_name, patronymic=self.patronymic)

    def _decline(self, part: NamePart, value: str, case: str) -> str:
        if not value or case == "nom":
            return value
        return _inflect(part, self.resolved_gender, case, value)

    def full(self, case: str = "nom") -> str:
        """«Иванову Марию Петровну»."""
        parts = (
            self._decline(NamePart.LASTNAME, self.last_name, case),
            self._decline(NamePart.FIRSTNAME, self.first_name, case),
            " ".join(self._decline(NamePart.MIDDLENAME, p, case) for p in self.patronymic.split()),
        )
        return " ".join(p for p in parts if p)

    @property
    def initials(self) -> str:
        return "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)

    def short(self, case: str = "nom") -> str:
        """«Ивановой М.П.»: surname first, for lists and tables."""
        return " ".join(p for p in (self._decline(NamePart.LASTNAME, self.last_name, case), self.initials) if p)

    def signature(self, case: str = "nom") -> str:
        """«М.П. Иванова»: initials first, as under a signature or in an addressee (ГОСТ Р 7.0.97)."""
        return " ".join(p for p in (self.initials, self._decline(NamePart.LASTNAME, self.last_name, case)) if p)


def declined(full_name: str, case: str, gender: str = "") -> str:
    """A surname-first full name in another case: declined('Петров Иван Сергеевич', 'ins')."""
    return PersonName.parse(full_name, gender).full(case)


def short_name(full_name: str, case: str = "nom", gender: str = "") -> str:
    """«Иванова М.П.» from «Иванова Мария Петровна», in any case."""
    return PersonName.parse(full_name, gender).short(case)


# ---------------------------------------------------------------------------
# Job titles

_ADJECTIVE_ENDINGS = {
    # nominative ending: (gen, dat, acc, ins, pre) endings, masculine animate
    "ый": ("ого", "ому", "ого", "ым", "ом"),
    "ой": ("ого", "ому", "ого", "ым", "ом"),
    "ий": ("его", "ему", "его", "им", "ем"),
}
_HARD_BEFORE_II = "гкх"  # русский → русского, but старший → старшего
_CASE_INDEX = {"gen": 0, "dat": 1, "acc": 2, "ins": 3, "pre": 4}
_SIBILANTS = "жшчщц"


def _decline_adjective(word: str, case: str) -> str:
    ending = word[-2:]
    endings = _ADJECTIVE_ENDINGS[ending]
    if ending == "ий" and word[-3:-2] in _HARD_BEFORE_II:
        endings = ("ого", "ому", "ого", "им", "ом")
    return word[:-2] + endings[_CASE_INDEX[case]]


def _decline_noun(word: str, case: str) -> str | None:
    """A masculine noun of the second declension (the titles of Russian posts), or None when unsure."""
    lower = word.lower()
    index = _CASE_INDEX[case]
    if lower.endswith("ь"):
        return word[:-1] + ("я", "ю", "я", "ем", "е")[index]
    if lower.endswith("й"):
        return word[:-1] + ("я", "ю", "я", "ем", "е")[index]
    if lower[-1:] and lower[-1] in "бвгдзклмнпрстфхжшчщц":
        ins = "ем" if lower[-1] in _SIBILANTS and not lower.endswith(("ач", "ич")) else "ом"
        return word + ("а", "у", "а", ins, "е")[index]
    return None


def _is_adjective(word: str) -> bool:
    return len(word) > 3 and word[-2:].lower() in _ADJECTIVE_ENDINGS and word.isalpha()


def decline_position(position: str, case: str) -> str:
    """«учитель начальных классов» → «учителя начальных классов» (gen); «педагог-психолог» → «педагогом-психологом» (ins)."""
    position = position.strip()
    if case == "nom" or not position:
        return position
    words = position.split(" ")
    result = []
    i = 0
    while i < len(words) and _is_adjective(words[i]):
        result.append(_decline_adjective(words[i], case))
        i += 1
    if i == len(words):
        return position  # adjectives only: an adjectival noun we do not try
    head = words[i]
    declined_parts = [_decline_noun(part, case) for part in head.split("-")]
    if any(p is None for p in declined_parts):
        return position
    result.append("-".join(declined_parts))
    return " ".join(result + words[i + 1 :])


# Subjects in the genitive, to say «учитель математики» rather than «учитель (математика)».
SUBJECTS_GENITIVE = {
    "математика": "математики",
    "алгебра": "алгебры",
    "геометрия": "геометрии",
    "информатика": "информатики",
    "физика": "физики",
    "химия": "химии",
    "биология": "биологии",
    "география": "географии",
    "история": "истории",
    "обществознание": "обществознания",
    "право": "права",
    "экономика": "экономики",
    "русский язык": "русского языка",
    "литература": "литературы",
    "литературное чтение": "литературного чтения",
    "родной язык": "родного языка",
    "английский язык": "английского языка",
    "немецкий язык": "немецкого языка",
    "французский язык": "французского языка",
    "китайский язык": "китайского языка",
    "иностранный язык": "иностранного языка",
    "физическая культура": "физической культуры",
    "музыка": "музыки",
    "технология": "технологии",
    "труд (технология)": "труда (технологии)",
    "изобразительное искусство": "изобразительного искусства",
    "астрономия": "астрономии",
    "окружающий мир": "окружающего мира",
    "обзр": "ОБЗР",
    "обж": "ОБЖ",
}


def teacher_position(teacher) -> str:
    """The post as documents name it: «учитель математики и информатики» when the subjects are known."""
    position = teacher.position.strip()
    subjects = [s.strip().lower() for s in teacher.subjects.split(",") if s.strip()]
    if position.lower() != "учитель" or not subjects or not all(s in SUBJECTS_GENITIVE for s in subjects):
        return position
    names = [SUBJECTS_GENITIVE[s] for s in subjects]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " и " + names[-1]
    return f"{position} {joined}"


def person_forms(name: PersonName, position: str = "") -> dict:
    """Everything a document may say about a person, precomputed (and JSON-serialisable, for frozen orders)."""
    return {
        "gender": name.resolved_gender,
        "full": {case: name.full(case) for case in CASES},
        "short": {case: name.short(case) for case in CASES},
        "signature": name.signature(),
        "initials_first": {case: name.signature(case) for case in CASES},
        "position": {case: decline_position(position, case) for case in CASES},
    }


def teacher_forms(teacher) -> dict:
    return {"id": teacher.pk, **person_forms(PersonName.of_teacher(teacher), teacher_position(teacher))}
