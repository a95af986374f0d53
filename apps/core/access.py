"""Who may open the purpose-built staff pages (the admin has its own scoping in schools.admin_scope)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def school_staff_required(permission: str):
    """A view for the curator or director of a school holding `permission`.

    The view gets the user's school as `request.school`; a teacher, a user of no school,
    or one without the permission gets 403. Anonymous visitors go to the login page.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not (user.is_staff and user.school_id and user.has_perm(permission)):
                raise PermissionDenied("Эта страница доступна куратору и руководителю образовательной организации.")
            request.school = user.school
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def coordinator_required(view):
    """A view for the municipal coordinator: read-only pages over all schools of their municipality.

    The view gets the coordinator's municipality as `request.municipality`; anybody else
    (a curator, a director, a teacher, a coordinator without a municipality) gets 403.
    Anonymous visitors go to the login page.
    """

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.is_active and user.municipality_id and user.is_coordinator):
            raise PermissionDenied("Эта страница доступна муниципальному координатору.")
        request.municipality = user.municipality
        return view(request, *args, **kwargs)

    return wrapped
