# The two commands of the README:
#   make run   set up, migrate, load the Lancashire demo and serve http://127.0.0.1:8000
#   make test  set up (including Debian's chromium for the browser tests) and run the suite
# Exact versions come from constraints.txt; ranges live in pyproject.toml. Packages are
# installed with uv (pinned in constraints.txt): a minute with pip, ten seconds with uv.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1:8000

.PHONY: run test install chromium lint check migrate demo worker constraints frontend

$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -c constraints.txt -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# The web server and the background worker (imports, reports, reminders) together, with
# `socialvalue devserver`; Ctrl+C stops both. Another address: make run ADDRESS=127.0.0.1:8080
run: install
	DEBUG=1 $(BIN)/socialvalue migrate --verbosity 0
	DEBUG=1 $(BIN)/socialvalue demo
	@echo "Serving on http://$(ADDRESS)/ with the background worker (stop both with Ctrl+C)"
	DEBUG=1 $(BIN)/socialvalue devserver $(ADDRESS)

# The background worker alone (make run already starts one).
worker: install
	DEBUG=1 $(BIN)/socialvalue db_worker

chromium:
	@command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium (browser tests) and poppler-utils (PDF tests)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; }

# The Python packages and Debian's packages are fetched at the same time.
test:
	@$(MAKE) --no-print-directory -j 2 install chromium
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

# Static checks: ruff, mypy (strict on domain/ and analytics/), import-linter contracts.
check: install
	BIN=$(BIN) .ci/checks

# Regenerate the pinned versions after changing pyproject.toml.
constraints: install
	$(BIN)/pip freeze --exclude-editable | grep -v '^socialvalue' > constraints.txt

# Refresh GOV.UK Frontend and axe-core from the npm registry (needs Node.js; users do not).
frontend:
	scripts/update-frontend.sh
