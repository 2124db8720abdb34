"""Site-wide views: the health check and the error pages."""

import sys

from django.core.cache import cache
from django.core.exceptions import TooManyFieldsSent
from django.db import Error, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

HEALTH_CACHE_KEY = "healthz"


@never_cache
def healthz(request):
    """200 when the database answers; the cache is reported but optional (misses are fine)."""
    checks = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Error:  # a refused connection, or one the server closed (InterfaceError)
        checks["database"] = "unavailable"
    try:
        cache.set(HEALTH_CACHE_KEY, 1, 5)
        if cache.get(HEALTH_CACHE_KEY) != 1:
            checks["cache"] = "unavailable"
    except Exception:  # noqa: BLE001 - any cache failure is reported, never raised
        checks["cache"] = "unavailable"
    status = 200 if checks["database"] == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "unavailable", **checks}, status=status
    )


def server_error(request):
    """A 503 that says the database is away (the site recovers by itself when it is back),
    a plain 500 otherwise; JSON under /api/, a page elsewhere, never a traceback."""
    error = sys.exc_info()[1]
    # Error, not only DatabaseError: a connection closed under a query raises InterfaceError.
    unavailable = isinstance(error, Error)
    status = 503 if unavailable else 500
    if request.path.startswith("/api/"):
        detail = (
            "The database is unavailable; try again in a few seconds."
            if unavailable
            else "Something went wrong on our side."
        )
        response = JsonResponse({"detail": detail}, status=status)
    else:
        response = render(request, f"{status}.html", status=status)
    if unavailable:
        response["Retry-After"] = "5"
    return response


def error_page(request, status, message):
    """The site's own page for a 400 or a 404 (JSON under /api/, as DRF answers there)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(message)}, status=status)
    return render(request, f"{status}.html", {"message": message}, status=status)


def bad_request(request, exception):
    """Django's SuspiciousOperation answers (too many parameters, a host not allowed...)."""
    if isinstance(exception, TooManyFieldsSent):
        message = _("The address has too many parameters.")
    else:
        message = _("The request could not be understood.")
    return error_page(request, 400, message)


def page_not_found(request, exception):
    """The view's own message (there is no such chart, say), or a general one when the
    address matches no page at all."""
    given = exception.args[0] if exception.args and not isinstance(exception, Resolver404) else None
    message = given if isinstance(given, str | Promise) else _("There is no page at this address.")
    return error_page(request, 404, message)
