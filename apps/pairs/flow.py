"""A pair's way from forming to the end, as the strip on the curator's pair page shows it:
«сформирована → согласия → работает → завершена», with the one next thing to do.

The steps of a working pair that belong to the apps above pairs (its programme, the order that
assigns it) are added by those apps from their admin modules, as they add their list actions:

    add_working_step("programme", programme_step, rank=10)

A step is a function (pair, request) -> FlowAction | None: None when the pair needs nothing
from it. The first step with something to do is the next action; with none left, «Завершить».
"""

from collections.abc import Callable
from dataclasses import dataclass

from .models import PairStatus

STAGES = (
    ("formed", "сформирована"),
    ("consents", "согласия"),
    ("active", "работает"),
    ("completed", "завершена"),
)


@dataclass(frozen=True)
class FlowAction:
    """The next thing to do with a pair: a button, or words when the user may not do it."""

    label: str  # the button's words: «Начать работу»
    note: str = ""  # why this is next: «Согласия получены от всех участников.»
    url: str = ""  # empty: the user may not do it (the director reads the page), the label is shown as text
    post: bool = False  # True: the button posts to `url` at once; False: a link to a page that asks first


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    state: str  # "done" | "current" | "todo"


@dataclass(frozen=True)
class PairFlow:
    stages: list
    action: FlowAction | None
    note: str  # where the pair stands, in a sentence


WorkingStep = Callable[[object, object], FlowAction | None]
_working_steps: dict[str, tuple[int, WorkingStep]] = {}


def add_working_step(name: str, step: WorkingStep, *, rank: int) -> None:
    """Register what a working pair needs from an app above pairs; steps are asked in `rank` order."""
    _working_steps[name] = (rank, step)


def working_steps() -> list[WorkingStep]:
    return [step for _, step in sorted(_working_steps.values(), key=lambda item: item[0])]


def current_stage(pair, *, missing_consents: int) -> str:
    """The last stage the pair has reached."""
    if pair.status == PairStatus.DRAFT:
        return "formed" if missing_consents else "consents"
    if pair.status == PairStatus.ACTIVE:
        return "active"
    return "completed"


def stages(pair, *, missing_consents: int) -> list[Stage]:
    current = current_stage(pair, missing_consents=missing_consents)
    keys = [key for key, _ in STAGES]
    reached = keys.index(current)
    result = []
    for index, (key, label) in enumerate(STAGES):
        if key == "completed" and pair.status == PairStatus.DISSOLVED:
            label = "расформирована"
        state = "done" if index < reached else "current" if index == reached else "todo"
        result.append(Stage(key, label, state))
    return result


def working_action(pair, request) -> FlowAction | None:
    """What a working pair needs next from the apps above pairs, if anything."""
    for step in working_steps():
        action = step(pair, request)
        if action is not None:
            return action
    return None
