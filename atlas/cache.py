"""The data version and the response cache built on it.

One number in the default cache (Redis when REDIS_URL is set, so every app process sees it),
djangoproject.com's "generation" key: cached responses remember the version they were
rendered at and are served only while it is current. Each data app switches the bump on from
its AppConfig.ready (`track_writes`): saves, deletes and many-to-many changes send signals;
QuerySet.update, bulk_create and bulk_update go through VersionedQuerySet; code that writes
otherwise (the dataset loader, restore) calls data_version_bump() itself.

Cached API responses still count against the anonymous throttle: a hit records the request
in the throttle's history like a view would, and past the rate the view answers the 429.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import Signal
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import add_never_cache_headers, parse_etags, patch_cache_control
from rest_framework.settings import api_settings

logger = logging.getLogger(__name__)

VERSION_KEY = "data-version"
ENTRY_PREFIX = "response:"
# Set by the response's middleware further out; a cached copy would not carry them.
SKIPPED_HEADERS = {"set-cookie", "etag"}

# Sent once a bump is done, so a cache of derived rows (atlas/reference.py) can refill itself.
data_version_bumped = Signal()


def new_version():
    # Starting from the clock, a version recreated after Redis lost the key (or locmem culled
    # it) never repeats one that cached responses were stored under.
    return time.time_ns() // 1000


def data_version():
    """The current data version, or None when the cache is unavailable.

    A version lives DATA_VERSION_SECONDS, then the next request starts a new one: a write
    whose bump never reached the cache (Redis was away, or restarted with an older copy)
    shows at the latest that long after the cache is back."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, new_version(), timeout=settings.DATA_VERSION_SECONDS)
        version = cache.get(VERSION_KEY)
    return version


def data_version_bump(using=None):
    """Makes every cached response stale once the current transaction commits (at once
    outside a transaction).

    Not earlier: a request served between the bump and the commit would still read the old
    rows and cache them under the new version, where they would stay. After the commit
    every reader sees the new rows, so whatever is cached under the new version is current.
    Several writes in one transaction bump once."""
    connection = transaction.get_connection(using)
    savepoints = set(connection.savepoint_ids)
    # A bump already waiting in this savepoint or one around it runs whenever this one would.
    if any(sids <= savepoints and func is _bump for sids, func, *_ in connection.run_on_commit):
        return
    transaction.on_commit(_bump, using=using)


def _bump():
    _next_version()
    # A failing receiver must not turn a committed write into an error page.
    for receiver, error in data_version_bumped.send_robust(sender=None):
        if isinstance(error, Exception):
            logger.error("After a data version bump, %s failed", receiver, exc_info=error)


def _next_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): any new one differs from the old
        cache.add(VERSION_KEY, new_version(), timeout=settings.DATA_VERSION_SECONDS)


