"""The API's routes as the URLconf has them, so tests follow the endpoints that exist rather
than a list that goes stale when one is added."""

import re
from dataclasses import dataclass

from django.urls import URLResolver

from atlas.api import router as api_urls

DOCUMENTATION_ROUTES = {"schema", "docs", "redoc", "api-root"}


@dataclass(frozen=True)
class Route:
    path: str  # in OpenAPI form: /api/v1/hubs/{slug}/
    name: str
    view: type
    actions: dict  # method -> viewset action; empty for a plain APIView

    @property
    def is_list(self):
        return "{" not in self.path and (
            not self.actions or self.actions.get("get") not in (None, "create")
        )

    @property
    def filterset_class(self):
        return getattr(self.view, "filterset_class", None)

    @property
    def paginated(self):
        return self.actions.get("get") == "list" and self.view.pagination_class is not None

    def __str__(self):
        return self.path


def openapi_path(pattern):
    text = str(pattern).removeprefix("^").removesuffix("$")
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text)
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)


def api_routes(patterns=None, prefix="/api/v1/"):
    for pattern in api_urls.urlpatterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from api_routes(pattern.url_patterns, prefix + openapi_path(pattern.pattern))
            continue
        path = prefix + openapi_path(pattern.pattern)
        # DefaultRouter's `.json` suffix twins of every route
        if "{format}" in path or pattern.name in DOCUMENTATION_ROUTES:
            continue
        callback = pattern.callback
        if not hasattr(callback, "cls"):
            continue  # the catch-all for unknown addresses (atlas/api/unmatched.py): no endpoint
        yield Route(path, pattern.name, callback.cls, dict(getattr(callback, "actions", {}) or {}))


def list_routes():
    return [route for route in api_routes() if route.is_list]
