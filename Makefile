# TorchCanvas: `make run` serves the app, `make test` runs every test. Both install what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NPM_STAMP := frontend/node_modules/.installed
DIST := frontend/dist/index.html
FRONTEND_SRC := $(shell find frontend/src frontend/public frontend/index.html frontend/vite.config.ts frontend/tsconfig.json -type f 2>/dev/null)
BACKEND_SRC := $(shell find backend/torchcanvas -name '*.py' 2>/dev/null)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The Python environment, the frontend's packages and Chromium install side by side.
MAKEFLAGS += --jobs=3

.PHONY: run test check install frontend openapi system-deps clean

run: install frontend
	$(PY) -m torchcanvas

test: install frontend system-deps
	$(PY) -m pytest -n 3

# Lint, types and strict TypeScript; also run by the tests (tests/test_checks.py).
check: install $(NPM_STAMP)
	$(PY) -m ruff check backend tests bench
	$(PY) -m ruff format --check backend tests bench
	$(PY) -m mypy
	$(PY) -m mypy bench
	cd frontend && npm run check

install: $(STAMP)

# pip compiles what it installs on one core (some 30 s of its 50); compileall uses every core.
# Some packages ship files that are not Python 3 on purpose: their errors are no failure there;
# ours are.
$(STAMP): backend/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-compile -e "backend[dev,ray]"
	$(PY) -m compileall -qq -j 0 $(VENV)/lib || true
	$(PY) -m compileall -q -j 0 backend/torchcanvas
	touch $@

$(NPM_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

# The OpenAPI schema the frontend's types are generated from.
openapi: build/openapi.json
build/openapi.json: $(STAMP) $(BACKEND_SRC)
	mkdir -p build
	$(PY) -m torchcanvas.api.openapi > $@.tmp && mv $@.tmp $@

frontend: $(DIST)
$(DIST): $(NPM_STAMP) build/openapi.json $(FRONTEND_SRC)
	cd frontend && npm run gen:api && npm run bundle

# Debian's Chromium and its headless shell for the browser tests, and docker-compose to check
# the compose file.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromium-headless-shell ] || \
		! command -v docker-compose >/dev/null; then \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium chromium-headless-shell docker-compose; \
	fi

clean:
	rm -rf $(VENV) build frontend/node_modules frontend/dist
