"""Who may do what through the API."""

from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly


class StaffModelPermissionsOrAnonReadOnly(DjangoModelPermissionsOrAnonReadOnly):
    """Reads for everyone; writes for active staff users with the model permission, the
    same people the admin lets in: removing a curator's staff flag takes their token's
    writes away too, whatever their groups.

    A method the view never allows is not a question of permission: it passes here, so
    that the view answers 405 with its Allow header rather than a 401 that invites a
    client to log in for something no one may do."""

    def has_permission(self, request, view):
        if getattr(view, request.method.lower(), None) is None:
            return True  # the view's dispatch answers 405
        if request.method in SAFE_METHODS:
            return super().has_permission(request, view)
        user = request.user
        if user and user.is_authenticated and not (user.is_active and user.is_staff):
            return False
        return super().has_permission(request, view)
