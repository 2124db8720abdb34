from django.urls import path

from . import views

app_name = "incubators"

urlpatterns = [
    path("", views.incubator_list, name="list"),
    path("<slug:slug>/", views.incubator_detail, name="detail"),
]
