from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
)
from rest_framework.routers import DefaultRouter

from atlas.api.unmatched import unmatched_path
from hubs.api.stats import HubFacetsView, HubStatsView
from hubs.api.views import HubViewSet, OrganizationViewSet, SourceViewSet, TechnologyAreaViewSet
from incubators.api.views import IncubatorViewSet
from opendata.api import ChangeListView
from regions.api.views import RegionViewSet
from suggestions.api import SuggestionViewSet

from .docs import SwaggerDocsView
from .front_page import ApiRootView


class UndocumentedRootView(ApiRootView):
    schema = None


class AtlasRouter(DefaultRouter):
    APIRootView = ApiRootView

    def get_urls(self):
        # The root's `.json` suffix twin is the same operation: documented once.
        urls = super().get_urls()
        for index, url in enumerate(urls):
            if url.name == "api-root" and "format" in url.pattern.regex.groupindex:
                view = UndocumentedRootView.as_view(**url.callback.initkwargs)
                urls[index] = path(str(url.pattern), view, name=url.name)
        return urls


router = AtlasRouter()
router.register("hubs", HubViewSet, basename="hub")
router.register("incubators", IncubatorViewSet, basename="incubator")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("regions", RegionViewSet, basename="region")
router.register("technologies", TechnologyAreaViewSet, basename="technologyarea")
router.register("sources", SourceViewSet, basename="source")
router.register("suggestions", SuggestionViewSet, basename="suggestion")

app_name = "api"

# Redoc renders with styled-components, which inserts <style> elements at run time, searches
# in a Web Worker it starts from a blob: URL (its bundle's Redocly logo, from their CDN, is
# replaced before it loads: static/api/redoc.js). Only this page allows inline styles; its
# scripts stay under the site's policy (no 'unsafe-inline', no 'unsafe-eval').
redoc = csp_update(
    {
        "style-src": ["'unsafe-inline'"],
        "worker-src": ["'self'", "blob:"],
    }
)(SpectacularRedocView.as_view(url_name="api:schema"))

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file of its own (?script).
    path("docs/", SwaggerDocsView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", redoc, name="redoc"),
    path("stats/", HubStatsView.as_view(), name="stats"),
    path("changes/", ChangeListView.as_view(), name="changes-list"),
    # Before the router, whose hubs/<slug>/ would take "facets" for a hub's slug.
    path("hubs/facets/", HubFacetsView.as_view(), name="hub-facets"),
    path("", include(router.urls)),
    # Last: what nothing above serves (a missing trailing slash, an unknown address).
    re_path(r"^(?P<path>.*)$", unmatched_path, name="unmatched"),
]
