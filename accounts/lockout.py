"""How django-axes tells one client from another, and what a locked-out client sees."""

import ipaddress
from http import HTTPStatus

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def client_ip_address(request):
    """The client's address, counted the way the API's throttle counts it.

    Behind API_NUM_PROXIES proxies, the address the nearest of them saw is that many places
    from the end of X-Forwarded-For; anything before it was written by the client and could
    be spoofed to escape the lockout. Without proxies, the header is ignored. A forwarded
    value that is not an address (a misconfigured proxy, or a client's own header where the
    proxy appends instead of replacing) is never stored: the socket's address counts instead.
    """
    proxies = int(settings.API_NUM_PROXIES or 0)
    forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded_for:
        addresses = [address.strip() for address in forwarded_for.split(",")]
        forwarded = addresses[-min(proxies, len(addresses))]
        if is_address(forwarded):
            return forwarded
    return request.META.get("REMOTE_ADDR")


def is_address(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


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
