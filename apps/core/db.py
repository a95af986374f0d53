"""«Create it if it does not exist yet» under concurrency.

A service that locks the existing row with ``select_for_update()`` and creates it when there is none
locks nothing in the second case: two requests sent at the same moment (a double click, two tabs) both
find no row and both insert; the database's unique constraint refuses the second with an IntegrityError
— a server error for the user. The helpers below run the insert in a savepoint and, when exactly that
constraint refused it, let the service carry on with the row the other request has just committed.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

T = TypeVar("T")


def violates(error: IntegrityError, constraint: str) -> bool:
    """Whether PostgreSQL refused the write because of the constraint (or unique index) of this name."""
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) == constraint


def once_more_on_conflict(attempt: Callable[[], T], *, constraint: str) -> T:
    """Run `attempt` (find the row or make a new one, fill it, save it) in a savepoint; if another request
    inserted the same row first and `constraint` refused ours, run it again: the row is there now (the
    insert waited for the other transaction to commit), so the second run finds, locks and updates it."""
    try:
        with transaction.atomic():
            return attempt()
    except IntegrityError as error:
        if not violates(error, constraint):
            raise
    with transaction.atomic():
        return attempt()
