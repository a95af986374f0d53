"""Documents that apps above `documents` make, for `manage.py render_document` to render by kind.

Such an app registers its document at its AppConfig.ready() (monitoring: `analytical_report`), so
documents, a layer below, never imports it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SchoolDocument:
    kind: str
    help: str  # one line of `render_document --help`, in Russian
    render: Callable[..., bytes]  # render(*, school, year_start) -> PDF bytes; year_start None: the current year


SCHOOL_DOCUMENTS: dict[str, SchoolDocument] = {}


def register_school_document(kind: str, *, help: str, render: Callable[..., bytes]) -> None:
    SCHOOL_DOCUMENTS[kind] = SchoolDocument(kind=kind, help=help, render=render)
