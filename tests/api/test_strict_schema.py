"""The OpenAPI description holds up under strict tools: an OpenAPI 3.0 validator that reads
`nullable` to the letter, and redocly's lint (redocly.yaml), as `make lint` runs it."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from .openapi_document import strict_validator

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"


@pytest.fixture
def schema(api):
    return api.get("/api/v1/schema/", {"format": "json"}).json()


def response_schema(schema, path):
    return schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]


@pytest.mark.parametrize("grouping", ["directory", "report"])
def test_statistics_with_null_figures_validate_strictly(api, schema, grouping):
    stats = api.get("/api/v1/stats/", {"grouping": grouping}).json()
    figures = [row["report"] for row in [stats["total"], *stats["economies"], *stats["continents"]]]
    # The report publishes figures for some rows only: the others' are null.
    assert any(figure["share_of_hubs"] is None for figure in figures)
    assert any(figure["share_of_hubs"] is not None for figure in figures)

    validator = strict_validator(schema, response_schema(schema, "/api/v1/stats/"))
    assert [error.message for error in validator.iter_errors(stats)] == []


def test_the_strict_validator_refuses_the_nullable_form_it_cannot_read(schema):
    """What drf-spectacular wrote before: the validator is strict enough to catch it."""
    old_form = {"allOf": [{"$ref": "#/components/schemas/ReportFigure"}], "nullable": True}
    assert not strict_validator(schema, old_form).is_valid(None)
    figures = schema["components"]["schemas"]["StatsReportFigures"]["properties"]
    assert strict_validator(schema, figures["share_of_hubs"]).is_valid(None)


def test_no_schema_says_nullable_without_a_type(schema):
    def untyped_nullables(node, where):
        if isinstance(node, dict):
            if node.get("nullable") and "type" not in node:
                yield where
            for key, value in node.items():
                yield from untyped_nullables(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from untyped_nullables(value, f"{where}/{index}")

    assert list(untyped_nullables(schema, "#")) == []


def test_the_schema_names_its_licence_contact_and_server(schema):
    info = schema["info"]
    assert info["license"] == {
        "name": "Creative Commons Attribution 4.0 International (CC-BY-4.0)",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert info["contact"] == {"name": "Quantum Ecosystem Atlas curators", "url": "/"}
    assert "email" not in info["contact"]
    assert schema["servers"] == [{"url": "/", "description": "This site"}]


def test_every_operation_has_a_summary(schema):
    summaries = [
        operation.get("summary")
        for item in schema["paths"].values()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert all(summaries)
    assert len(set(summaries)) == len(summaries)  # each says which operation it is


@pytest.mark.skipif(
    shutil.which("node") is None or not REDOCLY.exists(),
    reason="redocly needs Node.js and `make install-dev` (both in CI)",
)
def test_redocly_lint_finds_no_error(tmp_path):
    schema_file = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(schema_file))
    lint = subprocess.run(  # noqa: S603 - our own node_modules tool, our own file
        [REDOCLY, "lint", "--config", ROOT / "redocly.yaml", "--format", "json", schema_file],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"},
        check=False,
    )
    report = json.loads(lint.stdout)
    problems = [
        f"{problem['severity']} {problem['ruleId']}: {problem['message']}"
        for problem in report["problems"]
    ]
    assert report["totals"]["errors"] == 0, problems
    assert lint.returncode == 0, lint.stderr
