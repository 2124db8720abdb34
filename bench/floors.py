"""The raw data floor of each API endpoint: the same rows fetched with psycopg and encoded
with orjson, outside Django. What an endpoint costs above its floor is the framework's
(Django, DRF, serializers) and the app's own Python.

PostgreSQL only. The rows are those the API returns for published hubs, in its order; the
summaries (stats, facets) fetch the grouped rows the API computes from and encode them as
they are, without the roll-up up the region tree (a few dozen rows of Python).
"""

import orjson

# Each region's topmost economy (the EU for Germany), and each hub's technologies in the
# order the API lists them.
ECONOMIES = """
    economies AS (
        SELECT r.id, (
            SELECT e.slug FROM regions_region e
            WHERE e.kind = 'economy' AND r.path LIKE e.path || '%%'
            ORDER BY length(e.path) LIMIT 1
        ) AS economy
        FROM regions_region r
    )
"""
TECHNOLOGIES = """
    technologies AS (
        SELECT ht.hub_id, array_agg(t.slug ORDER BY t.name_en) AS slugs
        FROM hubs_hub_technology_areas ht
        JOIN hubs_technologyarea t ON t.id = ht.technologyarea_id
        GROUP BY ht.hub_id
    )
"""

# Constant SQL: the f-strings only put the WITH clauses above in place.
LIST_SQL = f"""
    WITH {ECONOMIES},
    page AS (
        SELECT * FROM hubs_hub WHERE published ORDER BY name_en, id LIMIT %(limit)s
    )
    SELECT h.slug, h.name_en, h.name_zh, h.acronym, h.kind, e.economy, r.slug,
           NULLIF(h.country, ''),
           (SELECT ARRAY[s.longitude, s.latitude] FROM hubs_site s WHERE s.hub_id = h.id
            ORDER BY s.is_primary DESC, s.city, s.name LIMIT 1),
           ARRAY(SELECT t.slug FROM hubs_hub_technology_areas ht
                 JOIN hubs_technologyarea t ON t.id = ht.technologyarea_id
                 WHERE ht.hub_id = h.id ORDER BY t.name_en),
           h.member_count
    FROM page h
    JOIN regions_region r ON r.id = h.region_id
    JOIN economies e ON e.id = h.region_id
    ORDER BY h.name_en, h.id
"""  # noqa: S608
COUNT_SQL = "SELECT count(*) FROM hubs_hub WHERE published"

GEOJSON_SQL = f"""
    WITH {ECONOMIES}, {TECHNOLOGIES}
    SELECT h.slug, h.name_en, h.name_zh, h.acronym, h.kind, e.economy, r.slug,
           NULLIF(h.country, ''), COALESCE(t.slugs, '{{}}'), h.member_count,
           s.name, s.city, NULLIF(s.country, ''), s.is_primary, s.longitude, s.latitude
    FROM hubs_site s
    JOIN hubs_hub h ON h.id = s.hub_id
    JOIN regions_region r ON r.id = h.region_id
    JOIN economies e ON e.id = h.region_id
    LEFT JOIN technologies t ON t.hub_id = h.id
    WHERE h.published
    ORDER BY h.name_en, h.id, s.is_primary DESC, s.city, s.name
"""  # noqa: S608
UNLOCATED_SQL = """
    SELECT count(*) FROM hubs_hub h
    WHERE h.published AND NOT EXISTS (SELECT 1 FROM hubs_site s WHERE s.hub_id = h.id)
"""

REGIONS_SQL = "SELECT id, slug, name_en, name_zh, kind, path FROM regions_region ORDER BY path"
STATS_SQL = """
    SELECT region_id, count(*), COALESCE(sum(member_count), 0), count(member_count)
    FROM hubs_hub WHERE published GROUP BY region_id
"""
FIGURES_SQL = """
    SELECT f.metric, f.scope, f.label, r.slug, f.value::float, f.unit, f.approximate,
           f.qualifier, s.id, s.title, s.publisher, s.url, s.date
    FROM hubs_reportfigure f
    JOIN hubs_source s ON s.id = f.source_id
    LEFT JOIN regions_region r ON r.id = f.region_id
    WHERE f.metric IN ('share_of_hubs', 'avg_members_per_hub')
"""
FACET_REGION_SQL = "SELECT region_id, count(*) FROM hubs_hub WHERE published GROUP BY region_id"
FACET_COUNTRY_SQL = """
    SELECT country, count(*) FROM hubs_hub WHERE published AND country <> ''
    GROUP BY country ORDER BY count(*) DESC, country
"""
FACET_TECHNOLOGY_SQL = """
    SELECT t.slug, t.name_en, t.name_zh, count(h.id)
    FROM hubs_technologyarea t
    LEFT JOIN hubs_hub_technology_areas ht ON ht.technologyarea_id = t.id
    LEFT JOIN hubs_hub h ON h.id = ht.hub_id AND h.published
    GROUP BY t.id ORDER BY count(h.id) DESC, t.slug
"""
FACET_KIND_SQL = (
    "SELECT kind, count(*) FROM hubs_hub WHERE published GROUP BY kind ORDER BY count(*) DESC"
)

