"""The curator groups: each edits one app's records and may only look at what they link to.

The groups are defined here, not in the admin: every `migrate` sets their permissions to
exactly these, so a model added later is covered and a hand edit in the admin is undone.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

FULL = ("add", "change", "delete", "view")

# group name -> {(app label, model name or "*" for all of the app's models): actions}
CURATOR_GROUPS = {
    "Hub curators": {
        ("hubs", "*"): FULL,
        ("regions", "region"): ("view",),
        # Which suggestions each curator reviews follows from what they may change
        # (suggestions/review.py reviewable_by).
        ("suggestions", "suggestion"): ("view", "change"),
    },
    "Incubator curators": {
        ("incubators", "*"): FULL,
        # An incubator links to its hub, portfolio startups and technologies without
        # changing them, and may cite a source that is not in the directory yet.
        ("hubs", "hub"): ("view",),
        ("hubs", "organization"): ("view",),
        ("hubs", "technologyarea"): ("view",),
        ("hubs", "source"): ("add", "view"),
        ("regions", "region"): ("view",),
        ("suggestions", "suggestion"): ("view", "change"),
    },
    "Region curators": {
        ("regions", "*"): FULL,
    },
}


def granted_codenames(grants):
    """{(app label, codename)} for a group's grants. simple-history's records are left out:
    the admin shows them through the history of their model."""
    codenames = set()
    for (app_label, wanted_model), actions in grants.items():
        for model in global_apps.get_app_config(app_label).get_models():
            name = model._meta.model_name
            if wanted_model in ("*", name) and not name.startswith("historical"):
                codenames |= {(app_label, f"{action}_{name}") for action in actions}
    return codenames


def curator_groups_sync(*, using=DEFAULT_DB_ALIAS, apps=global_apps):
    """Creates the curator groups, or sets their permissions back to the definition."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_label in {label for grants in CURATOR_GROUPS.values() for label, _ in grants}:
        # post_migrate reaches the apps in INSTALLED_APPS order: make sure the
        # permissions exist whatever that order is.
        create_permissions(
            global_apps.get_app_config(app_label), verbosity=0, using=using, apps=apps
        )
    for name, grants in CURATOR_GROUPS.items():
        codenames = granted_codenames(grants)
        matching = Q()
        for app_label, codename in codenames:
            matching |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.using(using).filter(matching))
        if len(permissions) != len(codenames):
            raise LookupError(f"The permissions of {name!r} are not all in the database.")
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(permissions)


def curator_groups_sync_after_migrate(sender, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    # Migrating apps back (to zero, say) leaves some of the tables behind the groups
    # unmigrated: the groups are set again by the migrate that brings them back.
    needed = {"auth", "contenttypes"} | {
        label for grants in CURATOR_GROUPS.values() for label, _ in grants
    }
    migrated = {config.label for config in apps.get_app_configs()}
    if needed <= migrated:
        curator_groups_sync(using=using, apps=apps)
