# Two commands do all set-up on a fresh Debian machine:
#   make site   creates .venv, installs briefkit, builds site/ from briefings/
#   make test   installs the test tools (and Chromium if missing) and runs the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-fast lint install install-test install-lint browser serve check clean bench skeleton

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-lint: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[lint]'
	touch $@

install-lint: $(VENV)/.installed-lint

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test node_modules/.installed

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch $@

# Debian's Chromium for the browser tests (never `playwright install`: no download here),
# and poppler-utils (pdftotext) to read the briefing they print to PDF.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi; }
	@command -v pdftotext >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; fi; }

site: install
	$(BIN)/briefkit build

check: install
	$(BIN)/briefkit check

serve: install
	$(BIN)/briefkit serve

test: install-test browser site
	$(BIN)/python -m pytest -q

# the unit tests alone (no command line run, no MkDocs, no browser): seconds, for the inner loop
test-fast: install-test
	$(BIN)/python -m pytest -q -m "not slow and not browser"

# ruff (style, imports, likely bugs, old idioms) and mypy (types), as pyproject.toml configures them:
# zero findings, so that any new one stands out; .ci/run runs this before the tests
lint: install-lint
	$(BIN)/ruff check scripts tests benchmarks tools
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site docs/index.md docs/briefings docs/entities docs/timeline docs/tags docs/schemas \
	  docs/feed.xml docs/feed.json docs/briefings.json docs/facts.csv docs/assets/briefkit docs/.briefkit-manifest.json docs/search \
	  docs/assets/javascripts/workers/briefkit-search.js docs/assets/javascripts/briefkit-search-page.js

# `briefkit init` copies scripts/briefkit/skeleton/: its guide and overrides are the project's own
skeleton:
	cp docs/authoring.md scripts/briefkit/skeleton/docs/authoring.md
	rm -rf scripts/briefkit/skeleton/overrides && cp -r overrides scripts/briefkit/skeleton/overrides
	sed -e 's/^site_name: .*/site_name: My briefings          # your site'"'"'s name: the header, feeds and the home page/' \
	    -e 's/^site_description: .*/site_description: What these briefings follow, in one sentence.   # fill in/' \
	    mkdocs.yml > scripts/briefkit/skeleton/mkdocs.yml
