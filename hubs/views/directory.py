"""The map and the directory: the home page, /hubs/ and the map other sites may frame.

The directory takes the API's filters (HubFilterSet) from the query string, so a page and its
downloads always show the same hubs. Its map shows the filtered hubs without `bbox`: with
"search as I move the map" on, the list is what lies in the view, and the map keeps the rest
around it.
"""

from csp.decorators import csp_replace
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, ngettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django_countries import countries

from atlas.bilingual import in_chinese
from atlas.pages import form_errors, page_of, without_empty
from incubators.models import Incubator

from .. import stats
from ..filters import HubFilterSet, record_filter_options
from ..models import Hub, Organization

# As many as a page of the API (atlas.api.pagination.AtlasPagination).
PAGE_SIZE = 50
# Query parameters that change what a page shows but not which hubs a map draws.
LIST_ONLY = ("page", "ordering", "bbox")
# Query parameters that are no filter: "Filters (n)" does not count them.
NOT_FILTERS = ("page", "ordering")
ORDERINGS = [
    ("", _("Name, A to Z")),
    ("-name", _("Name, Z to A")),
    ("founded", _("Founded, oldest first")),
    ("-founded", _("Founded, newest first")),
    ("-member_count", _("Members, most first")),
    ("member_count", _("Members, fewest first")),
]

# The form's fields as the page labels them, for the list of errors above it.
FIELD_LABELS = {
    "q": _("Search"),
    "region": _("Economy or continent"),
    "country": _("Country"),
    "kind": _("Kind"),
    "technology": _("Technology areas"),
    "founded_min": _("Founded from"),
    "founded_max": _("Founded to"),
    "ordering": _("Sort by"),
    "bbox": _("Map area"),
    "has_location": _("Known location"),
    "in_article": _("In the 2024 report's article"),
    "verified": _("Last verified"),
}


def plural(forms):
    """Both forms of a counted phrase for the page's script, which picks one with
    Intl.PluralRules ("one" or "other"); Chinese has one form, English two. `forms` is
    `lambda n: ngettext_lazy(singular, plural, n)`, written out so makemessages finds it."""
    return {"one": forms(1), "other": forms(2)}


def map_text():
    """What the maps' scripts write on the page, translated here (no English in the JS)."""
    return {
        "loading": _("Loading the map…"),
        "failed": _("The map data could not be loaded. Reload the page to try again."),
        "summary": _(
            "{hubs}: {located} on the map at {places}, {unlocated} without a known location."
        ),
        "hubs": plural(lambda n: ngettext_lazy("{count} hub", "{count} hubs", n)),
        "places": plural(lambda n: ngettext_lazy("{count} place", "{count} places", n)),
        # A cluster's accessible name: "9 hubs at 29 places" (a network hub has several).
        "clusterLabel": _("{hubs} at {places}"),
        "incubators": _("{incubators} on the map, {unlocated} without a known location."),
        "incubatorCount": plural(
            lambda n: ngettext_lazy("{count} incubator", "{count} incubators", n)
        ),
        "legendNone": pgettext_lazy("hubs per country", "none"),
        "legendNote": _("Hubs without a single country, such as EU-wide ones, are not shaded."),
    }


def country_codes():
    """ISO 3166-1 numeric codes (the world-atlas outlines' ids) to alpha-2, for shading
    countries by the counts the pages give per alpha-2 code."""
    codes = {}
    for code, _name in countries:
        numeric = countries.numeric(code)
        if numeric is not None:
            codes[f"{numeric:03d}"] = code
    return codes


def with_query(url, query):
    return f"{url}?{query}" if query else url


def localized_name(item):
    return (item.get("name_zh") if in_chinese() else "") or item["name_en"]


