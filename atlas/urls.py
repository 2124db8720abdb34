from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

import atlas.admin  # noqa: F401 - registers the project's admin modules (no autodiscovery)
from atlas import views
from atlas.api.unmatched import unmatched_path

handler400 = "atlas.views.bad_request"
handler404 = "atlas.views.page_not_found"
handler500 = "atlas.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("atlas.api.router")),
    # The API's root without its slash: a 308 that keeps the method, not APPEND_SLASH's 301.
    path("api/v1", unmatched_path, {"path": "api/v1"}),
] + i18n_patterns(
    path("", include("hubs.urls")),
    path("incubators/", include("incubators.urls")),
    path("regions/", include("regions.urls")),
    path("suggestions/", include("suggestions.urls")),
    path("", include("opendata.urls")),
    prefix_default_language=False,
)
