# The README's commands. `make sandbox`, `make run` and `make test` set up the virtualenv first.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
# The product alone, without the dev tools (pytest, Playwright, ruff, tansu): what `make sandbox`
# needs, and a third less to resolve and unpack on a fresh machine.
RUNTIME := $(VENV)/.installed-runtime

.PHONY: setup sandbox run test test-fast lint format migrate import bench drill

setup: $(STAMP)

# uv installs what pip would, from the same registry, fetching in parallel: a fresh machine's
# set-up takes seconds instead of a minute or more (measured: pip 42–82 s, uv 8 s).
# --compile-bytecode, and compileall for our own packages: unlike pip, uv writes no .pyc, and
# where PYTHONDONTWRITEBYTECODE is set (this kind of machine sets it) Python never writes them
# either, so every process would compile every module it imports again: `lunchbot initdata`
# took 1.0 s instead of 0.37 s. A .pyc older than its source is ignored, never run.
UV := $(VENV)/bin/uv
INSTALL := $(UV) pip install --quiet --compile-bytecode --python $(PY)
COMPILE := $(PY) -m compileall -q -j 0 lunchbot bot web db services core sandbox

$(PY):
	python3 -m venv $(VENV)

$(UV): | $(PY)
	$(PY) -m pip install --quiet 'uv>=0.9,<1'

$(STAMP): pyproject.toml | $(UV)
	$(INSTALL) -e '.[dev]'
	$(COMPILE)
	touch $(STAMP) $(RUNTIME)

$(RUNTIME): pyproject.toml | $(UV)
	$(INSTALL) -e .
	$(COMPILE)
	touch $(RUNTIME)

# The bot offline, with nothing configured: a browser UI in place of Telegram (README, first lines).
sandbox: $(RUNTIME)
	$(VENV)/bin/lunchbot sandbox

$(BENCH_STAMP): $(STAMP)
	$(INSTALL) -e '.[dev,bench]'
	touch $(BENCH_STAMP)

run: setup
	$(VENV)/bin/lunchbot run

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

# Each pytest-xdist worker leases its own database, Redis index, broker and ports
# (tests/conftest.py). More workers than cores: most tests wait on PostgreSQL, Redis, the
# doubles or a subprocess rather than compute.
JOBS ?= 4

# The whole suite: what CI runs.
test: lint
	$(VENV)/bin/pytest -q -n $(JOBS) --durations=20

# Everything but the browser, drill-like and throughput tests: the quick answer while working.
test-fast: lint
	$(VENV)/bin/pytest -q -n $(JOBS) -m "not slow"

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrate: setup
	$(VENV)/bin/lunchbot migrate

import: setup
	$(VENV)/bin/lunchbot import examples/demo.yaml

# Every benchmark side by side (bench/results.md); `make bench ARGS=--quick` for a smoke run.
bench: $(BENCH_STAMP)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) -m bench $(ARGS)

# The reliability drill (bench/drill.md): 1,000 deadline notifications through kills, broker
# outages, duplicate events and Bot API 429/5xx; fails unless each arrives exactly once.
drill: $(STAMP)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) -m bench.drill $(ARGS)
