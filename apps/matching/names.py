"""Whom a mentee named: the questionnaire's free answer «желаемый наставник» read against the mentors' names.

Teachers write a colleague's name as it comes: «Иванова Мария Петровна», «Иванова М.П.»,
«М. П. Иванова», «Мария Петровна» (as colleagues address each other), «к Ивановой» (in any case).
Each mentor's surname, first name and patronymic are known in all six cases (pytrovich, the
petrovich rules for Russian names); the answer's words are looked up in that index, so reading
one answer costs its length, not the number of mentors.

A mentor is named when the answer has their surname, or their first name and patronymic together
with no other surname beside them («Кузнецова Мария Петровна» is not the bank's Иванова Мария
Петровна), and no initial contradicts them («Иванова О. А.» is not Мария Петровна). When several
mentors are read from the same words, those the answer names most fully win: «Иванова Мария» picks
Мария among two Ивановых, and the nominative «Петрова» picks Петрова over Петров (whose genitive it
also is); «Иванова или Петров» names both.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pytrovich.enums import Case, Gender, NamePart

from apps.core.petrovich import detector, maker

WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+(?:-[A-Za-zА-Яа-яЁё]+)*")

# Evidence of a name part in the answer: the exact nominative beats another case, which beats an initial.
NOMINATIVE, DECLINED, INITIAL = 3, 2, 1


@dataclass(frozen=True)
class Person:
    id: int
    last_name: str
    first_name: str
    patronymic: str = ""
    gender: str = ""  # 'm', 'f', or '' (told by the name)


def normalised(text: str) -> str:
    return (text or "").casefold().replace("ё", "е")


@lru_cache(maxsize=4096)
def _gender(last_name: str, first_name: str, patronymic: str, gender: str) -> Gender:
    if gender in ("m", "f"):
        return Gender.MALE if gender == "m" else Gender.FEMALE
    parts = {"lastname": last_name, "firstname": first_name, "middlename": patronymic}
    parts = {k: v for k, v in parts.items() if v}
    return detector().detect(**parts) if parts else Gender.ANDROGYNOUS


@lru_cache(maxsize=16384)
def forms(part: NamePart, gender: Gender, value: str) -> frozenset[str]:
    """The name part in every case, normalised; the nominative is `value` itself."""
    if not value:
        return frozenset()
    rules = maker()
    declined = set()
    for case in Case:
        try:
            declined.add(normalised(rules.make(part, gender, case, value)))
        except (KeyError, IndexError, ValueError):  # a name the rules do not know stays as written
            continue
    return frozenset(declined | {normalised(value)})


class NameIndex:
    """Mentors by every form of their names; `named(answer)` → the ids of the mentors the answer names."""

    def __init__(self, people: Iterable[Person]):
        self.people = {p.id: p for p in people}
        self._by_form: dict[tuple[str, str], set[int]] = defaultdict(set)  # (part, form) → ids
        self._nominative: dict[int, dict[str, str]] = {}
        for person in self.people.values():
            gender = _gender(person.last_name, person.first_name, person.patronymic, person.gender)
            parts = {
                "last": (NamePart.LASTNAME, person.last_name),
                "first": (NamePart.FIRSTNAME, person.first_name),
                "middle": (NamePart.MIDDLENAME, person.patronymic),
            }
            self._nominative[person.id] = {key: normalised(value) for key, (_, value) in parts.items()}
            for key, (part, value) in parts.items():
                for form in forms(part, gender, value.strip()):
                    self._by_form[key, form].add(person.id)

    def named(self, answer: str) -> frozenset[int]:
        tokens = tokens_of(answer)
        evidence: dict[int, dict[str, int]] = defaultdict(dict)  # person → name part → strength
        positions: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))  # person → part → words
        initials: dict[int, list[int | None]] = defaultdict(list)  # per mention of the surname: the initials' score
        for k, (token, is_initial) in enumerate(tokens):
            if is_initial:
                continue
            for key in ("last", "first", "middle"):
                for person_id in self._by_form.get((key, token), ()):
                    strength = NOMINATIVE if self._nominative[person_id][key] == token else DECLINED
                    evidence[person_id][key] = max(evidence[person_id].get(key, 0), strength)
                    positions[person_id][key].append(k)
                    if key == "last":
                        initials[person_id].append(self._initials(person_id, _initials_beside(tokens, k)))

        scores: dict[int, int] = {}
        for person_id, found in evidence.items():
            if "last" not in found:
                if not ("first" in found and "middle" in found):
                    continue
                if _beside_another_surname(tokens, positions[person_id]["first"], positions[person_id]["middle"]):
                    continue  # «Кузнецова Мария Петровна» is not the bank's Иванова Мария Петровна
            initial_score = 0
            if "first" not in found and initials.get(person_id):
                fitting = [s for s in initials[person_id] if s is not None]
                if not fitting:  # every mention of the surname comes with another person's initials
                    continue
                initial_score = max(fitting)
            scores[person_id] = sum(found.values()) + initial_score

        # People read from the same words compete: the most fully named win. Different words name different people.
        named = set()
        for group in _groups({person_id: {k for ks in positions[person_id].values() for k in ks} for person_id in scores}):
            best = max(scores[person_id] for person_id in group)
            named |= {person_id for person_id in group if scores[person_id] == best}
        return frozenset(named)

    def _initials(self, person_id: int, initials: list[str]) -> int | None:
        """Initials read as first name then patronymic: their score, or None when one contradicts the person."""
        names = self._nominative[person_id]
        score = 0
        for initial, wanted in zip(initials[:2], (names["first"][:1], names["middle"][:1]), strict=False):
            if not wanted:
                continue
            if initial != wanted:
                return None
            score += INITIAL
        return score


def tokens_of(answer: str) -> list[tuple[str, bool]]:
    """The answer's words, normalised, each with whether it is an initial (one capital letter: «М.»)."""
    return [(normalised(w), len(w) == 1 and w.isupper()) for w in WORD.findall(answer or "") if len(w) > 1 or w.isupper()]


