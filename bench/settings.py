"""Settings for the benchmark only: the site's own, with bench/urls.py as the root URLconf.

bench/run.py points DJANGO_SETTINGS_MODULE here (and sets ATLAS_BENCH=1) for the server it
starts; production uses atlas.settings and never serves the benchmark's URLs."""

from atlas.settings import *  # noqa: F403 - the site's settings, unchanged but for the URLconf

ROOT_URLCONF = "bench.urls"
# The benchmark's own endpoints measure the site: a cached copy would measure the cache.
RESPONSE_CACHE_UNCACHED_PREFIXES = (*RESPONSE_CACHE_UNCACHED_PREFIXES, "/bench/")  # noqa: F405
