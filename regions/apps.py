from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from atlas.cache import track_writes


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regions")

    def ready(self):
        # Every write to this app's data makes cached responses stale.
        track_writes(self)