def map_context(params, filterset, facets=None):
    """What a map of the hubs a valid `filterset` selects, `bbox` left out, needs besides the
    GeoJSON it fetches: its URL, hubs per country for the shading, and the hubs it cannot
    place (to list below it).

    The directory passes its `facets` (hub_facets with map_countries), which have counted
    the countries, so nothing is queried twice."""
    query = without_empty(params, without=LIST_ONLY).urlencode()
    hubs = stats.filtered_without(filterset, "bbox")
    unlocated = filterset.filters["has_location"].filter(hubs, False)
    if facets is None:
        by_country = stats.country_facet(hubs)
    else:
        # The map's counts leave the country filter out; the filter keeps the chosen.
        chosen = set(filterset.form.cleaned_data["country"])
        by_country = [row for row in facets["map_countries"] if not chosen or row["code"] in chosen]
    return {
        "map_url": with_query(reverse("api:hub-geojson"), query),
        "map_directory_url": with_query(reverse("hubs:directory"), query),
        "hubs_per_country": sorted(by_country, key=lambda row: (-row["count"], str(row["name"]))),
        "counts_by_country": {row["code"]: row["count"] for row in by_country},
        "unlocated_hubs": list(unlocated.select_related("region").order_by(*Hub._meta.ordering)),
        "country_codes": country_codes(),
        "map_text": map_text(),
    }


def home(request):
    published = Hub.objects.published()
    hub_stats = stats.hub_stats(published)
    economies = [{**vars(row), "name": localized_name(vars(row))} for row in hub_stats.economies]
    counts = stats.count_each(
        organizations=Organization.objects.filter(published=True),
        incubators=Incubator.objects.published(),
    )
    context = {
        "figures": {
            "hubs": hub_stats.total.hubs,
            "economies": len(economies),
            "organizations": counts["organizations"],
            "incubators": counts["incubators"],
        },
        "economies": economies,
        "incubator_map_url": reverse("api:incubator-geojson"),
        **map_context(QueryDict(), unfiltered()),
    }
    return render(request, "hubs/home.html", context)


def filter_options(filterset, facets):
    """The form's choices, each with how many hubs it would select; without `facets` (the
    filters are invalid) the choices come without counts."""
    form = filterset.form
    counted = facets is not None
    if not counted:
        facets = stats.hub_facets(unfiltered())
    facets = facets["facets"]

    def count(row):
        return row["count"] if counted else None

    parents = {row["slug"]: row["parent"] for row in facets["region"]}

    def depth(slug):
        levels, parent = 0, parents[slug]
        while parent is not None:
            levels, parent = levels + 1, parents.get(parent)
        return levels

    chosen_countries = {code.upper() for code in form["country"].value() or []}
    country_rows = {row["code"]: row for row in facets["country"]}
    for code in chosen_countries - set(country_rows):
        if code in countries:
            country_rows[code] = {"code": code, "count": 0}
    chosen_technologies = set(form["technology"].value() or [])
    kind_counts = {row["value"]: row for row in facets["kind"]}
    ordering = form["ordering"].value() or ""
    chosen_ordering = ordering if isinstance(ordering, str) else ",".join(ordering)
    return {
        "regions": [
            {
                "value": row["slug"],
                "label": localized_name(row),
                "indent": "\u00a0\u00a0\u00a0" * depth(row["slug"]),
                "count": count(row),
                "selected": row["slug"] == form["region"].value(),
            }
            for row in facets["region"]
        ],
        "countries": sorted(
            (
                {
                    "value": row["code"],
                    "label": countries.name(row["code"]),
                    "count": count(row),
                    "selected": row["code"] in chosen_countries,
                }
                for row in country_rows.values()
            ),
            key=lambda option: str(option["label"]),
        ),
        "several_countries": len(chosen_countries) > 1,
        "technologies": [
            {
                "value": row["slug"],
                "label": localized_name(row),
                "count": count(row),
                "selected": row["slug"] in chosen_technologies,
            }
            for row in sorted(facets["technology"], key=localized_name)
        ],
        "kinds": [
            {
                "value": value,
                "label": label,
                "count": count(kind_counts[value]),
                "selected": value == form["kind"].value(),
            }
            for value, label in Hub.Kind.choices
        ],
        "orderings": [
            {"value": value, "label": label, "selected": value == chosen_ordering}
            for value, label in ORDERINGS
        ],
        **record_filter_options(form),
    }


