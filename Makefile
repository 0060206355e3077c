# Alliance Atlas: `make serve` to preview the site, `make test` to run every test.
# Each target sets up what it needs first (a virtualenv in .venv; Chromium and axe-core for browser tests).

VENV   := .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test setup browser clean

$(VENV)/.installed: requirements.txt requirements-test.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

setup: $(VENV)/.installed  ## create .venv with the pinned dependencies

serve: setup  ## preview on http://127.0.0.1:8000, rebuilding when a record, schema, template or macro changes
	$(PY) -m mkdocs serve

build: setup  ## strict build into site/
	$(PY) -m mkdocs build --strict

check: setup  ## check every record (same rules as the build)
	$(PY) -m macros check

browser: setup  ## Debian's Chromium and Node for the browser tests (never a downloaded browser), axe-core from npm
	scripts/install-browser.sh
	@# axe-core, pinned in package-lock.json; reinstalled only when the lock file changes
	@if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  echo "npm ci --no-audit --no-fund"; npm ci --no-audit --no-fund; fi

test: setup browser  ## the whole test suite
	$(PY) -m pytest

clean:
	rm -rf site $(VENV) .pytest_cache
