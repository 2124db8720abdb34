# The Quickstart is `make run` and `make test`; the other targets are what they build on.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run serve test test-unit test-browser lint check-migrations install install-dev assets migrate dataset bench fuzz clean

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

# Front-end libraries, exactly as package-lock.json pins them.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

install: $(VENV)/.installed assets

install-dev: $(VENV)/.installed-dev assets

migrate: install
	$(BIN)/python manage.py migrate --no-input

dataset: migrate
	$(BIN)/python manage.py load_dataset

run: dataset
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests run in a session of their own: their live server empties the database
# between tests, while the other tests share the dataset loaded once per session.
# Production: gunicorn with whitenoise serving the collected, compressed, hashed static
# files. Settings come from the environment (DEBUG=False, SECRET_KEY, DATABASE_URL...).
serve: install
	DEBUG=False $(BIN)/python manage.py collectstatic --no-input -v 0
	DEBUG=False $(BIN)/python manage.py migrate --no-input
	DEBUG=False $(BIN)/gunicorn atlas.wsgi --bind 0.0.0.0:$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

test: test-unit test-browser

test-unit: install-dev
	$(BIN)/pytest --ignore=tests/browser $(PYTEST_ARGS)

test-browser: install-dev
	$(BIN)/pytest tests/browser $(PYTEST_ARGS)

# Speed at 100x the dataset: synthetic data in the PostgreSQL database BENCH_DATABASE_URL
# (default postgres://postgres@127.0.0.1:5432/atlas_bench), the site under gunicorn, a table
# and bench/results.json. A few minutes; options: make bench BENCH_ARGS="--help".
bench: install-dev
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Schemathesis over the live OpenAPI schema, every endpoint and method, all checks, as a
# curator with a token, against the curated dataset in the PostgreSQL database
# FUZZ_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/atlas_fuzz), recreated each
# run. Options: make fuzz FUZZ_ARGS="--help".
fuzz: install-dev
	$(BIN)/python bench/fuzz_api.py $(FUZZ_ARGS)

lint: install-dev
	$(BIN)/ruff check .

check-migrations: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run

# Regenerate the lock files after changing pyproject.toml's dependencies.
lock: install-dev
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements/lock.txt pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --extra dev -o requirements/dev-lock.txt pyproject.toml

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles test-artifacts
