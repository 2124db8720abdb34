from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from atlas.cache import track_writes


class SuggestionsConfig(AppConfig):
    """Readers' suggested corrections and new hubs, each with a source, and the curators'
    review of them. No suggestion changes public data by itself: a curator accepts it."""

    name = "suggestions"
    verbose_name = _("Suggestions")

    def ready(self):
        # Profiles show how many suggestions are open: a new one or a decision makes them stale.
        track_writes(self)
