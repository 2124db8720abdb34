"""Facets: for the hubs a filter selects, how many each value of each dimension (region,
country, technology, kind) would select with the other filters kept. The directory's form
and /api/v1/hubs/facets/ show them."""

from django.db.models import CharField, Count, F, IntegerField
from django_countries import countries

from regions.models import RegionIndex

from ..models import Hub, all_technology_areas
from .unions import union_part


def filtered_without(filterset, *names):
    """The filterset's queryset with every filter applied except those `names` (and the
    ordering).

    This is FilterSet.filter_queryset minus some filters, so the values are validated once."""
    queryset = filterset.queryset.all()
    for filter_name, value in filterset.form.cleaned_data.items():
        if filter_name not in (*names, "ordering"):
            queryset = filterset.filters[filter_name].filter(queryset, value)
    return queryset.order_by()


def region_rows(counts_by_region_id):
    """The region facet from (region id, hubs) pairs."""
    index = RegionIndex()
    counts = dict.fromkeys(index.by_slug, 0)
    for region_id, count in counts_by_region_id:
        for slug in index.chain(region_id):
            counts[slug] += count
    regions = sorted(index.by_slug.values(), key=lambda region: region.path)
    return [
        {
            "slug": region.slug,
            "name_en": region.name_en,
            "name_zh": region.name_zh,
            "kind": region.kind,
            "parent": index.chain(region.pk)[-2] if region.depth > 1 else None,
            "count": counts[region.slug],
        }
        for region in regions
    ]


def by_count(items, label):
    return sorted(items, key=lambda item: (-item["count"], str(item[label])))


def country_facet(queryset):
    return country_rows(
        queryset.exclude(country="").values_list("country").annotate(count=Count("pk"))
    )


def country_rows(counts_by_country):
    """The country facet from (country code, hubs) pairs; hubs without a country left out."""
    return by_count(
        [
            {"code": code, "name": countries.name(code), "count": count}
            for code, count in counts_by_country
            if code
        ],
        "code",
    )


def technology_rows(counts_by_area_id):
    return by_count(
        [
            {
                "slug": area.slug,
                "name_en": area.name_en,
                "name_zh": area.name_zh,
                "count": counts_by_area_id.get(area.pk, 0),
            }
            for area in all_technology_areas()
        ],
        "slug",
    )


def kind_rows(counts):
    return by_count(
        [
            {"value": value, "label": str(label), "count": counts.get(value, 0)}
            for value, label in Hub.Kind.choices
        ],
        "value",
    )


FACET_COLUMNS = {
    "region": IntegerField(),
    "country": CharField(),
    "kind": CharField(),
    "technology": IntegerField(),
    "count": IntegerField(),
}


def hub_facets(filterset, *, map_countries=False):
    """For a bound, valid HubFilterSet: the hubs it selects (`total`) and, per region, country,
    technology and kind, how many hubs each value would select with the other filters kept.

    A hub counts in every region above its own (a German hub in DE, the EU and Europe); every
    region, technology and kind is listed, with 0 where none; countries only where some hub is.

    With `map_countries`, also the hubs per country of a map of them, which leaves out `bbox`
    (and, like the country facet, `country`; its caller keeps the chosen ones).

    One query whatever the data and the filters (with the regions' and technology areas'
    when their cached copies are stale): a UNION ALL of the filtered hubs grouped by region,
    country and kind (which counts the total and every unchosen dimension), a count per
    chosen dimension without its own filter, and the technology areas' hubs."""
    chosen = filterset.form.cleaned_data
    through = Hub.technology_areas.through
    hubs = Count("pk")
    branches = [
        union_part(
            filtered_without(filterset),
            "all",
            FACET_COLUMNS,
            region=F("region_id"),
            country=F("country"),
            kind=F("kind"),
            count=hubs,
        )
    ]
    for name, column in (("region", "region_id"), ("country", "country"), ("kind", "kind")):
        if chosen.get(name):
            without = filtered_without(filterset, name)
            branches.append(
                union_part(without, name, FACET_COLUMNS, **{name: F(column)}, count=hubs)
            )
    branches.append(
        union_part(
            through.objects.filter(hub__in=filtered_without(filterset, "technology").values("pk")),
            "technology",
            FACET_COLUMNS,
            technology=F("technologyarea_id"),
            count=hubs,
        )
    )
    if map_countries and chosen.get("bbox"):
        without = filtered_without(filterset, "bbox", "country")
        branches.append(
            union_part(without, "map_countries", FACET_COLUMNS, country=F("country"), count=hubs)
        )

    total = 0
    counts = {name: {} for name in ("all_region", "all_country", "all_kind", *FACET_COLUMNS)}
    counts["map_countries"] = {}
    for branch, region_id, country, kind, area_id, count in branches[0].union(
        *branches[1:], all=True
    ):
        if branch == "all":
            total += count
            for name, value in (("region", region_id), ("country", country), ("kind", kind)):
                counted = counts[f"all_{name}"]
                counted[value] = counted.get(value, 0) + count
        else:
            value = {
                "region": region_id,
                "country": country,
                "kind": kind,
                "technology": area_id,
                "map_countries": country,
            }[branch]
            counts[branch][value] = count

    def chosen_or_all(name):
        return counts[name] if chosen.get(name) else counts[f"all_{name}"]

    result = {
        "total": total,
        "facets": {
            "region": region_rows(chosen_or_all("region").items()),
            "country": country_rows(chosen_or_all("country").items()),
            "technology": technology_rows(counts["technology"]),
            "kind": kind_rows(chosen_or_all("kind")),
        },
    }
    if map_countries:
        result["map_countries"] = (
            country_rows(counts["map_countries"].items())
            if chosen.get("bbox")
            else result["facets"]["country"]
        )
    return result
