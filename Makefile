# Parta: `make run` serves a demo on http://127.0.0.1:8000, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest install clean web webtest

# The web client (web/): built into web/dist, which the server serves. Needs Node.js 20.19+.
NPM ?= npm
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
	web/package.json web/vite.config.ts web/tsconfig.json

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@if command -v $(NPM) >/dev/null 2>&1; then $(MAKE) --no-print-directory web; \
	else echo "npm not found: serving the API only (see docs/web.md)"; fi
	$(BIN)/parta migrate
	$(BIN)/parta demo
	$(BIN)/parta serve --local-janus

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	PYTEST=$(BIN)/pytest scripts/pytest-both $(PYTEST_ARGS)

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && $(NPM) ci
	touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && $(NPM) run build

web: web/dist/index.html

# Type check and unit tests of the web client (its browser tests run under pytest: tests/web).
webtest: web/node_modules/.package-lock.json
	cd web && $(NPM) run typecheck && $(NPM) test

test: lint typecheck webtest pytest

clean:
	rm -rf $(VENV) var
