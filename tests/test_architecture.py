"""The dependency rules of the README's Architecture section, read from the source."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_APPS = {"regions", "hubs", "incubators", "accounts", "dataset", "opendata", "suggestions"}
# atlas's wiring names the apps; everything else in atlas/ is ground that knows none of them.
WIRING = {"atlas/urls.py", "atlas/api/router.py", "atlas/admin.py", "atlas/settings.py"}


def imported_modules(path):
    """Every module a file imports, at any depth (functions included), absolute names."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def ground_files():
    return sorted(
        path
        for path in (ROOT / "atlas").rglob("*.py")
        if path.relative_to(ROOT).as_posix() not in WIRING
    )


@pytest.mark.parametrize("path", ground_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_the_ground_imports_no_domain_app(path):
    named = {module for module in imported_modules(path) if module.split(".")[0] in DOMAIN_APPS}
    assert named == set()


def test_the_walk_finds_the_ground():
    assert ROOT / "atlas" / "cache.py" in ground_files()
    assert ROOT / "atlas" / "urls.py" not in ground_files()


def test_the_incubator_pages_read_no_hub_page():
    modules = set(imported_modules(ROOT / "incubators" / "views.py"))
    assert {module for module in modules if module.startswith("hubs.views")} == set()


# Each data app's models import only the apps below it: regions <- hubs <- incubators, and
# readers' suggestions about any of them on top.
BELOW = {
    "regions": set(),
    "hubs": {"regions"},
    "incubators": {"regions", "hubs"},
    "suggestions": {"regions", "hubs", "incubators"},
}


def model_files():
    return sorted(
        path
        for app in BELOW
        for path in [ROOT / app / "models.py", *(ROOT / app / "models").glob("*.py")]
        if path.exists()
    )


@pytest.mark.parametrize("path", model_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_models_import_only_the_apps_below_them(path):
    app = path.relative_to(ROOT).parts[0]
    named = {module.split(".")[0] for module in imported_modules(path)} & set(BELOW)
    assert named - {app} <= BELOW[app]


def test_the_walk_finds_every_app_models():
    found = {path.relative_to(ROOT).as_posix() for path in model_files()}
    assert {"regions/models.py", "hubs/models/hubs.py", "incubators/models.py"} <= found


def page_files():
    return sorted(
        path
        for app in BELOW
        for path in [ROOT / app / "views.py", *(ROOT / app / "views").glob("*.py")]
        if path.exists()
    )


@pytest.mark.parametrize("path", page_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_pages_read_no_other_app_pages(path):
    app = path.relative_to(ROOT).parts[0]
    sideways = {
        module
        for module in imported_modules(path)
        if module.split(".")[0] in BELOW
        and module.split(".")[0] != app
        and ".views" in f".{module.partition('.')[2]}"
    }
    assert sideways == set()


@pytest.mark.parametrize(
    "path",
    sorted(
        path
        for app in (
            "atlas",
            "regions",
            "hubs",
            "incubators",
            "accounts",
            "dataset",
            "bench",
            "opendata",
            "suggestions",
        )
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ),
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_no_app_file_is_over_400_lines(path):
    assert len(path.read_text().splitlines()) <= 400


@pytest.mark.parametrize("top", ["opendata", "suggestions"])
def test_no_app_depends_on_the_apps_on_top(top):
    """opendata and suggestions read the other apps; only atlas's wiring names them (the
    profiles load suggestions' template tags by name, as a template may)."""
    for app in ("regions", "hubs", "incubators", "accounts", "dataset"):
        for path in (ROOT / app).rglob("*.py"):
            named = {module.split(".")[0] for module in imported_modules(path)}
            assert top not in named, path
