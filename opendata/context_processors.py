from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The pages with a feed of their own: the page's route, and the feed's.
PAGE_FEEDS = {
    "hubs:detail": ("opendata:hub-changes-feed", _("Changes to this hub")),
    "regions:detail": ("opendata:region-changes-feed", _("Changes in this economy")),
}


def feeds(request):
    """The Atom feeds a page links to (<link rel="alternate">): the directory's on every
    page, and a hub's or an economy's own on its page. The pages' apps name no feed."""
    links = [(reverse("opendata:changes-feed"), _("Changes to the directory"))]
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in PAGE_FEEDS:
        route, title = PAGE_FEEDS[match.view_name]
        links.append((reverse(route, kwargs={"slug": match.kwargs["slug"]}), title))
    return {"feed_links": links}
