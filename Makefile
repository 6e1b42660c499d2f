# crosscluster: the README's commands. `make run` and `make test` do all the set-up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := crosscluster.config.settings
# Local work runs with the development settings; production is the settings' default (it refuses
# to start without a secret key and host names), so a deployment never runs on these by mistake.
export CROSSCLUSTER_DEBUG ?= true

.PHONY: run install install-test migrate demo serve test check lint typecheck importcheck pytest \
        browser coverage bench load format messages compilemessages openapi architecture clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## run: create the venv, install, migrate SQLite, load the demo partnership, serve on :8000
run: install migrate demo serve

migrate: install compilemessages
	$(BIN)/crosscluster migrate --noinput

demo: install
	$(BIN)/crosscluster seed_demo --with-demo-users

# Background workers (django-tasks, database backend) run beside the web server: one for the
# marketplace's matching (embedding can take minutes) and one for the rest (scheduler runs,
# documents), so a PDF never waits behind a matching pass. --no-reload: they keep running tasks
# while code is edited. A matching pass cut short when the server last stopped is queued again.
# matching_worker loads the embedding model and the provider index before it polls.
serve: install
	$(BIN)/crosscluster enqueue_pending_matching
	$(BIN)/crosscluster matching_worker & matcher=$$!; \
	$(BIN)/crosscluster worker --queue-name '*' --exclude-queues matching --no-reload & worker=$$!; \
	trap 'kill $$matcher $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/crosscluster serve --host $(HOST) --port $(PORT)

## test: lint, types, import rules, unit + API + browser tests (SQLite unless CROSSCLUSTER_DATABASE_URL)
test: check pytest

check: lint typecheck importcheck

lint: install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install-test
	$(BIN)/mypy

importcheck: install-test
	$(BIN)/lint-imports

# System packages: Debian's chromium (browser tests), Pango (WeasyPrint PDF exports) and gettext
# (msgfmt compiles and checks the translation catalogues).
SYSTEM_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! ldconfig -p | grep -q libpangoft2-1.0 \
	    || ! command -v msgfmt >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	  else echo "Tests need Debian packages: sudo apt-get install $(SYSTEM_PACKAGES)" >&2; exit 1; fi; \
	fi

## pytest: the suite on PYTEST_WORKERS processes (pytest-xdist; default: one per core, at most 4)
PYTEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ $$n -gt 4 ] && n=4; echo $$n)
pytest: install-test browser compilemessages
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

## coverage: the same suite with line coverage of src/crosscluster (slower: coverage's tracer on
## Python 3.11 makes the engines' pure-Python loops several times slower, so make test leaves it off)
coverage: install-test browser compilemessages
	$(BIN)/pytest --cov --cov-report=term -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

## bench: seeded workloads at real sizes (not part of make test)
## (the import benchmark runs small here; CROSSCLUSTER_BENCH_IMPORT_FULL=1 for its 100,000 rows: benchmarks/README.md)
bench: install-test
	$(BIN)/pytest benchmarks -p no:cacheprovider --benchmark-only --benchmark-columns=min,median,mean,max,rounds $(PYTEST_ARGS)

## load: 50 users for 5 minutes on the demo, PostgreSQL, two gunicorn processes (benchmarks/load)
load: install-test
	$(BIN)/pip install -q -e '.[load]'
	benchmarks/load/run.sh

format: install-test
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

## messages: regenerate the seven catalogues (en pt es fr it de sv) from the code and templates;
## tests/test_catalogue_complete.py then fails on any untranslated or fuzzy string
LOCALES := en pt es fr it de sv
messages: install
	cd src/crosscluster && ../../$(BIN)/crosscluster makemessages $(addprefix -l ,$(LOCALES)) --ignore 'tests/*'

# The catalogues compiled (.mo, not committed) for the running site and the tests.
compilemessages: install
	cd src/crosscluster && ../../$(BIN)/crosscluster compilemessages --ignore 'tests/*' >/dev/null

## openapi: rewrite the committed OpenAPI snapshot after a deliberate API change
openapi: install
	$(BIN)/crosscluster export_openapi --output docs/openapi.json

## architecture: redraw the generated diagram of apps and layers in docs/architecture.md
architecture: install-test
	$(BIN)/python -m tests.architecture.diagram

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .coverage
