"""The hub list, the hub map (GeoJSON) and the organisation list, shaped from `.values()`
rows: the one way these responses are written, on every database and in every format (JSON,
GeoJSON, CSV, the browsable API).

A hub's list fields are HubListSerializer's (which documents them and serializes a hub's
detail); tests/api/test_lists.py holds the two to the same output. A page of hubs costs three
queries however many hubs it holds: the hubs, their sites, their technology areas."""

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import translation
from rest_framework.reverse import reverse as api_reverse

from atlas.api.geojson import point_feature
from atlas.filters import bbox_q

from ..models import Hub, Site
from .provenance import Seat

# What the list shows of a hub, in order: the fields of HubListSerializer (which documents
# them and gives them in a hub's detail) and the keys of hub_list_rows' dicts.
HUB_LIST_FIELDS = ("slug", "name_en", "name_zh", "acronym", "kind", "economy", "region")
HUB_LIST_FIELDS += ("country", "location", "city", "seat", "technologies", "founded")
HUB_LIST_FIELDS += ("member_count", "member_count_unit", "member_count_approximate")
HUB_LIST_FIELDS += ("funding_amount", "funding_currency", "url", "profile_url")
# `has_seat` is HubQuerySet.with_seat()'s.
HUB_COLUMNS = ("id", "slug", "name_en", "name_zh", "acronym", "kind", "region_id")
HUB_COLUMNS += ("country", "member_count", "member_count_unit", "member_count_approximate")
HUB_COLUMNS += ("founded", "funding_amount", "funding_currency", "has_seat", "seat_city")
LOCATION_FIELDS = ("longitude", "latitude")
SITE_FIELDS = (*LOCATION_FIELDS, "name", "city", "country", "is_primary")
SLUG_MARK = "--slug--"


