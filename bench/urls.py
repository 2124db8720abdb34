"""The site's URLs plus, with ATLAS_BENCH=1, a framework floor: a trivial JSON view served
through the same server and middleware, to tell what a request costs before any data."""

import os

from django.http import JsonResponse
from django.urls import path

from atlas.urls import handler500  # noqa: F401 - handler500 is used by Django
from atlas.urls import urlpatterns as site_urlpatterns


def floor(request):
    return JsonResponse({"status": "ok", "floor": True})


urlpatterns = list(site_urlpatterns)
if os.environ.get("ATLAS_BENCH") == "1":
    urlpatterns.insert(0, path("bench/floor/", floor, name="bench-floor"))
