"""The API's root, /api/v1/: for a program, DRF's JSON map of the list endpoints; for a
person, the API's front page (what is here, every endpoint in a line, the docs and the
licence) in the site's style instead of DRF's stock "default basic root view"."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import JSONRenderer, TemplateHTMLRenderer
from rest_framework.routers import APIRootView
from rest_framework.schemas import DefaultSchema

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

# (route name in the api namespace, or None for an address with a parameter; the address
# shown; what it answers). In the order a newcomer needs them.
ENDPOINTS = [
    ("hub-list", "hubs/", _("The hubs, filterable (region, technology, kind, q…), paginated.")),
    (None, "hubs/{slug}/", _("One hub with its sites, members and sources.")),
    ("hub-geojson", "hubs/geojson/", _("The hubs' places as GeoJSON, for a map or a GIS.")),
    ("hub-map", "hubs/map/", _("The hubs as compact map points, as the site's map loads them.")),
    ("hub-facets", "hubs/facets/", _("How many hubs each filter value would select.")),
    ("stats", "stats/", _("Hubs and members per economy, beside the 2024 report's figures.")),
    ("incubator-list", "incubators/", _("The incubators, filterable, paginated.")),
    (None, "incubators/{slug}/", _("One incubator with its sources.")),
    ("incubator-geojson", "incubators/geojson/", _("The incubators' places as GeoJSON.")),
    ("organization-list", "organizations/", _("The member organisations and their hubs.")),
    (None, "organizations/{slug}/", _("One member organisation and the hubs it belongs to.")),
    ("region-list", "regions/", _("Economies and continents, as a tree.")),
    (None, "regions/{slug}/", _("One economy or continent.")),
    ("technologyarea-list", "technologies/", _("The technology areas hubs work in.")),
    (None, "technologies/{slug}/", _("One technology area.")),
    ("source-list", "sources/", _("The sources every fact cites.")),
    (None, "sources/{pk}/", _("One source.")),
    ("changes-list", "changes/", _("What changed in the data, newest first.")),
    # POST only: a link would answer 405.
    (None, "suggestions/", _("POST a correction or a new hub, with its source; no account.")),
    (None, "suggestions/{token}/", _("A suggestion's status, by the token its sender got.")),
]


def endpoint_rows(request):
    rows = []
    for name, address, description in ENDPOINTS:
        url = None
        if name is not None:
            try:
                url = reverse(f"api:{name}")
            except NoReverseMatch:
                continue
        rows.append({"address": f"/api/v1/{address}", "url": url, "description": description})
    return rows


class FrontPageRenderer(TemplateHTMLRenderer):
    """The root's HTML: the front page, whatever the JSON map holds."""

    format = "html"
    template_name = "api/front_page.html"

    def get_template_context(self, data, renderer_context):
        response = renderer_context["response"]
        if response.exception:
            return data
        return {"endpoints": endpoint_rows(renderer_context["request"]), "licence": LICENCE_URL}


class ApiRootView(APIRootView):
    """The list endpoints by name, with their absolute addresses; a browser gets the
    API's front page."""

    renderer_classes = [JSONRenderer, FrontPageRenderer]
    # DRF leaves its root out of the schema; ours is an operation programs call.
    schema = DefaultSchema()

    @extend_schema(
        summary="The list endpoints, by name",
        responses={
            200: {
                "type": "object",
                "additionalProperties": {"type": "string", "format": "uri"},
                "example": {"hubs": "https://atlas.example/api/v1/hubs/"},
            }
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
