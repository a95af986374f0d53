def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural form: 1 год, 2 года, 5 лет, 11 лет, 21 год."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


LESS_THAN_A_YEAR = "меньше года"


def years(n: int) -> str:
    """A span of full years in words: «меньше года», «1 год», «3 года», «11 лет» (never «0 лет»)."""
    return LESS_THAN_A_YEAR if n == 0 else f"{n} {plural(n, 'год', 'года', 'лет')}"


def years_column(n: int | None):
    """A number of full years for a column headed «…, лет»: the number, or «меньше года» for 0."""
    return LESS_THAN_A_YEAR if n == 0 else n
