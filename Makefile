# The Quickstart is `make run` and `make test`; the other targets are what they build on.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: release run serve test test-unit test-browser lint check-migrations install install-dev assets migrate dataset bench bench-nginx bench-compare load faults clean backup restore fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements/lock.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/lock.txt
	rm -f $(VENV)/.installed-dev
	touch $@

$(VENV)/.installed-dev: requirements/dev-lock.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev-lock.txt
	touch $(VENV)/.installed $@

# Front-end libraries, exactly as package-lock.json pins them; the development tools
# (redocly's schema lint, axe-core for the accessibility tests) only with install-dev.
node_modules/.installed: package-lock.json
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-dev
	touch $@

node_modules/.installed-dev: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed $@

assets: node_modules/.installed

install: $(VENV)/.installed assets

install-dev: $(VENV)/.installed-dev node_modules/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --no-input

dataset: migrate
	$(BIN)/python manage.py load_dataset

run: dataset
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production shape: nginx (Debian's package; deploy/nginx/) in front of gunicorn, serving
# the collected, compressed, hashed static files itself and caching what the site marks
# public. Settings come from the environment (DEBUG=False, SECRET_KEY, DATABASE_URL...).
serve: install
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "make serve needs nginx: apt-get install nginx" >&2; exit 2; }
	DEBUG=False $(BIN)/python manage.py collectstatic --no-input -v 0
	DEBUG=False $(BIN)/python manage.py migrate --no-input
	DEBUG=False $(BIN)/python deploy/serve.py --host $(HOST) --port $(PORT)

# The published data as a dated Frictionless Data Package (zip + .sha256) in releases/, to
# archive (Zenodo, a release's assets); it installs nothing. See README "Open data".
release:
	$(BIN)/python manage.py export_datapackage --zip releases/

# The whole database (history, users, API tokens) to one compressed file, and back: restore
# replaces every row of the migrated database, after asking. They install nothing.
# BACKUP_FILE defaults to backups/atlas-<UTC time>.xml.gz; see README "Deploy".
backup:
	$(BIN)/python manage.py backup_database $(or $(BACKUP_FILE),backups/atlas-$(shell date -u +%Y%m%dT%H%M%SZ).xml.gz)

restore:
	@test -n "$(BACKUP_FILE)" || { echo "usage: make restore BACKUP_FILE=backups/atlas-....xml.gz" >&2; exit 2; }
	$(BIN)/python manage.py restore_database $(BACKUP_FILE)

# The whole suite on SQLite (DATABASE_URL picks another database), on TEST_WORKERS cores
# (pytest-xdist). The browser tests run in a session of their own, on one live server.
TEST_WORKERS ?= 2

test: test-unit test-browser

test-unit: install-dev
	$(BIN)/pytest --ignore=tests/browser -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

test-browser: install-dev
	$(BIN)/pytest tests/browser -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# Speed at 100x the dataset: synthetic data in the PostgreSQL database BENCH_DATABASE_URL
# (default postgres://postgres@127.0.0.1:5432/atlas_bench), the site under gunicorn, a table
# and bench/results.json. A few minutes; options: make bench BENCH_ARGS="--help".
bench: install-dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The same run with the response cache on, then every URL through nginx in front of that
# gunicorn (wrk), beside nginx serving a static copy of the same body, and right after a write.
bench-nginx: install-dev
	$(BIN)/python bench/run.py --response-cache on --via nginx $(BENCH_ARGS)

# An older commit's `make bench` and this tree's in one run, same database, side by side
# (bench/compare.py): make bench-compare BASE=<commit>.
bench-compare: install-dev
	@test -n "$(BASE)" || { echo "usage: make bench-compare BASE=<commit>" >&2; exit 2; }
	$(BIN)/python bench/compare.py --base $(BASE) $(COMPARE_ARGS)

# Load and faults on a PostgreSQL cluster and a Redis of their own (never the shared ones;
# the cluster is kept in ATLAS_LOAD_PGDATA, /tmp/atlas-load-pg by default), the site behind
# nginx when it is installed ("--via gunicorn" without). `load`: 64 connections for 60 s
# (LOAD_SECONDS), exits 1 on any error. `faults`: PostgreSQL, then Redis, stopped under load;
# exits 1 on any violated expectation. LOAD_ARGS / FAULTS_ARGS="--help".
load: install-dev
	$(BIN)/python bench/load.py $(LOAD_ARGS)

faults: install-dev
	$(BIN)/python bench/faults.py $(FAULTS_ARGS)

# Schemathesis over the live OpenAPI schema, every endpoint and method, all checks, as a
# curator with a token, against the curated dataset in the PostgreSQL database
# FUZZ_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/atlas_fuzz), recreated each
# run. Options: make fuzz FUZZ_ARGS="--help".
fuzz: install-dev
	$(BIN)/python bench/fuzz_api.py $(FUZZ_ARGS)

# ruff, then redocly's lint of the OpenAPI description (redocly.yaml), generated from a
# throwaway SQLite database holding the curated dataset: the schema's enums of region and
# technology slugs come from the data. Fails on any error of either.
lint: install-dev
	$(BIN)/ruff check .
	@workdir=$$(mktemp -d) && trap 'rm -rf "$$workdir"' EXIT && \
	export DATABASE_URL="sqlite:///$$workdir/schema.sqlite3" REDOCLY_TELEMETRY=off && \
	$(BIN)/python manage.py migrate --no-input -v 0 && \
	$(BIN)/python manage.py load_dataset >/dev/null && \
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file "$$workdir/schema.yaml" && \
	npx --no-install redocly lint --config redocly.yaml "$$workdir/schema.yaml"

check-migrations: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run

# Regenerate the lock files after changing pyproject.toml's dependencies.
lock: install-dev
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements/lock.txt pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --extra dev -o requirements/dev-lock.txt pyproject.toml

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles test-artifacts
