from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """The directory as open data: the data package, the changes feeds and API. It reads
    the other apps' models and keeps none of its own."""

    name = "opendata"
    verbose_name = _("Open data")
