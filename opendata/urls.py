from django.urls import path

from . import feeds, views

app_name = "opendata"

urlpatterns = [
    path("data/", views.data_page, name="page"),
    path("data/<str:name>", views.download, name="download"),
    path("changes.atom", feeds.ChangesFeed(), name="changes-feed"),
    path("hubs/<slug:slug>/changes.atom", feeds.HubChangesFeed(), name="hub-changes-feed"),
    path(
        "regions/<slug:slug>/changes.atom",
        feeds.RegionChangesFeed(),
        name="region-changes-feed",
    ),
]
