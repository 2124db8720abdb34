import codecs
import posixpath
from gzip import compress as gzip_compress
from urllib.parse import urlsplit, urlunsplit

from django.db import transaction
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.decorators import decorator_from_middleware, method_decorator
from django.utils.http import http_date
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.utils.urls import remove_query_param
from rest_framework_csv.renderers import CSVRenderer

from atlas.csv_cells import spreadsheet_safe_rows

from .renderers import FastJSONRenderer


class AtlasCSVRenderer(CSVRenderer):
    """Flat CSV for spreadsheets: one row per record, columns in the API's order, a list of
    plain values joined with ";", and `location` split into longitude and latitude columns,
    which spreadsheets read as numbers and mapping tools recognise."""

    # Excel opens a CSV without a byte-order mark in the computer's legacy code page and
    # garbles the Chinese names; with one it reads UTF-8. Python ("utf-8-sig"), pandas and
    # R's readr skip it.
    bom = codecs.BOM_UTF8
    split_columns = {"location": ("longitude", "latitude")}

    def render(self, data, media_type=None, renderer_context=None):
        if data is None:
            return b""
        context = dict(renderer_context or {})
        request, response = context.get("request"), context.get("response")
        if response is not None and response.exception:
            # An error has its own keys; under the record columns it would read as an empty row.
            context.pop("header", None)
        elif request is not None and response is not None:
            response["Content-Disposition"] = f'attachment; filename="{download_name(request)}"'
        if context.get("header"):
            context["header"] = [
                column
                for field in context["header"]
                for column in self.split_columns.get(field, (field,))
            ]
        if request is not None:
            api_root = request.build_absolute_uri("/")
            data = with_json_links(data, api_root=api_root, file_format=self.format)
        return self.bom + super().render(data, media_type, context)

    def tablize(self, data, header=None, labels=None):
        return spreadsheet_safe_rows(super().tablize(data, header=header, labels=labels))

    def flatten_dict(self, d):
        flat = {}
        for key, value in d.items():
            if key in self.split_columns:
                columns = self.split_columns[key]
                flat.update(zip(columns, value or [None] * len(columns), strict=True))
            else:
                flat.update(self.nest_flat_item(self.flatten_item(value), str(key)))
        return flat

    def flatten_item(self, item):
        if isinstance(item, list) and all(not isinstance(v, dict | list) for v in item):
            return {"": ";".join("" if value is None else str(value) for value in item)}
        return super().flatten_item(item)


# Parameters that change how a download is written, not which records it holds.
NOT_IN_NAME = {"format", "page", "page_size", "ordering", "labels"}
NAME_LENGTH = 120


def download_name(request):
    """What a download holds and when it was made, for the file name a browser saves it as:
    atlas-hubs-eu-2026-12-03.csv for /api/v1/hubs/?region=eu&format=csv (and for
    /api/v1/hubs.csv?region=eu): the resource, the values of the filters set, the day (UTC)."""
    name = posixpath.basename(request.path.rstrip("/")).removesuffix(".csv") or "export"
    values = [
        slugify(value)
        for key, listed in request.query_params.lists()
        if key not in NOT_IN_NAME
        for value in listed
    ]
    # Slugs are ASCII and commas become hyphens: a Chinese search leaves no trace, and a long
    # one is cut so the name stays one a file system takes.
    filters = "-".join(value for value in values if value)[:NAME_LENGTH].strip("-")
    day = timezone.now().date().isoformat()
    return "-".join(part for part in ("atlas", name, filters, day) if part) + ".csv"


def json_link(url, file_format):
    """A link into the API as plain JSON. DRF carries the request's format onto the links it
    writes (`?format=csv`, or `/hubs/x.csv` for /hubs.csv), but a download's links should
    open the record, not download it again."""
    scheme, netloc, path, query, fragment = urlsplit(remove_query_param(url, "format"))
    if path.endswith(f".{file_format}"):
        path = path.removesuffix(f".{file_format}") + "/"  # the router's URLs end in "/"
    return urlunsplit((scheme, netloc, path, query, fragment))


