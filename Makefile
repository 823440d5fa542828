# Two commands do all set-up on a fresh Debian machine:
#   make site   creates .venv, installs briefkit, builds site/ from briefings/
#   make test   installs the test tools (and Chromium if missing) and runs the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test install install-test browser serve check clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

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

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site docs/index.md docs/briefings docs/entities docs/timeline docs/tags docs/schemas \
	  docs/feed.xml docs/feed.json docs/briefings.json docs/.briefkit-manifest.json docs/search \
	  docs/assets/javascripts/workers/briefkit-search.js docs/assets/javascripts/briefkit-search-page.js
