"""How django-axes tells one client from another, and what a locked-out client sees."""

from http import HTTPStatus

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def client_ip_address(request):
    """The client's address, counted the way the API's throttle counts it.

    Behind API_NUM_PROXIES proxies, the address the nearest of them saw is that many places
    from the end of X-Forwarded-For; anything before it was written by the client and could
    be spoofed to escape the lockout. Without proxies, the header is ignored.
    """
    proxies = int(settings.API_NUM_PROXIES or 0)
    forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded_for:
        addresses = [address.strip() for address in forwarded_for.split(",")]
        return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response, credentials):
    cool_off = get_cool_off(request)
    response = render(
        request,
        "accounts/lockout.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "retry_at": timezone.now() + cool_off},
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
