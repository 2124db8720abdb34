from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatasetConfig(AppConfig):
    """The curated dataset's loader (`manage.py load_dataset`); it has no models."""

    name = "dataset"
    verbose_name = _("Dataset")
