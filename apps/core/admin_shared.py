"""The part of the back-office every app shares that imports no app: who sees which school's data,
and the admin of a catalogue item that is either common to all schools or one school's own.

A user's scope comes from the user alone (`school_id`, `municipality_id`, superuser); the model
is read through `model._meta`, so nothing here names a domain app.
"""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    """The part of the data one back-office user may see."""

    everything: bool = False
    school_id: int | None = None
    municipality_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.school_id or self.municipality_id)

    @property
    def can_write(self) -> bool:
        """A coordinator only watches; writes need one school (or the administrator)."""
        return self.everything or self.school_id is not None

    @property
    def many_schools(self) -> bool:
        return self.everything or self.municipality_id is not None


def user_scope(user) -> Scope:
    # Cached on the user instance: every admin request asks several times.
    if not hasattr(user, "_admin_scope"):
        if not (user.is_authenticated and user.is_active):
            scope = Scope()
        elif user.is_superuser:
            scope = Scope(everything=True)
        elif user.municipality_id and user.is_coordinator:
            scope = Scope(municipality_id=user.municipality_id)
        elif user.school_id:
            scope = Scope(school_id=user.school_id)
        else:
            scope = Scope()
        user._admin_scope = scope
    return user._admin_scope


# «Shared or own»: a catalogue item (competence, request, normative act, programme template,
# questionnaire) with `school` NULL is common to every school; otherwise it is that school's own.

COPY_DESCRIPTION = "Сделать копию для своей организации (её можно изменить)"
COPY_NEEDS_SCHOOL = "Копию делает куратор организации: у вашей учётной записи не указана образовательная организация."


def shared_or_own(user, queryset):
    """The common items and those of the user's school (of the municipality's schools for a coordinator)."""
    scope = user_scope(user)
    if scope.everything:
        return queryset
    shared = Q(school__isnull=True)
    if scope.school_id:
        return queryset.filter(shared | Q(school=scope.school_id))
    if scope.municipality_id:
        return queryset.filter(shared | Q(school__municipality=scope.municipality_id))
    return queryset.none()


def is_shared_for(request, obj) -> bool:
    """A common item is read-only for everybody but the administrator."""
    return obj is not None and obj.school_id is None and not request.user.is_superuser


class SharedOrOwnInlineMixin:
    """An inline of a shared-or-own item (its questions, its plan): read-only under a common item."""

    def has_add_permission(self, request, obj=None):
        return not is_shared_for(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not is_shared_for(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_shared_for(request, obj) and super().has_delete_permission(request, obj)


class SharedOrOwnAdminMixin:
    """The admin of a shared-or-own item: every school reads the common items and its own, and edits only
    its own; the administrator edits all. Put before the school-scoped admin class.

    An admin whose items a school may copy lists "copy_for_my_school" in `actions` and says how one item
    is copied (`copy_item`, calling its app's service) and what the curator is told (`copy_message`).
    """

    def scope_queryset(self, request, queryset):
        return shared_or_own(request.user, queryset)

    def has_change_permission(self, request, obj=None):
        return not is_shared_for(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_shared_for(request, obj) and super().has_delete_permission(request, obj)

    def copy_item(self, *, item, school):
        """The school's own copy of `item` (through the app's service); a ValidationError is told to the curator."""
        raise NotImplementedError

    def copy_message(self, copy) -> str:
        return f"Создана копия «{copy}»."

    def copy_queryset(self, queryset):
        """The chosen items, with what copying reads (select_related, prefetch_related)."""
        return queryset

    @admin.action(description=COPY_DESCRIPTION, permissions=["add"])
    def copy_for_my_school(self, request, queryset):
        school_id = user_scope(request.user).school_id
        if school_id is None:
            self.message_user(request, COPY_NEEDS_SCHOOL, messages.ERROR)
            return
        school = self.model._meta.get_field("school").related_model._default_manager.get(pk=school_id)
        for item in self.copy_queryset(queryset):
            try:
                copy = self.copy_item(item=item, school=school)
            except ValidationError as error:
                self.message_user(request, f"«{item}»: {' '.join(error.messages)}", messages.ERROR)
                continue
            self.log_addition(request, copy, [{"added": {}}])
            self.message_user(request, self.copy_message(copy), messages.SUCCESS)
