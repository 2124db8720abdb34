"""The incubators' list (filtered by IncubatorFilterSet, as the API is) and their profiles."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from atlas.api.geojson import feature_collection, point_feature
from atlas.pages import (
    choice_options,
    cited_sources,
    conflicts_by_field,
    country_options,
    listed_aliases,
    page_of,
    recent_changes,
    without_empty,
)
from hubs.filters import record_filter_options
from hubs.models import Organization
from regions.models import RegionIndex

from .filters import IncubatorFilterSet
from .models import Incubator, IncubatorCitation, IncubatorConflictingFigure

# The list shows a page at a time: there may be thousands.
PAGE_SIZE = 50

# Which citation `field`s support which fact (see hubs.views.profile.HUB_FACTS).
INCUBATOR_FACTS = {
    "name_en": ("name", "name_en"),
    "name_zh": ("name_zh",),
    "country": ("country",),
    "location": ("location", "city", "latitude", "longitude"),
    "host_institution": ("host_institution",),
    "affiliated_hub": ("affiliated_hub",),
    "founded": ("founded",),
    "status": ("status",),
    "cohorts": ("cohorts",),
    "startups_supported": ("startups_supported",),
    "funds": (
        "funds",
        "funds_raised",
        "funds_raised_amount",
        "funds_raised_currency",
        "funds_raised_note",
    ),
    "website": ("website",),
    "technology_areas": ("technology_areas", "technologies"),
    "description": ("description", "description_en", "description_zh"),
    "notes": ("notes",),
    "in_article": ("in_article",),
    "portfolio": ("portfolio",),
}


def filter_options(form, index):
    """The choices of the list's filter form, with what the query chose marked."""
    present = Incubator.objects.published().exclude(country="").values_list("country", flat=True)
    return {
        "statuses": choice_options(Incubator.Status.choices, form["status"].value()),
        "countries": country_options(present, form["country"].value()),
        "regions": [
            {
                "value": region.slug,
                "label": region.display_name,
                "indent": "\u00a0\u00a0\u00a0" * (region.depth - 1),
                "selected": region.slug == form["region"].value(),
            }
            for region in sorted(index.by_slug.values(), key=lambda region: region.path)
        ],
        **record_filter_options(form),
    }


def incubator_list(request):
    params = without_empty(request.GET)
    filterset = IncubatorFilterSet(
        params, queryset=Incubator.objects.published().select_related("affiliated_hub")
    )
    valid = filterset.is_valid()
    page, page_error, status, total = None, None, 400, None
    if valid:
        total = filterset.qs.count()
        page, page_error, status = page_of(request, filterset.qs, total, page_size=PAGE_SIZE)
    list_query = without_empty(params, without=("page",)).urlencode()
    context = {
        "form": filterset.form,
        "valid": valid,
        "options": filter_options(filterset.form, RegionIndex()),
        "filtered": bool(list_query),
        "api_query": list_query,
        "page": page,
        "page_error": page_error,
        "total": total,
        "page_link_prefix": f"?{list_query}&page=" if list_query else "?page=",
        "incubators": page.object_list if page else [],
    }
    return render(request, "incubators/list.html", context, status=status)


def incubator_detail(request, slug):
    try:
        incubator = (
            Incubator.objects.published()
            .select_related("affiliated_hub")
            .prefetch_related(
                "technology_areas",
                "aliases__sources",
                Prefetch("citations", IncubatorCitation.objects.select_related("source")),
                Prefetch(
                    "conflicting_figures",
                    IncubatorConflictingFigure.objects.select_related("source"),
                ),
                Prefetch(
                    "portfolio",
                    Organization.objects.filter(published=True).order_by("name"),
                    to_attr="listed_portfolio",
                ),
            )
            .get(slug=slug)
        )
    except Incubator.DoesNotExist:
        raise Http404(_("There is no published incubator at this address.")) from None
    cited, record_sources = cited_sources(incubator.citations.all(), INCUBATOR_FACTS)
    located = incubator.latitude is not None and incubator.longitude is not None
    hub = incubator.affiliated_hub
    context = {
        "incubator": incubator,
        "aliases": listed_aliases(incubator.aliases.all()),
        "hub": hub if hub is not None and hub.published else None,
        "located": located,
        "location_geojson": feature_collection(
            [
                point_feature(
                    longitude=incubator.longitude,
                    latitude=incubator.latitude,
                    properties={"name": incubator.display_name, "city": incubator.city},
                )
            ]
            if located
            else [],
            unlocated=0 if located else 1,
        ),
        "cited": cited,
        "conflicts": conflicts_by_field(incubator.conflicting_figures.all()),
        "record_sources": record_sources,
        "portfolio": incubator.listed_portfolio,
        "changes": recent_changes(incubator, Incubator),
    }
    return render(request, "incubators/detail.html", context)
