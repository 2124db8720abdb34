from django.contrib import admin
from django.urls import include, path

import atlas.admin  # noqa: F401 - registers the project's admin modules (no autodiscovery)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("atlas.api.router")),
    path("", include("hubs.urls")),
]
