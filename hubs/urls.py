from django.urls import path

from .views import compare, directory, insights, organizations, profile

app_name = "hubs"

urlpatterns = [
    path("", directory.home, name="home"),
    path("hubs/", directory.directory, name="directory"),
    path("hubs/<slug:slug>/", profile.hub_detail, name="detail"),
    path("organizations/", organizations.organization_list, name="organizations"),
    path(
        "organizations/<slug:slug>/",
        organizations.organization_detail,
        name="organization-detail",
    ),
    path("insights/", insights.insights, name="insights"),
    path("insights/<slug:chart>.csv", insights.insights_csv, name="insights-csv"),
    path("compare/", compare.compare, name="compare"),
    path("embed/map/", directory.embed_map, name="embed-map"),
]
