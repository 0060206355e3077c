# Alliance Atlas: `make serve` to preview the site, `make test` to run every test.
# Each target sets up what it needs first (a virtualenv in .venv; Chromium and axe-core for browser tests).

VENV   := .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check lint test test-properdocs setup setup-print cards-pdf browser clean

# Three layers of requirements, each installed once: the site, printing, and testing.
$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.site: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.print: requirements-print.txt $(VENV)/.site
	$(PY) -m pip install --quiet -r requirements-print.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.print
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

setup: $(VENV)/.site  ## create .venv with what the site needs (pinned)

setup-print: $(VENV)/.print  ## and what printing the card deck needs

# --dirty: a rebuild makes only the pages an edit changed (macros/incremental.py); the hook keeps the
# site whole, so MkDocs' warning that a dirty build may be stale does not apply here
serve: setup  ## preview on http://127.0.0.1:8000/alliance-atlas/, rebuilding when a record, schema, template or macro changes
	$(PY) -m mkdocs serve --dirty

build: setup  ## strict build into site/
	$(PY) -m mkdocs build --strict

check: setup  ## check every record (same rules as the build)
	$(PY) -m macros check

cards-pdf: setup-print build  ## the card deck as one PDF beside the site (needs Chromium: make browser)
	$(PY) scripts/cards_pdf.py site site/cards/atlas-cards.pdf

lint: $(VENV)/.test  ## ruff: lint and format (what pre-commit runs)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

browser: $(VENV)/.test  ## Debian's Chromium and Node for the browser tests (never a downloaded browser), axe-core from npm
	scripts/install-browser.sh
	@# axe-core, pinned in package-lock.json; reinstalled only when the lock file changes
	@if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  echo "npm ci --no-audit --no-fund"; npm ci --no-audit --no-fund; fi

test: lint browser  ## lint, check the Atlas (overdue reviews print as warnings), then the whole test suite
	$(PY) -m macros check
	$(PY) -m pytest

# The tests that build the site, with ProperDocs building it instead of MkDocs: the move is proven,
# not hoped for (CI runs this as its own job). Its own .venv-properdocs keeps .venv plain MkDocs.
BUILD_TESTS := tests/test_build.py tests/test_links.py tests/test_contributing.py tests/test_guide.py tests/test_practice.py tests/test_release.py
test-properdocs:  ## the build tests with ProperDocs building the site
	@[ -x .venv-properdocs/bin/python ] || python3 -m venv .venv-properdocs
	.venv-properdocs/bin/python -m pip install --quiet -r requirements-properdocs.txt
	ATLAS_BUILDER=properdocs .venv-properdocs/bin/python -m pytest $(BUILD_TESTS)

clean:
	rm -rf site $(VENV) .venv-properdocs .pytest_cache