HUB_KEYS = (
    "slug",
    "name_en",
    "name_zh",
    "acronym",
    "kind",
    "economy",
    "region",
    "country",
)


def hub_links(base_url, slug):
    return {
        "url": f"{base_url}/api/v1/hubs/{slug}/",
        "profile_url": f"{base_url}/hubs/{slug}/",
    }


def hub_list(connection, base_url, page_size=500):
    """/api/v1/hubs/?page_size=N: the first page, with the count and the next link."""
    with connection.cursor() as cursor:
        count = cursor.execute(COUNT_SQL).fetchone()[0]
        rows = cursor.execute(LIST_SQL, {"limit": page_size}).fetchall()
    results = []
    for row in rows:
        hub = dict(zip(HUB_KEYS, row[:8], strict=True))
        hub["location"] = row[8]
        hub["technologies"] = row[9]
        hub["member_count"] = row[10]
        hub.update(hub_links(base_url, hub["slug"]))
        results.append(hub)
    return orjson.dumps(
        {
            "count": count,
            "next": f"{base_url}/api/v1/hubs/?page=2&page_size={page_size}"
            if count > page_size
            else None,
            "previous": None,
            "results": results,
        }
    )


def hub_geojson(connection, base_url):
    """/api/v1/hubs/geojson/: one Point per site of every published hub."""
    with connection.cursor() as cursor:
        rows = cursor.execute(GEOJSON_SQL).fetchall()
        unlocated = cursor.execute(UNLOCATED_SQL).fetchone()[0]
    features = []
    for row in rows:
        properties = dict(zip(HUB_KEYS, row[:8], strict=True))
        properties["technologies"] = row[8]
        properties["member_count"] = row[9]
        properties.update(hub_links(base_url, properties["slug"]))
        properties["site_name"] = row[10]
        properties["site_city"] = row[11]
        properties["site_country"] = row[12]
        properties["site_is_primary"] = row[13]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row[14], row[15]]},
                "properties": properties,
            }
        )
    return orjson.dumps({"type": "FeatureCollection", "unlocated": unlocated, "features": features})


def hub_stats(connection, base_url):
    """/api/v1/stats/'s inputs: hubs per region, the regions, the report's figures."""
    with connection.cursor() as cursor:
        tallies = cursor.execute(STATS_SQL).fetchall()
        regions = cursor.execute(REGIONS_SQL).fetchall()
        figures = cursor.execute(FIGURES_SQL).fetchall()
    return orjson.dumps(
        {
            "tallies": [
                {"region": r, "hubs": h, "members": m, "hubs_with_member_count": c}
                for r, h, m, c in tallies
            ],
            "regions": [
                dict(zip(("id", "slug", "name_en", "name_zh", "kind", "path"), row, strict=True))
                for row in regions
            ],
            "figures": [
                {
                    "metric": row[0],
                    "scope": row[1],
                    "label": row[2],
                    "region": row[3],
                    "value": row[4],
                    "unit": row[5],
                    "approximate": row[6],
                    "qualifier": row[7],
                    "source": dict(
                        zip(("id", "title", "publisher", "url", "date"), row[8:], strict=True)
                    ),
                }
                for row in figures
            ],
        }
    )


def hub_facets(connection, base_url):
    """/api/v1/hubs/facets/: the total, then hubs per region, country, technology, kind."""
    with connection.cursor() as cursor:
        total = cursor.execute(COUNT_SQL).fetchone()[0]
        by_region = dict(cursor.execute(FACET_REGION_SQL).fetchall())
        regions = cursor.execute(REGIONS_SQL).fetchall()
        countries = cursor.execute(FACET_COUNTRY_SQL).fetchall()
        technologies = cursor.execute(FACET_TECHNOLOGY_SQL).fetchall()
        kinds = cursor.execute(FACET_KIND_SQL).fetchall()
    return orjson.dumps(
        {
            "total": total,
            "facets": {
                "region": [
                    {
                        "slug": slug,
                        "name_en": name_en,
                        "name_zh": name_zh,
                        "kind": kind,
                        "path": path,
                        "count": by_region.get(pk, 0),
                    }
                    for pk, slug, name_en, name_zh, kind, path in regions
                ],
                "country": [{"code": code, "count": count} for code, count in countries],
                "technology": [
                    {"slug": slug, "name_en": name_en, "name_zh": name_zh, "count": count}
                    for slug, name_en, name_zh, count in technologies
                ],
                "kind": [{"value": kind, "count": count} for kind, count in kinds],
            },
        }
    )


# The API endpoint each floor stands under, by the benchmark's endpoint name.
FLOORS = {
    "api-list": hub_list,
    "api-geojson": hub_geojson,
    "api-stats": hub_stats,
    "api-facets": hub_facets,
}
