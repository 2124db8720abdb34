"""The data version and the response cache built on it.

Every write to the directory's data bumps one counter in the default cache (Redis when
REDIS_URL is set, so every app process sees it). Cached responses remember the version they
were rendered at and are served only while it is current, so a curator's change shows on the
next request, through any process.

Cached API responses still count against the anonymous throttle: a hit records the request
in the throttle's history like a view would, and past the rate the view answers the 429.
"""

import hashlib
import re
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import parse_etags
from rest_framework.settings import api_settings

VERSION_KEY = "data-version"
ENTRY_PREFIX = "response:"
DATA_APPS = ("regions", "hubs", "incubators")
# A statement writing a data app's table, as Django quotes it.
DATA_WRITE = re.compile(
    r'\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(?:regions|hubs|incubators)_', re.IGNORECASE
)
# Paths whose responses depend on more than the data and the query.
UNCACHED_PREFIXES = (f"/{settings.ADMIN_URL}", "/healthz", "/bench/")
# Set by the response's middleware further out; a cached copy would not carry them.
SKIPPED_HEADERS = {"set-cookie", "etag"}


def new_version():
    # Starting from the clock, a version recreated after Redis lost the key (or locmem culled
    # it) never repeats one that cached responses were stored under.
    return time.time_ns() // 1000


def data_version():
    """The current data version, or None when the cache is unavailable."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def data_version_bump():
    """Makes every cached response stale. Call it after writes that send no signals
    (bulk_create, QuerySet.update)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): any new one differs from the old
        cache.add(VERSION_KEY, new_version(), timeout=None)
    if connection.in_atomic_block and not _bump_pending():
        # A request between this bump and the commit would cache the old rows under the new
        # version: bump again once the rows are visible, then read the small reference
        # tables once for every process (atlas/reference.py).
        transaction.on_commit(_bump_after_commit)
        transaction.on_commit(_refresh_reference_rows, robust=True)


def _bump_after_commit():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, new_version(), timeout=None)


def _refresh_reference_rows():
    from atlas.reference import refresh_after_write  # it imports this module

    refresh_after_write()


def _bump_pending():
    return any(entry[1] is _bump_after_commit for entry in connection.run_on_commit)


def _on_write(sender, **kwargs):
    data_version_bump()


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if DATA_WRITE.match(sql):
        data_version_bump()
    return result


def _on_connection_created(sender, connection, **kwargs):
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def _on_migrate(sender, **kwargs):
    # Every release runs migrate: responses cached by the code it replaces (their templates,
    # their headers) are not served by the new one.
    data_version_bump()


def connect_signals():
    """Bumps the version on every save, delete and m2m change of the data apps' models,
    citations and m2m tables included (history records accompany a save, so not those).

    Writes that send no signal (QuerySet.update, bulk_create, raw SQL) are caught where
    the SQL is executed."""
    connection_created.connect(_on_connection_created, dispatch_uid="atlas-data-writes")
    post_migrate.connect(_on_migrate, dispatch_uid="atlas-data-version-migrate")
    for opened in connections.all(initialized_only=True):
        _on_connection_created(None, opened)
    for label in DATA_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model.__name__.startswith("Historical"):
                continue
            uid = f"atlas-data-version-{model._meta.label_lower}"
            post_save.connect(_on_write, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(_on_write, sender=model, dispatch_uid=uid + "-delete")
            if model._meta.auto_created:
                m2m_changed.connect(_on_write, sender=model, dispatch_uid=uid + "-m2m")


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
            return self.get_response(request)
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
                response = HttpResponseNotModified()
                response["ETag"] = etag
                return response
            return self.from_entry(entry, etag)
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            response["ETag"] = etag
            cache.set(key, self.to_entry(version, response), settings.RESPONSE_CACHE_SECONDS)
        return response

    @staticmethod
    def cacheable_request(request):
        if not settings.ATLAS_RESPONSE_CACHE or request.method not in ("GET", "HEAD"):
            return False
        if request.path.startswith(UNCACHED_PREFIXES) or "Authorization" in request.headers:
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
