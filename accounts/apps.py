from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .groups import curator_groups_sync_after_migrate

        post_migrate.connect(curator_groups_sync_after_migrate, sender=self)
