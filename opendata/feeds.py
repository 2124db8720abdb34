"""Atom feeds of the changes (changes.py): the whole directory, a hub (with its sites and
members), an economy (its hubs and incubators)."""

import copy

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hubs.models import Hub
from regions.models import Region, RegionIndex

from .changes import BY_KIND, change_rows, changes

FEED_LENGTH = 50
ACTIONS = {
    "created": gettext_lazy("Added"),
    "changed": gettext_lazy("Changed"),
    "deleted": gettext_lazy("Removed"),
}


def page_of(change):
    """Where a reader sees the record now; None when it is gone."""
    if change.action == "deleted" and change.kind in ("hub", "incubator", "organization"):
        return None
    if change.hub and change.kind != "hub":
        return reverse("hubs:detail", args=[change.hub])
    if change.kind == "hub":
        return reverse("hubs:detail", args=[change.slug])
    if change.kind == "incubator":
        return reverse("incubators:detail", args=[change.slug])
    if change.kind == "organization":
        return reverse("api:organization-detail", args=[change.slug])
    return None


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    author_name = gettext_lazy("Quantum Ecosystem Atlas")

    def __call__(self, request, *args, **kwargs):
        # One instance serves every request: each gets a copy that knows its own request.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def title(self, obj):
        return _("Changes to the Quantum Ecosystem Atlas")

    def subtitle(self, obj):
        return _(
            "Hubs, incubators, organisations, sites and memberships added, changed or removed."
        )

    def link(self, obj):
        return reverse("opendata:page")

    def feed_url(self, obj):
        return self.request.path

    def rows(self, obj):
        return change_rows()

    def items(self, obj):
        return changes(self.rows(obj)[:FEED_LENGTH])

    def item_title(self, change):
        model = BY_KIND[change.kind].model._meta
        return f"{ACTIONS[change.action]}: {model.verbose_name} {change.name}"

    def item_description(self, change):
        if change.unpublished:
            return _("No longer published.")
        if change.action == "changed":
            meta = BY_KIND[change.kind].model._meta
            names = [str(meta.get_field(name).verbose_name) for name in change.fields]
            return _("Changed: %(fields)s.") % {"fields": ", ".join(names) or _("nothing shown")}
        return ""

    def item_link(self, change):
        return page_of(change) or reverse("opendata:page")

    def item_guid(self, change):
        # A tag URI (RFC 4151): the same change keeps its id in every feed and language.
        host = self.request.get_host().split(":")[0]
        return f"tag:{host},2024:{change.kind}/{change.history_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.date

    def item_updateddate(self, change):
        return change.date


class HubChangesFeed(ChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Hub.objects.published(), slug=slug)

    def title(self, hub):
        return _("Changes to %(hub)s") % {"hub": hub.display_name}

    def subtitle(self, hub):
        return _("The hub, its sites and its members added, changed or removed.")

    def link(self, hub):
        return reverse("hubs:detail", args=[hub.slug])

    def rows(self, hub):
        return change_rows(hub=hub)


class RegionChangesFeed(ChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Region.objects.all(), slug=slug)

    def title(self, region):
        return _("Changes in %(region)s") % {"region": region.display_name}

    def subtitle(self, region):
        return _("Its hubs and incubators added, changed or removed.")

    def link(self, region):
        return reverse("regions:detail", args=[region.slug])

    def rows(self, region):
        index = RegionIndex()
        inside = [region, *index.inside(region)]
        return change_rows(
            kinds={"hub", "incubator"},
            region_ids=[candidate.pk for candidate in inside],
            country_codes=sorted(index.country_codes_within(region)),
        )
