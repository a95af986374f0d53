"""An organisation's name in another case: «…учреждение средняя общеобразовательная школа № 41 Невского
района» → «…учреждения средней общеобразовательной школы № 41 Невского района».

A charter name is a chain of noun phrases in the nominative («государственное бюджетное общеобразовательное
учреждение» + «средняя общеобразовательная школа»), each an adjective run closed by its head noun, followed
by parts that never change: a quoted name («Лицей № 2»), a number (№ 41), «имени …», a genitive tail
(«Невского района Санкт-Петербурга»), abbreviations (ГБОУ). Only the nominative singular phrases are
declined, with pymorphy3's dictionary (OpenCorpora); a phrase that cannot be read as one agreeing
nominative group is left as it is. The result is a suggestion: the school keeps the checked form.
"""

import re
from functools import lru_cache

import pymorphy3

CASES = {"gen": "gent", "dat": "datv"}

# Words after which nothing is declined: the rest depends on them («имени А. С. Пушкина», «с углублённым …»).
STOP_WORDS = {"имени", "с", "со", "при", "по", "для", "на", "в", "во", "от", "и"}
OPENING_QUOTES = "«„“\"'"
CLOSING_QUOTES = {"«": "»", "„": "“", "“": "”", '"': '"', "'": "'"}
TOKEN = re.compile(r"\s+|[^\s]+")


@lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


def decline_org_name(name: str, case: str) -> str:
    """`name` (nominative, as in the charter) in `case` ("gen" or "dat"); unchanged parts stay byte for byte."""
    grammeme = CASES[case]
    tokens = TOKEN.findall(name.strip())
    result = list(tokens)
    phrase: list[int] = []  # indexes of the words of the open phrase (adjectives so far)
    quote_end = None
    dependent = False  # a word in another case was met: a capitalised word after it names it («округа Самара»)
    for index, token in enumerate(tokens):
        if token.isspace():
            continue
        if quote_end is not None:  # inside a quoted name: copied as it is
            if token.rstrip(".,;:)").endswith(quote_end):
                quote_end = None
            continue
        if token[0] in OPENING_QUOTES:
            phrase = []
            closing = CLOSING_QUOTES.get(token[0], token[0])
            if not token[1:].rstrip(".,;:)").endswith(closing):
                quote_end = closing
            continue
        word = token.strip(",;:()")
        if word.lower() in STOP_WORDS or _is_place_abbreviation(word):
            break
        if not _is_word(word):  # «№», «41», «—», «ГБОУ»: kept, and they close any open phrase
            phrase = []
            continue
        if dependent and (word[0].isupper() or _may_be_oblique(word)):
            kind = None  # «округа», «образования»: read in the case of the words before them
        else:
            kind = _nominative_kind(word)
        if kind is None:
            dependent = True
        if kind == "ADJF":
            phrase.append(index)
        elif kind == "NOUN":
            phrase.append(index)
            declined = _decline_phrase([tokens[i] for i in phrase], grammeme)
            if declined is not None:
                for i, new in zip(phrase, declined, strict=True):
                    result[i] = new
            phrase = []
        else:
            phrase = []
    return "".join(result)


def _is_place_abbreviation(word: str) -> bool:
    """«г.», «с.», «пос.», «д.»: the place's name after it stays as the charter has it."""
    return word.endswith(".") and word[:-1].isalpha() and word[:-1].islower() and len(word) <= 5


def _is_word(word: str) -> bool:
    if not word or not re.fullmatch(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*", word):
        return False
    # An abbreviation (ГБОУ, СОШ, МАОУ) never declines; a name typed in capitals does.
    if len(word) > 1 and word.isupper():
        return _morph().word_is_known(word.lower()) and "Abbr" not in _morph().parse(word)[0].tag
    return True


def _may_be_oblique(word: str) -> bool:
    """The word has a reading in the genitive, dative, instrumental or prepositional case."""
    return any(p.tag.case in ("gent", "gen2", "datv", "ablt", "loct", "loc2") for p in _morph().parse(word))


def _nominative_parses(word: str):
    return [p for p in _morph().parse(word) if {"nomn", "sing"} <= p.tag.grammemes and p.tag.POS in ("ADJF", "NOUN")]


def _nominative_kind(word: str) -> str | None:
    """"NOUN" if the word can be a nominative singular noun, else "ADJF" if an adjective, else None."""
    parses = _nominative_parses(word)
    kinds = {p.tag.POS for p in parses}
    # «Лицей» and «центр» are nouns; a word both (e.g. «учительская») counts as the noun only at the end of a
    # run, which the caller cannot know; adjectives in charter names come first, so prefer the adjective
    # when the dictionary's best reading is one.
    if "ADJF" in kinds and "NOUN" in kinds:
        return parses[0].tag.POS
    if "NOUN" in kinds:
        return "NOUN"
    if "ADJF" in kinds:
        return "ADJF"
    return None


def _decline_phrase(tokens: list[str], grammeme: str) -> list[str] | None:
    """Adjectives + a noun agreeing in gender, all nominative singular, put into `grammeme`; None if they don't agree."""
    *adjectives, noun = tokens
    noun_word = noun.strip(",;:()")
    for noun_parse in (p for p in _nominative_parses(noun_word) if p.tag.POS == "NOUN"):
        gender = noun_parse.tag.gender
        declined = []
        for token in adjectives:
            word = token.strip(",;:()")
            adjective = next(
                (p for p in _nominative_parses(word) if p.tag.POS == "ADJF" and p.tag.gender == gender), None
            )
            inflected = adjective.inflect({grammeme}) if adjective else None
            if inflected is None:
                break
            declined.append(_same_shape(token, word, inflected.word))
        else:
            inflected = _inflect_noun(noun_parse, grammeme)
            if inflected is not None:
                return [*declined, _same_shape(noun, noun_word, inflected)]
    return None


def _inflect_noun(parse, grammeme: str) -> str | None:
    inflected = parse.inflect({grammeme, "sing"})
    if inflected is not None:
        return inflected.word
    return None


def _same_shape(token: str, word: str, new: str) -> str:
    """The new form in the old one's letters: capitalised, upper case, «е» for «ё», punctuation around it kept."""
    if "ё" not in word.lower():
        new = new.replace("ё", "е")
    if word.isupper():
        new = new.upper()
    elif word[0].isupper():
        parts = new.split("-")
        old_parts = word.split("-")
        new = "-".join(
            p[:1].upper() + p[1:] if i < len(old_parts) and old_parts[i][:1].isupper() else p for i, p in enumerate(parts)
        )
    start = token.index(word)
    return token[:start] + new + token[start + len(word) :]
