"""Every API response a test gets, checked against the OpenAPI description the server serves.

The description is generated once per test session (per pytest-xdist worker), as
`manage.py spectacular` does, and read by openapi-core; `check_response` then finds the
operation of a Django test response's request and checks its status, content type, body and
documented headers. tests/conftest.py calls it on every response of the test clients.
"""

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import parse_qsl

from django.test.utils import override_settings
from drf_spectacular.generators import SchemaGenerator
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import (
    OperationNotFound,
    PathNotFound,
    ServerNotFound,
)
from openapi_core.templating.responses.exceptions import ResponseNotFound
from werkzeug.datastructures import Headers, ImmutableMultiDict

from hubs.filters import TECHNOLOGY_SLUGS
from regions.filters import REGION_SLUGS

API_PREFIX = "/api/v1/"
# The description itself and the pages that show it: they are not operations of the API.
NOT_OPERATIONS = re.compile(r"^/api/v1/(schema|docs|redoc)/")
# Methods the description has no operation for on any path. HEAD is GET without its body
# (Django drops it), so there is nothing of it to check that GET does not; OPTIONS is DRF's
# metadata for the browsable API; TRACE is refused with a 405 everywhere
# (tests/test_every_url_methods.py checks those answers).
UNDESCRIBED_METHODS = {"HEAD", "OPTIONS", "TRACE"}
# The browsable API's HTML pages are for people trying the API in a browser, no format of
# the contract (as its HTML forms are not: atlas/api/schema.py).
UNDESCRIBED_MEDIA_TYPES = {"text/html"}
# Answers to a request that names no operation: an address the API does not have (404), a
# method the address does not allow (405, with `Allow`), an address without its trailing
# slash (308 to the address with it). The description has no operation to check them by;
# tests/test_every_url_methods.py and tests/api/test_contract.py check their bodies.
NO_OPERATION_STATUSES = {308, 404, 405}
# `/api/v1/hubs.csv` is `/api/v1/hubs/?format=csv` (DRF's format suffixes).
FORMAT_SUFFIX = re.compile(r"\.(?P<format>[a-z0-9]+)/?$")

# The vocabularies whose values come from the database (region and technology slugs): the
# session's description lists those of the curated dataset, yet tests add regions and
# technology areas of their own, which the server rightly accepts and gives. Their enums are
# checked against the database in tests/api/test_vocabularies.py; here they are plain strings.
DATA_VOCABULARIES = {REGION_SLUGS.component, TECHNOLOGY_SLUGS.component}

# How openapi-core reads the bodies of the formats it does not know.
DESERIALIZERS = {
    "application/geo+json": lambda value, **parameters: json.loads(value),
    "text/csv": lambda value, **parameters: value.decode(parameters.get("charset", "utf-8")),
}


NO_OPERATION = (PathNotFound, OperationNotFound, ServerNotFound)


class ContractBroken(AssertionError):
    pass


@dataclass
class CheckedRequest:
    """openapi-core's request protocol, from the WSGIRequest the test client built."""

    host_url: str
    path: str
    method: str
    parameters: RequestParameters
    body: bytes
    content_type: str


@cache
def generated_document():
    """The description as `manage.py spectacular` writes it (public, no request), in English,
    as JSON reads it back."""
    with override_settings(LANGUAGE_CODE="en"):
        document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(document, default=str))


@cache
def contract():
    document = json.loads(json.dumps(generated_document()))
    schemas = document["components"]["schemas"]
    for name in DATA_VOCABULARIES & set(schemas):
        schemas[name].pop("enum", None)
    return OpenAPI.from_dict(document, config=Config(extra_media_type_deserializers=DESERIALIZERS))


def is_checked(response):
    request = response.wsgi_request
    media_type = response.get("Content-Type", "").split(";")[0]
    return (
        request.path.startswith(API_PREFIX)
        and not NOT_OPERATIONS.match(request.path)
        and request.method not in UNDESCRIBED_METHODS
        and media_type not in UNDESCRIBED_MEDIA_TYPES
    )


def check_response(response):
    """Raises ContractBroken, naming the operation, the status and what breaks the
    description, unless the response matches the operation of its request."""
    request = response.wsgi_request
    # Read anew: request.GET refuses more parameters than Django takes, which the API
    # answers with a 400 naming them.
    query = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    path = request.path
    if suffix := FORMAT_SUFFIX.search(path):
        path = path[: suffix.start()] + "/"
        query.append(("format", suffix["format"]))
    checked = CheckedRequest(
        host_url="http://testserver",
        path=path,
        method=request.method.lower(),
        parameters=RequestParameters(
            query=ImmutableMultiDict(query),
            header=Headers(request.headers.items()),
            cookie=ImmutableMultiDict(request.COOKIES),
        ),
        body=b"",
        content_type=request.content_type or "",
    )
    checked_response = CheckedResponse(response)
    errors = list(contract().iter_response_errors(checked, checked_response))
    no_operation = any(isinstance(error, NO_OPERATION) for error in errors)
    if no_operation and response.status_code in NO_OPERATION_STATUSES:
        return
    if errors:
        where = f"{request.method} {request.path} answered {response.status_code}"
        raise ContractBroken(
            f"{where} ({response.get('Content-Type', 'no content type')}), "
            f"which the OpenAPI description does not allow: "
            + "; ".join(describe(error) for error in errors)
        )


class CheckedResponse:
    def __init__(self, response):
        self.status_code = response.status_code
        self.headers = Headers(response.headers.items())
        self.content_type = response.get("Content-Type", "")
        if response.streaming:
            data = b"".join(response.streaming_content)
            response.streaming_content = [data]
        else:
            data = response.content
        if response.get("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        self.data = data


def describe(error):
    if isinstance(error, NO_OPERATION):
        return f"no operation ({error})"
    if isinstance(error, ResponseNotFound):
        return f"the operation documents no {error.http_status} response"
    cause = error.__cause__
    schema_errors = getattr(cause, "schema_errors", None)
    if schema_errors:
        return "; ".join(
            f"body at {'/'.join(map(str, item.absolute_path)) or '(root)'}: {item.message}"
            for item in schema_errors
        )
    return str(error)
