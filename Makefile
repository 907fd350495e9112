# Bilim Data: one command to build, one to test. Every target installs what it needs.
# Every path below is relative to the clone: run from another folder (`make -f path/to/Makefile build`),
# this file hands the goals to a make run in its own folder, as `make -C path/to build` does.
# (Only when the current folder is not a clone: make splits a path with spaces into words.)
ifeq ($(shell test -f requirements.lock -a -d pipelines || echo elsewhere)$(BILIM_HANDED),elsewhere)
HERE := $(abspath $(dir $(firstword $(MAKEFILE_LIST))))
.PHONY: elsewhere $(MAKECMDGOALS)
elsewhere $(MAKECMDGOALS):
	@$(MAKE) --no-print-directory -C "$(HERE)" BILIM_HANDED=1 $(if $(filter-out elsewhere,$@),$@)
else
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.lock | cut -c1-12)
PORT ?= 8000

.PHONY: help build data site serve test lint validate system-deps clean diff venv release bench

help:
	@echo "make build   build the data package and the site (make serve to preview it)"
	@echo "make test    run every check: lint, data tests, package validation, site and browser tests"
	@echo "make data    parse the documents and replace the package in data/package/ (and datapackage.json)"
	@echo "make site    build the site from the committed data into _site/"
	@echo "make serve   build, then preview the site at http://127.0.0.1:$(PORT)/"
	@echo "make lint    ruff;  make validate: frictionless validate datapackage.json"
	@echo "make diff    the package's changes against BASE (default: the merge base with main)"
	@echo "make release check that the version, CHANGELOG.md and CITATION.cff agree"
	@echo "make bench   the benchmarks (see bench/README.md);  make clean: remove what builds write"

$(STAMP): requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

data: $(STAMP)
	$(PY) -m pipelines.run

site: $(STAMP) node_modules/.installed
	$(PY) -m sitegen.build

build: data site

serve: build
	@echo "Serving _site/ at http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory _site

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system-deps
	CHROMEDRIVER_SKIP_DOWNLOAD=true PUPPETEER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# A Chromium-family browser (browser tests), node/npm, Java (Nu HTML checker), LibreOffice Calc
# (spreadsheet tests) and DejaVu Sans, which draws the glyphs the charts' own face lacks. The browser is whatever
# tests/browser.py finds (BILIM_BROWSER, CHROME_BIN, chromium/google-chrome on PATH); only when there is
# none is Debian's chromium installed. apt runs only as root; otherwise the line to run is printed.
system-deps:
	@missing=""; $(PYTHON) tests/browser.py >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-calc-nogui"; \
	test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install:$$missing (e.g. sudo apt-get install$$missing), or set BILIM_BROWSER to a Chromium or Chrome"; exit 1; fi; \
	fi
	@$(PYTHON) tests/browser.py >/dev/null || { echo "no working Chromium or Chrome: set BILIM_BROWSER"; exit 1; }

lint: $(STAMP)
	$(VENV)/bin/ruff check .

validate: $(STAMP)
	$(VENV)/bin/frictionless validate datapackage.json

# The tests run in as many processes as there are cores (pytest-xdist), one test at a time to whichever is
# free, except that a module building something for all its tests runs in one (tests/conftest.py); the
# longest first, by their durations in the last run (kept in .pytest_cache/); the site is built once and
# shared (tests/site/conftest.py).
test: $(STAMP) system-deps node_modules/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/frictionless validate datapackage.json
	$(PY) -m pytest -q -n auto --dist loadgroup

clean:
	rm -rf _site .cache .pytest_cache .ruff_cache site/kk site/ru site/en site/_deferred site/downloads

# Compare the data package in the working tree with BASE (default: the merge base with main).
diff: $(STAMP)
	$(PY) -m pipelines.diff $(BASE)

# Check that the package version, CHANGELOG.md and CITATION.cff agree before tagging a release.
release: $(STAMP)
	$(PY) -m pipelines.release

# Benchmarks: pipeline against its floor, scaling, site build, page weight, Lighthouse (see bench/).
bench: $(STAMP) node_modules/.installed
	$(PY) -m bench.run

endif