def with_json_links(value, *, api_root, file_format):
    if isinstance(value, str) and value.startswith(api_root):
        return json_link(value, file_format)
    if isinstance(value, dict):
        return {
            key: with_json_links(item, api_root=api_root, file_format=file_format)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [with_json_links(item, api_root=api_root, file_format=file_format) for item in value]
    return value


# `labels` of a CSV list: the API's keys (the default, what scripts read), or names a person
# reads, in the request's language (Accept-Language) or the one named.
CSV_LABELS = ("keys", "human", "en", "zh-hans")
# Columns the CSV writes that are no serializer field (AtlasCSVRenderer.split_columns).
SPLIT_COLUMN_LABELS = {"longitude": gettext_lazy("Longitude"), "latitude": gettext_lazy("Latitude")}


class CSVExportMixin:
    """`?format=csv` (or `Accept: text/csv`) on a viewset's list and detail. A list comes
    whole (AtlasPagination does not paginate CSV), headed by the serializer's fields, or by
    their names (`labels`): `csv_labels`, else each field's label."""

    csv_actions = {"list", "retrieve"}
    csv_labels = {}
    # What a list takes besides its filters and pages (StrictFilterBackend, the schema).
    list_parameters = ("labels",)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            # A wrong `labels` is a 400 in any format, before the response is written.
            self.csv_language = self.csv_label_language()

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action in self.csv_actions:
            renderers.append(AtlasCSVRenderer())
        return renderers

    def get_renderer_context(self):
        context = super().get_renderer_context()
        renderer = getattr(self.request, "accepted_renderer", None)
        # Only CSV reads the header; building a serializer's fields costs a JSON list time.
        if self.action == "list" and isinstance(renderer, AtlasCSVRenderer):
            fields = self.get_serializer_class()().fields
            context["header"] = list(fields)
            if (language := getattr(self, "csv_language", None)) is not None:
                with translation.override(language):
                    context["labels"] = {
                        name: str(self.csv_labels.get(name) or field.label)
                        for name, field in fields.items()
                    } | {name: str(label) for name, label in SPLIT_COLUMN_LABELS.items()}
        return context

    def csv_label_language(self):
        """The language of the CSV's column names, or None for the API's keys; a 400 for a
        value `labels` does not take."""
        value = self.request.query_params.get("labels") or "keys"
        if value not in CSV_LABELS:
            choices = ", ".join(CSV_LABELS)
            message = _("Choose one of: %(choices)s.") % {"choices": choices}
            raise ValidationError({"labels": [message]})
        if value == "keys":
            return None
        return translation.get_language() if value == "human" else value


class DataGZipMiddleware(GZipMiddleware):
    """gzip for data (JSON, GeoJSON, CSV), never for HTML: the browsable API's pages carry a
    CSRF token, which compression would expose to BREACH.

    A body of several megabytes (all the sites as GeoJSON) is compressed at level 1: about three
    times faster than Django's level 6, for a third more bytes."""

    large_body = 4 * 1024 * 1024

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("text/html"):
            return response
        if response.streaming or len(response.content) < self.large_body:
            return super().process_response(request, response)
        if response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        response.content = gzip_compress(response.content, compresslevel=1, mtime=0)
        response.headers["Content-Length"] = str(len(response.content))
        if (etag := response.get("ETag")) and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response


gzip_data = decorator_from_middleware(DataGZipMiddleware)


@method_decorator(gzip_data, name="dispatch")
class AtlasViewSet(CSVExportMixin, viewsets.ModelViewSet):
    """Published records for everyone; curators (model permissions) may write, and see
    unpublished records. `serializer_classes` maps an action to its serializer."""

    lookup_field = "slug"
    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer]
    serializer_classes = {}
    write_serializer_class = None

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"} and self.write_serializer_class:
            return self.write_serializer_class
        return self.serializer_classes.get(self.action, self.serializer_classes["list"])

    # A write is several statements (the row, its many-to-many links, its history record):
    # all of them or none, so a failure half-way (the database going away) leaves no partial
    # record behind an error.
    def perform_create(self, serializer):
        with transaction.atomic():
            super().perform_create(serializer)

    def perform_update(self, serializer):
        with transaction.atomic():
            super().perform_update(serializer)

    def perform_destroy(self, instance):
        with transaction.atomic():
            super().perform_destroy(instance)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, ValidationError) and only_conflicts(exc.get_codes()):
            # Every field is right, but a value another record holds already (a slug): a
            # conflict with the data, not a malformed request.
            response.status_code = 409
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if modified := last_modified(response.data):
            response["Last-Modified"] = http_date(modified.timestamp())
        return response

    def visible(self, queryset):
        model = queryset.model
        opts = model._meta
        user = self.request.user
        if hasattr(model, "published") and not user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        ):
            return queryset.filter(published=True)
        return queryset


def only_conflicts(codes):
    """Whether a ValidationError's codes are all of unique values taken."""
    if isinstance(codes, dict):
        return bool(codes) and all(only_conflicts(value) for value in codes.values())
    if isinstance(codes, list):
        return bool(codes) and all(only_conflicts(value) for value in codes)
    return codes == "unique"


def last_modified(record):
    """When a serialized record last changed: its `updated_at` or its latest history entry,
    whichever is later. ConditionalGetMiddleware answers If-Modified-Since with it."""
    history = record.get("history") or [{}]
    dates = [record.get("updated_at"), history[0].get("date")]
    return max((parse_datetime(date) for date in dates if date), default=None)
