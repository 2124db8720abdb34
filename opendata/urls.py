from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.data_page, name="page"),
    path("<str:name>", views.download, name="download"),
]
