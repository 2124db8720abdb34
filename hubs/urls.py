from django.urls import path

from . import views

app_name = "hubs"

urlpatterns = [
    path("", views.home, name="home"),
]
