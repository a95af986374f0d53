"""Whom the mentee named: the free answer «желаемый наставник» read against the mentors' names."""

import pytest

from apps.matching.names import NameIndex, Person

MARIA = Person(1, "Иванова", "Мария", "Петровна", "f")
OLGA = Person(2, "Иванова", "Ольга", "Сергеевна", "f")
PETROV = Person(3, "Петров", "Иван", "Ильич", "m")
PETROVA = Person(4, "Петрова", "Анна", "Игоревна", "f")
SIDOROVA = Person(5, "Сидорова", "Мария", "Петровна", "")  # gender told by the name
SEMYONOVA = Person(6, "Семёнова", "Алёна", "Юрьевна", "f")

INDEX = NameIndex([MARIA, OLGA, PETROV, PETROVA, SIDOROVA, SEMYONOVA])


@pytest.mark.parametrize(
    "answer, named",
    [
        ("Иванова Мария Петровна", {1}),
        ("иванова мария петровна", {1}),
        ("Иванова М.П.", {1}),
        ("Иванова М. П.", {1}),
        ("М. П. Иванова", {1}),
        ("Хочу к Ивановой Марии Петровне", {1}),
        ("Да, Ольгу Сергеевну", {2}),  # as colleagues address each other
        ("Марию Петровну", {1, 5}),  # two colleagues of that name: both
        ("Иванова", {1, 2}),  # two Ивановы and nothing else to tell them apart
        ("Иванова О.С.", {2}),
        ("Иванова О.А.", set()),  # initials of somebody else
        ("Петрова", {4}),  # the nominative beats Петров's genitive
        ("Петрова А. И.", {4}),
        ("Петровым Иваном", {3}),
        ("Семенова", {6}),  # е for ё
        ("Семёнова Алёна", {6}),
        ("Иванова М.П. или Петров", {1, 3}),
        ("Иванова и Петров", {1, 2, 3}),  # «и» is a word here, not an initial
        ("нет", set()),
        ("Не знаю", set()),
        ("", set()),
        ("Мария", set()),  # a first name alone names nobody
        ("Кузнецова Мария Петровна", set()),  # not in the bank
    ],
)
def test_who_the_answer_names(answer, named):
    assert INDEX.named(answer) == frozenset(named)


def test_an_empty_bank_names_nobody():
    assert NameIndex([]).named("Иванова Мария Петровна") == frozenset()


def test_a_double_surname_and_a_missing_patronymic():
    index = NameIndex([Person(1, "Петрова-Водкина", "Елена", ""), Person(2, "Ким", "Виктор", "")])
    assert index.named("Петрова-Водкина Е.") == {1}
    assert index.named("Ким В.") == {2}
    assert index.named("Ким А.") == frozenset()
