# Red — two commands: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi
# `make run` and `make bench` serve a local copy, not production (see RED_ENV in the README).
export RED_ENV ?= development

.PHONY: run test lint format bench bench-jobs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## run: install, migrate, load the demo data (idempotent), then serve on 127.0.0.1:$(PORT)
## with one job consumer beside the web server (imports, exports); Ctrl-C stops both.
run: $(VENV)/.installed
	$(BIN)/flask db upgrade
	$(BIN)/flask red seed-demo --skip-if-refused
	$(BIN)/huey_consumer red.jobs.huey --workers 1 --flush-locks --quiet & consumer=$$!; \
	trap 'kill $$consumer 2>/dev/null' EXIT INT TERM; \
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

## test: lint, then the whole suite (SQLite; PostgreSQL too when TEST_DATABASE_URL is set)
test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

## bench-jobs: a 100,000-row service import as the job consumer runs it (bench/JOBS_REPORT.md)
bench-jobs: $(VENV)/.installed
	$(BIN)/python bench/jobs_import.py

clean:
	rm -rf $(VENV) build *.egg-info
