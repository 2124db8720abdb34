from django.urls import path, re_path

from . import views

app_name = "suggestions"

urlpatterns = [
    path("new-hub/", views.suggest_hub, name="new-hub"),
    path(
        "hubs/<slug:slug>/",
        views.suggest_correction,
        {"record_kind": "hub"},
        name="hub",
    ),
    path(
        "incubators/<slug:slug>/",
        views.suggest_correction,
        {"record_kind": "incubator"},
        name="incubator",
    ),
    path(
        "organizations/<slug:slug>/",
        views.suggest_correction,
        {"record_kind": "organization"},
        name="organization",
    ),
    # Tokens are URL-safe base64 (secrets.token_urlsafe): anything else is not one.
    re_path(r"^status/(?P<token>[A-Za-z0-9_-]{20,64})/$", views.suggestion_status, name="status"),
]
