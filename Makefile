# The two commands of the README: `make demo` and `make test`. Everything else is a helper of those.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export KEET_HOME ?= $(CURDIR)/data
export DO_NOT_TRACK := 1
export GX_ANALYTICS_ENABLED := false
export DAGSTER_HOME := $(KEET_HOME)/dagster

.PHONY: demo test install system-deps manifest pipeline dashboard dagster lint bench clean

# Install from the lock file only when it (or pyproject.toml) changed since the last install.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23,<27"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests need (a real browser, pdftoppm); installed only when missing.
system-deps:
	@bash scripts/system-deps.sh

# Demo: install, load the bundled demo exports, run the whole pipeline, start the dashboard.
demo: install
	$(BIN)/keet ingest data/sample --source demo
	$(BIN)/keet run
	$(BIN)/keet users demo
	@echo "Dashboard: http://localhost:8501"
	$(BIN)/keet dashboard --port 8501

# dagster-dbt reads dbt's manifest when the code location is imported: `dbt parse` (no database) when stale.
manifest: install
	$(BIN)/python -c "from pipelines.dbt_project import ensure_manifest; ensure_manifest()"

test: install system-deps manifest
	$(BIN)/python -m pytest -q

dagster: install manifest
	$(BIN)/dagster dev -w workspace.yaml

# Speed and memory against scale (not part of `make test`): bench/results.md and bench/time_vs_scale.png.
bench: install
	$(BIN)/python bench/run.py --scales $(or $(SCALES),1 10 100 1000)

lint: install
	$(BIN)/ruff check pipelines dashboard tests

clean:
	rm -rf data/inbox data/archive data/dagster data/*.duckdb* data/run_status.json dbt/target dbt/logs