class VersionedQuerySet(models.QuerySet):
    """The QuerySet of a tracked model: the bulk writes that send no signal bump the data
    version too. `track_writes` refuses a data model whose default manager lacks it."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        data_version_bump(self.db)
        return rows

    update.alters_data = True

    def bulk_create(self, *args, **kwargs):
        created = super().bulk_create(*args, **kwargs)
        data_version_bump(self.db)
        return created

    bulk_create.alters_data = True

    def bulk_update(self, *args, **kwargs):
        rows = super().bulk_update(*args, **kwargs)
        data_version_bump(self.db)
        return rows

    bulk_update.alters_data = True


def _on_write(sender, using=None, **kwargs):
    data_version_bump(using)


def _on_migrate(sender, using=None, **kwargs):
    # Every release runs migrate: responses cached by the code it replaces (their templates,
    # their headers) are not served by the new one.
    data_version_bump(using)


def track_writes(app_config):
    """Bumps the data version on every save, delete and many-to-many change of the app's
    models (history records accompany a save, so not those), and after migrate."""
    post_migrate.connect(
        _on_migrate, sender=app_config, dispatch_uid=f"data-version-migrate-{app_config.label}"
    )
    unversioned = []
    for model in app_config.get_models(include_auto_created=True):
        if model.__name__.startswith("Historical"):
            continue
        uid = f"data-version-{model._meta.label_lower}"
        post_save.connect(_on_write, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid + "-delete")
        if model._meta.auto_created:
            m2m_changed.connect(_on_write, sender=model, dispatch_uid=uid + "-m2m")
        elif not issubclass(model._default_manager._queryset_class, VersionedQuerySet):
            unversioned.append(model._meta.label)
    if unversioned:
        raise ImproperlyConfigured(
            f"{', '.join(unversioned)}: give the default manager a VersionedQuerySet "
            "(atlas/cache.py), or QuerySet.update() would leave cached responses stale."
        )


class ResponseCacheMiddleware:
    """Caches anonymous GET responses of the public pages and the API by data version.

    Keyed by host, full path with query, language, Accept and Accept-Encoding; only 200s
    that set no cookie. Signed-in users, token clients, the admin and /healthz are never
    served from or stored in the cache. A weak ETag from the version and the key answers
    If-None-Match with a 304 before anything is rendered. Goes after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            response = self.get_response(request)
            if self.personal(request):
                self.mark_private(response)
            return response
        key = self.key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = data_version()
            if version is None:  # the cache is away: serve uncached
                return self.get_response(request)
        etag = f'W/"{version}-{key[len(ENTRY_PREFIX) : len(ENTRY_PREFIX) + 16]}"'
        entry = found.get(key)
        if entry is not None and entry[0] == version and self.throttle_allows(request):
            if etag in parse_etags(request.headers.get("If-None-Match", "")):
                return self.not_modified(entry, etag)
            return self.from_entry(entry, etag)
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            response["ETag"] = etag
            self.mark_public(response)
            cache.set(key, self.to_entry(version, response), settings.RESPONSE_CACHE_SECONDS)
        return response

    @staticmethod
    def personal(request):
        """A request whose answer may depend on who asks: a token, or a signed-in user."""
        if "Authorization" in request.headers:
            return True
        return settings.SESSION_COOKIE_NAME in request.COOKIES and (request.user.is_authenticated)

    @staticmethod
    def mark_public(response):
        """Lets a proxy or CDN keep the response (deploy/nginx/): browsers revalidate it with
        its ETag each time; a shared cache keeps it briefly, then serves it stale while it
        renews it, or while the application fails."""
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=settings.HTTP_CACHE_SECONDS,
            stale_while_revalidate=settings.HTTP_CACHE_STALE_SECONDS,
            stale_if_error=settings.HTTP_CACHE_STALE_IF_ERROR_SECONDS,
        )

    @staticmethod
    def mark_private(response):
        if response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        else:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)

    @staticmethod
    def not_modified(entry, etag):
        # A 304 carries what its 200 would: a cache in between keeps its copy by these.
        response = HttpResponseNotModified()
        for name, value in entry[3]:
            if name.lower() in {"cache-control", "vary", "content-location", "expires"}:
                response[name] = value
        response["ETag"] = etag
        return response

    @staticmethod
    def cacheable_request(request):
        if not settings.ATLAS_RESPONSE_CACHE or request.method not in ("GET", "HEAD"):
            return False
        if request.path.startswith(uncached_prefixes()) or "Authorization" in request.headers:
            return False
        # Only a session cookie can make a signed-in user; without one nothing is looked up.
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES and (
            request.user.is_authenticated
        )
        return not signed_in

    @staticmethod
    def cacheable_response(request, response):
        return (
            request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            # never_cache: a form with its CSRF token, or a page for one reader only.
            and not {"private", "no-store"} & cache_control_directives(response)
        )

    @staticmethod
    def key(request):
        encoding = request.headers.get("Accept-Encoding", "")
        parts = [
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            translation.get_language() or "",
            request.headers.get("Accept", ""),
            "gzip" if "gzip" in encoding else "",
        ]
        return ENTRY_PREFIX + hashlib.sha256("\n".join(parts).encode()).hexdigest()

    @staticmethod
    def to_entry(version, response):
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in SKIPPED_HEADERS
        ]
        return (version, response.status_code, response.content, headers)

    @staticmethod
    def from_entry(entry, etag):
        _, status, content, headers = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["ETag"] = etag
        return response

    @staticmethod
    def throttle_allows(request):
        """Counts a cached API response against the throttle as the view would; False past
        the rate, so the view runs and answers 429."""
        if not request.path.startswith("/api/"):
            return True
        return all(
            throttle().allow_request(request, None)
            for throttle in api_settings.DEFAULT_THROTTLE_CLASSES
        )


def cache_control_directives(response):
    return {
        directive.split("=")[0].strip().lower()
        for directive in response.get("Cache-Control", "").split(",")
    }


def uncached_prefixes():
    """Paths whose responses depend on more than the data and the query (settings)."""
    return tuple(settings.RESPONSE_CACHE_UNCACHED_PREFIXES)
