"""drf-spectacular's settings (SPECTACULAR_SETTINGS): what the OpenAPI description says of
the API as a whole, and the postprocessing hooks that finish it. atlas/settings.py calls
`spectacular_settings()` with the values it reads from the environment."""

DESCRIPTION = """The world's quantum ecosystem hubs, their members, incubators and economies.

Anyone may read, from any origin (CORS). Anonymous clients are throttled to {anon_rate} per \
address; past it, a 429 says in `Retry-After` how many seconds to wait. Curators write with a \
token (`Authorization: Token …`) or a session, and need the Django model permissions for what \
they change.

Responses carry an `ETag` (details also `Last-Modified`); send it back in `If-None-Match` (or \
`If-Modified-Since`) for a 304 when nothing changed.

Invalid parameters answer 400 with an object naming each parameter and what is wrong with it: \
`{{"bbox": ["Give min_lon,min_lat,max_lon,max_lat…"]}}`, and so does a parameter an endpoint \
does not take (`{{"regoin": ["Unknown parameter."]}}`). An empty value (`?region=`) is as if the \
parameter were not given, on every parameter. Closed vocabularies are enums, matched exactly \
as listed: country codes (upper case), and the region and technology slugs the directory holds \
when this description is generated.

The data is published under the Creative Commons Attribution 4.0 International licence \
(CC BY 4.0)."""


def spectacular_settings(*, anon_rate, contact_url):
    return {
        "TITLE": "Quantum Ecosystem Atlas API",
        "DESCRIPTION": DESCRIPTION.format(anon_rate=anon_rate),
        "VERSION": "1.0.0",
        "LICENSE": {
            "name": "Creative Commons Attribution 4.0 International (CC-BY-4.0)",
            "url": "https://creativecommons.org/licenses/by/4.0/",
        },
        "CONTACT": {"name": "Quantum Ecosystem Atlas curators", "url": contact_url},
        # Relative: the API is where the schema is served from, whatever the host.
        "SERVERS": [{"url": "/", "description": "This site"}],
        "SERVE_INCLUDE_SCHEMA": False,
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        # Swagger UI otherwise sends the schema's address to validator.swagger.io.
        "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
        "REDOC_DIST": "SIDECAR",
        # Redoc loads no fonts from Google (see templates/drf_spectacular/redoc.html).
        "REDOC_UI_SETTINGS": {
            "theme": {
                "typography": {
                    "fontFamily": "system-ui, sans-serif",
                    "headings": {"fontFamily": "system-ui, sans-serif"},
                }
            }
        },
        "COMPONENT_SPLIT_REQUEST": True,
        "ENUM_NAME_OVERRIDES": {
            "HubKindEnum": "hubs.models.Hub.Kind",
            "RegionKindEnum": "regions.models.Region.Kind",
            "OrganizationTypeEnum": "hubs.models.Organization.Type",
            "IncubatorStatusEnum": "incubators.models.Incubator.Status",
            "SuggestionKindEnum": "suggestions.models.Suggestion.Kind",
            "SuggestionStatusEnum": "suggestions.models.Suggestion.Status",
            # A history entry's type and a directory change's action share their values.
            "ChangeActionEnum": ["created", "changed", "deleted"],
            # GeoJSON's fixed "type" members (atlas/api/geojson.py)
            "GeoJSONPointTypeEnum": ["Point"],
            "GeoJSONFeatureTypeEnum": ["Feature"],
            "GeoJSONFeatureCollectionTypeEnum": ["FeatureCollection"],
        },
        # In this order: the vocabularies replace an enum the first derived from a model's
        # choices, and the last reads the types of the components it refers to.
        "POSTPROCESSING_HOOKS": [
            "drf_spectacular.hooks.postprocess_schema_enums",
            "atlas.api.vocabularies.add_vocabularies",
            "atlas.api.schema.for_strict_tools",
        ],
    }
