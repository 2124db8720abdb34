"""The answer to an address under /api/v1/ that no endpoint serves: JSON, as every API
answer is (Django's 404 page is HTML, and its DEBUG page more so)."""

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt


class PermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    # A 308, not Django's 301: a client repeats its POST, PUT or DELETE at the new address
    # rather than turning it into a GET that silently writes nothing.
    status_code = 308


@csrf_exempt
def unmatched_path(request, path):
    """Without its trailing slash, an endpoint's address redirects to it with the method
    kept (APPEND_SLASH's 301 would turn a POST into a GET); anything else is a JSON 404."""
    if not path.endswith("/") and serves(
        f"{request.path_info}/", getattr(request, "urlconf", None)
    ):
        query = request.META.get("QUERY_STRING", "")
        with_slash = f"{request.path}/"
        return PermanentRedirectKeepingMethod(f"{with_slash}?{query}" if query else with_slash)
    # The words of the site's 404 handler (atlas/views.py), which answers so without DEBUG.
    return JsonResponse({"detail": _("There is no page at this address.")}, status=404)


def serves(path, urlconf):
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return match.func is not unmatched_path
