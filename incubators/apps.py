from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from atlas.cache import track_writes


class IncubatorsConfig(AppConfig):
    name = "incubators"
    verbose_name = _("Incubators")

    def ready(self):
        # Every write to this app's data makes cached responses stale.
        track_writes(self)
