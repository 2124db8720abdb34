from django.shortcuts import render

from .models import Hub


def home(request):
    hubs = Hub.objects.published().select_related("region").order_by("name_en")
    return render(request, "hubs/home.html", {"hubs": hubs})
