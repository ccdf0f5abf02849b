# The two commands of the README: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app portal

.PHONY: install install-test run test test-fast lint bench load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Pinned versions come from constraints.txt, so every machine installs the same ones.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

$(VENV)/.installed-load: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,load]'
	touch $@

install: $(VENV)/.installed  ## Create .venv and install the portal with pinned dependencies.

install-test: $(VENV)/.installed-test

run: install  ## Migrate, load demo data once, build the search index and serve on http://127.0.0.1:$(PORT)
	$(FLASK) db upgrade
	$(FLASK) demo load
	$(FLASK) index rebuild
	PORTAL_SESSION_COOKIE_SECURE=false $(FLASK) run --host 127.0.0.1 --port $(PORT)

# Test files (SQLite databases, uploads, indexes) go to memory when /dev/shm exists: the suite runs much faster.
test: install-test  ## Run the whole test suite.
	@base=$$(mktemp -d $$( [ -d /dev/shm ] && echo /dev/shm || echo $${TMPDIR:-/tmp} )/portal-tests.XXXXXX); \
	$(BIN)/python -m pytest --basetemp=$$base $(PYTEST_ARGS); rc=$$?; rm -rf $$base; exit $$rc

lint: install-test
	$(BIN)/ruff check portal tests scripts

bench: $(VENV)/.installed-load  ## Benchmarks and the load run; figures go to docs/benchmarks.md.
	$(BIN)/python scripts/bench.py

load: $(VENV)/.installed-load  ## Bounded load run on 127.0.0.1 (gunicorn.conf.py, Locust, 50 users, 60 s) and its checks.
	$(BIN)/python scripts/load/run.py

clean:
	rm -rf $(VENV) .pytest_cache