def unfiltered():
    filterset = HubFilterSet(QueryDict(), queryset=Hub.objects.published())
    filterset.is_valid()
    return filterset


def active_filters(params, form):
    """How many filter values the query sets, for "Filters (n)" (not `utm_*` and the like,
    which the page ignores)."""
    query = without_empty(params, without=NOT_FILTERS)
    return sum(len(values) for name, values in query.lists() if name in form.fields)


def directory(request):
    filterset = HubFilterSet(request.GET, queryset=Hub.objects.published(), request=request)
    context = {
        "form": filterset.form,
        "valid": filterset.is_valid(),
        "active_filters": active_filters(request.GET, filterset.form),
    }
    if not context["valid"]:
        context["options"] = filter_options(filterset, None)
        context["errors"] = form_errors(filterset.form, labels=FIELD_LABELS)
        return render(request, "hubs/directory.html", context, status=400)

    facets = stats.hub_facets(filterset, map_countries=True)
    hubs = (
        filterset.qs.with_first_site()
        .with_technology_areas()
        .with_listed_member_count()
        .select_related("region")
    )
    page, page_error, status = page_of(request, hubs, facets["total"], page_size=PAGE_SIZE)
    if page is not None:
        page.object_list = list(page.object_list)
        for hub in page.object_list:
            hub.first_site_country_name = countries.name(hub.first_site_country or "")
    list_query = without_empty(request.GET, without=("page",)).urlencode()
    map_query = without_empty(request.GET, without=LIST_ONLY).urlencode()
    csv_labels = f"labels={get_language()}"
    context.update(
        options=filter_options(filterset, facets),
        total=facets["total"],
        page=page,
        page_error=page_error,
        page_link_prefix=f"?{list_query}&page=" if list_query else "?page=",
        first_page_url=with_query(reverse("hubs:directory"), list_query),
        bbox=filterset.form.cleaned_data["bbox"] and request.GET["bbox"],
        without_bbox_url=with_query(
            reverse("hubs:directory"),
            without_empty(request.GET, without=("page", "bbox")).urlencode(),
        ),
        # The page's download is for people: its columns named in the page's language.
        csv_url=with_query(
            reverse("api:hub-list"),
            "&".join(part for part in (list_query, "format=csv", csv_labels) if part),
        ),
        share_url=request.build_absolute_uri(with_query(reverse("hubs:directory"), list_query)),
        # The snippet names the site; the page's own preview loads it from here, as every
        # resource of the site's pages is (no absolute address in a src).
        embed_path=with_query(reverse("hubs:embed-map"), map_query),
        embed_url=request.build_absolute_uri(with_query(reverse("hubs:embed-map"), map_query)),
        geojson_url=with_query(
            reverse("api:hub-geojson"),
            without_empty(request.GET, without=("page", "ordering")).urlencode(),
        ),
        directory_text={
            "copied": _("Link copied."),
            "select": _("The link is selected: copy it with your device's copy command."),
        },
        **map_context(request.GET, filterset, facets),
    )
    return render(request, "hubs/directory.html", context, status=status)


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def embed_map(request):
    """The only page other sites may frame (no X-Frame-Options, CSP frame-ancestors *):
    a map of the hubs its query selects."""
    filterset = HubFilterSet(request.GET, queryset=Hub.objects.published(), request=request)
    if not filterset.is_valid():
        context = {"valid": False, "errors": form_errors(filterset.form, labels=FIELD_LABELS)}
        return render(request, "hubs/embed_map.html", context, status=400)
    context = {"valid": True, **map_context(request.GET, filterset)}
    return render(request, "hubs/embed_map.html", context)