def _groups(words_of: dict[int, set[int]]) -> list[set[int]]:
    """People linked by the words they were read from, directly or through others."""
    groups: list[tuple[set[int], set[int]]] = []  # (people, words)
    for person_id, person_words in words_of.items():
        people, words = {person_id}, set(person_words)
        for group in [g for g in groups if g[1] & words]:
            groups.remove(group)
            people |= group[0]
            words |= group[1]
        groups.append((people, words))
    return [people for people, _ in groups]


# Endings of Russian surnames (nominative and the usual cases): a word like this right beside a first
# name and patronymic is somebody's surname.
SURNAME_ENDINGS = (
    "ов", "ова", "ову", "овой", "овым", "ев", "ева", "еву", "евой", "евым", "ин", "ина", "ину", "иной", "иным",
    "ын", "ына", "ыну", "ыной", "ский", "ская", "скую", "ской", "ского", "цкий", "цкая", "цкую", "цкой", "цкого",
    "ых", "их", "ко", "ук", "юк", "ян", "швили", "дзе",
)  # fmt: skip


def _beside_another_surname(tokens: list[tuple[str, bool]], first: list[int], middle: list[int]) -> bool:
    """Whether a surname-like word stands right before the first name or right after the patronymic."""
    beside = [k - 1 for k in first] + [k + 1 for k in middle]
    for k in beside:
        if 0 <= k < len(tokens):
            token, is_initial = tokens[k]
            if not is_initial and len(token) >= 4 and token.endswith(SURNAME_ENDINGS):
                return True
    return False


def _initials_beside(tokens: list[tuple[str, bool]], k: int) -> list[str]:
    """The initials right after the word at `k` («Иванова М. П.»), or else right before it («М. П. Иванова»)."""
    after = []
    for token, is_initial in tokens[k + 1 :]:
        if not is_initial:
            break
        after.append(token)
    if after:
        return after
    before = []
    for token, is_initial in reversed(tokens[:k]):
        if not is_initial:
            break
        before.append(token)
    return before[::-1]
