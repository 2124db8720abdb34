"""Issue 12's hostile-input table (tests/hostile/cases.py), on the database the run uses:
run it on SQLite and on PostgreSQL, where a NUL byte that reaches a query fails.

    .venv/bin/python -m pytest -q -n0 tests/hostile
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/atlas_x \
        .venv/bin/python -m pytest -q -n0 tests/hostile
"""

import re
from collections import Counter
from urllib.parse import unquote_to_bytes

import pytest
from django.test import override_settings

from hubs.templatetags.links import web_url
from tests.api.endpoints import list_routes

from .cases import BAD_VALUES, CASES
from .world import CALLERS

pytestmark = pytest.mark.django_db

MINIMUM_CASES = 200


def send(case, world):
    """The request as a raw client sends it: the path's percent-escapes decoded as a server
    decodes them (Django's test client would read "//evil.example/x" as a host)."""
    path = re.sub(r"\{(\w+)\}", lambda match: str(world.values[match[1]]), case.path)
    extra = {
        "PATH_INFO": unquote_to_bytes(path).decode("iso-8859-1"),
        "QUERY_STRING": case.query,
        **case.headers,
    }
    body = case.body
    if isinstance(body, str):
        body = body.replace("{hub_pk}", str(world.values["hub_pk"]))
    with override_settings(**case.settings):
        client = world.client(case.who)
        if case.content_type is not None:
            return client.generic(case.method, "/", body or "", case.content_type, **extra)
        return client.generic(case.method, "/", **extra)


def status_matches(status, expected):
    if isinstance(expected, str):
        return str(status)[0] == expected[0]
    if isinstance(expected, tuple):
        return status in expected
    return status == expected


def test_the_table_has_at_least_200_cases():
    assert len(CASES) >= MINIMUM_CASES, len(CASES)


def test_every_case_has_its_own_id_and_a_known_caller():
    assert not [name for name, times in Counter(map(str, CASES)).items() if times > 1]
    assert {case.who for case in CASES} <= set(CALLERS)


def test_every_api_filter_has_bad_values():
    """A filter added without bad values in the table would go untested."""
    missing = {
        (route.path, name)
        for route in list_routes()
        if route.filterset_class
        for name in route.filterset_class.base_filters
        if name not in BAD_VALUES
    }
    assert not missing


@pytest.mark.parametrize("case", CASES, ids=str)
def test_hostile_input_gets_its_answer_and_never_a_5xx(case, world):
    response = send(case, world)

    assert response.status_code < 500, (response.status_code, response.content[:300])
    assert status_matches(response.status_code, case.expect), (
        response.status_code,
        response.content[:300],
    )
    for check in case.checks:
        check(response, world)


# -- stored addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "linked"),
    [
        ("https://example.org/", True),
        ("HTTP://example.org/", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/", False),
        ("", False),
    ],
)
def test_only_a_web_address_becomes_a_link(stored, linked):
    assert bool(web_url(stored)) is linked
