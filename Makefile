# Everything a fresh machine needs: Python packages into .venv, anvil into node_modules,
# and for the tests Debian's chromium (the landing page runs in it) and man/groff.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

SYSTEM_TOOLS := /usr/bin/chromium /usr/bin/man /usr/bin/groff

.PHONY: install system-tools demo test lint bench clean

install: $(PY_STAMP) $(NODE_STAMP)

$(PY_STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "synthforge needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the tests drive; installed only where missing (needs root and apt).
system-tools:
	@for tool in $(SYSTEM_TOOLS); do test -x $$tool || missing=1; done; \
	if [ -n "$$missing" ]; then \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && \
		apt-get install -y -qq --no-install-recommends chromium man-db groff-base >/dev/null; \
	fi; \
	for tool in $(SYSTEM_TOOLS); do test -x $$tool || { echo "missing $$tool"; exit 1; }; done

demo: install
	$(BIN)/synthforge demo

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: lint system-tools
	$(BIN)/pytest -q

bench: install
	$(BIN)/python bench/facilitator.py
	$(BIN)/python bench/gateway.py
	$(BIN)/python bench/normalise.py

clean:
	rm -rf $(VENV) node_modules .synthforge .pytest_cache .mypy_cache .ruff_cache
