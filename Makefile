# The Quickstart is `make run` and `make test`; the other targets are what they build on.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test lint check-migrations install install-dev migrate dataset clean

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

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --no-input

dataset: migrate
	$(BIN)/python manage.py load_dataset

run: dataset
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

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
	rm -rf $(VENV) db.sqlite3 staticfiles