def profile_link(context, view_name, slug):
    """The record's page on the site, in the default language: the same link whatever
    language the client asks for (Chinese pages link to /zh-hans/… themselves)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(view_name, kwargs={"slug": slug})
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


def link_maker(build):
    """A function of a slug giving the link `build(SLUG_MARK)` gives for it: one reverse()
    for a whole list. Slugs hold nothing a URL would escape."""
    prefix, _, suffix = build(SLUG_MARK).partition(SLUG_MARK)
    return lambda slug: f"{prefix}{slug}{suffix}"


def api_link_maker(view_name, context, *, api_link=str):
    """The `url` field's links (DRF's HyperlinkedIdentityField) for a list; `api_link`
    rewrites them (the map's lead to the JSON record)."""
    request, file_format = context.get("request"), context.get("format")
    return link_maker(
        lambda slug: api_link(
            api_reverse(view_name, kwargs={"slug": slug}, request=request, format=file_format)
        )
    )


def hub_columns(hubs):
    """`hubs` as HUB_COLUMNS rows. The seat's city comes with the hub: a map of a box may
    leave the seat out of the sites it reads."""
    seat = Site.objects.filter(hub=OuterRef("pk"), is_primary=True).order_by()
    return hubs.with_seat().annotate(seat_city=Subquery(seat.values("city")[:1]))


def sites_by_hub(hub_ids, fields, *, box=None):
    """Each hub's sites as [field, …] lists in Site order (the primary first), by hub id.
    `hub_ids` is a list or a subquery of ids; with a `box` (min_lon, min_lat, max_lon,
    max_lat), only the sites inside it: a map of a box shows no site outside it, even of a
    hub with another site inside."""
    found = {}
    sites = Site.objects.filter(hub_id__in=hub_ids).order_by("hub_id", *Site._meta.ordering)
    if box:
        sites = sites.filter(bbox_q(box))
    for hub_id, *values in sites.values_list("hub_id", *fields):
        found.setdefault(hub_id, []).append(values)
    return found


def technologies_by_hub(hub_ids):
    """Each hub's technology slugs, in the areas' order (by name), by hub id."""
    through = Hub.technology_areas.through.objects.filter(hub_id__in=hub_ids)
    rows = through.order_by("technologyarea__name_en").values_list("hub_id", "technologyarea__slug")
    technologies = {}
    for hub_id, slug in rows:
        technologies.setdefault(hub_id, []).append(slug)
    return technologies


def hub_list_rows(rows, *, hub_ids, context, api_link=str, sites=None):
    """The hubs of `.values_list(*HUB_COLUMNS)` rows as the list gives them, in order;
    `hub_ids` names the same hubs (a list, or a subquery when there are very many). `sites`,
    when the caller has them, are sites_by_hub's, longitude and latitude first."""
    regions = context["regions"]
    api_url = api_link_maker("api:hub-detail", context, api_link=api_link)
    profile_url = link_maker(lambda slug: profile_link(context, "hubs:detail", slug))
    if sites is None:
        sites = sites_by_hub(hub_ids, LOCATION_FIELDS)
    technologies = technologies_by_hub(hub_ids)
    economies = {}
    results = []
    for row in rows:
        hub_id, slug, name_en, name_zh, acronym, kind, region_id, country, *counted = row
        members, unit, approximate, founded, funding, currency, seat, seat_city = counted
        if region_id not in economies:
            region = regions.by_id[region_id]
            economies[region_id] = (regions.economy_of(region_id).slug, region.slug)
        economy, region = economies[region_id]
        hub_sites = sites.get(hub_id)
        results.append(
            {
                "slug": slug,
                "name_en": name_en,
                "name_zh": name_zh,
                "acronym": acronym,
                "kind": kind,
                "economy": economy,
                "region": region,
                "country": country or None,
                # Sites come primary first: the first is the seat, if the hub has one.
                "location": hub_sites[0][:2] if seat and hub_sites else None,
                "city": seat_city or None,
                "seat": Seat.of(seat, bool(hub_sites)),
                "technologies": technologies.get(hub_id, []),
                "founded": founded,
                "member_count": members,
                "member_count_unit": unit or None,
                "member_count_approximate": approximate,
                "funding_amount": None if funding is None else str(funding),
                "funding_currency": currency or None,
                "url": api_url(slug),
                "profile_url": profile_url(slug),
            }
        )
    return results


def hub_site_features(hubs, *, context, api_link=str, box=None):
    """The map of `hubs`' sites (those inside `box` when there is one): a Point feature per
    site, its properties the hub as the list gives it (less `location`: the geometry carries
    it) and the site's; hubs in their order, each one's sites in Site order. Also how many
    hubs have no site."""
    rows = list(hub_columns(hubs).values_list(*HUB_COLUMNS))
    hub_ids = hubs.values("id")
    sites = sites_by_hub(hub_ids, SITE_FIELDS, box=box)
    listed = hub_list_rows(rows, hub_ids=hub_ids, context=context, api_link=api_link, sites=sites)
    features = []
    for (hub_id, *_), properties in zip(rows, listed, strict=True):
        del properties["location"]
        for longitude, latitude, name, city, country, is_primary in sites.get(hub_id, ()):
            site = {
                "site_name": name,
                "site_city": city,
                "site_country": country or None,
                "site_is_primary": is_primary,
            }
            features.append(
                point_feature(longitude=longitude, latitude=latitude, properties=properties | site)
            )
    unlocated = sum(1 for hub_id, *_ in rows if hub_id not in sites)
    return features, unlocated


ORGANIZATION_COLUMNS = ("slug", "name", "type", "country", "website", "ror_id", "wikidata_id")


def organization_list_rows(rows, *, context):
    """The organisations of `.values_list(*ORGANIZATION_COLUMNS)` rows as the list gives them."""
    api_url = api_link_maker("api:organization-detail", context)
    profile_url = link_maker(lambda slug: profile_link(context, "hubs:organization-detail", slug))
    return [
        {
            "slug": slug,
            "name": name,
            "type": kind,
            "country": country or None,
            "website": website,
            "ror_id": ror_id,
            "wikidata_id": wikidata_id,
            "url": api_url(slug),
            "profile_url": profile_url(slug),
        }
        for slug, name, kind, country, website, ror_id, wikidata_id in rows
    ]
