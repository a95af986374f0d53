"""Actions that an app puts on another app's admin page.

An app may import only from the layers below it (DESIGN.md), yet some actions of a lower app's
list belong to an app above: «Создать программу по шаблону» on the pair list is the programmes',
«Обезличить» on the teacher list is privacy's. The app above adds them from its own admin module:

    add_action(PairAdmin, create_programmes, after="activate_pairs")

and the lower admin lists only its own actions.
"""


def add_action(admin_class, action, *, after: str | None = None) -> None:
    """Put `action` (a function decorated with @admin.action) on `admin_class`'s action list.

    It goes right after the action named `after`, or last; adding it again changes nothing.
    The action is set on the class under its own name and listed by that name, like
    the admin's own methods in `actions = ["…"]`.
    """
    name = action.__name__
    setattr(admin_class, name, action)
    actions = list(admin_class.actions or ())
    names = [item if isinstance(item, str) else item.__name__ for item in actions]
    if name in names:
        return
    position = names.index(after) + 1 if after is not None else len(actions)
    admin_class.actions = [*actions[:position], name, *actions[position:]]
