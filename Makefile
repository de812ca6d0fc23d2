# danvan — the two commands that matter: `make demo` and `make test`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv
PYTHON ?= python3
# The interpreter of .venv: the distribution's /usr/bin/python3 when it is 3.11 or newer (built with
# profile-guided and link-time optimisation, as production runs it, docs/deployment.md; the tests
# of petitions and reception ran in 57 s on it against 68 s on a python3 built without them),
# else $(PYTHON).
VENV_PYTHON ?= $(shell /usr/bin/python3 -c 'import sys; print("/usr/bin/python3" if sys.version_info >= (3, 11) else "")' 2>/dev/null)
ifeq ($(strip $(VENV_PYTHON)),)
override VENV_PYTHON := $(PYTHON)
endif
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the product needs: pango for PDF documents, fonts with Vietnamese glyphs.
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation2
# Debian packages the tests need: the browser the end-to-end tests drive.
TEST_DEBS := chromium redis-server

.PHONY: install demo test lint typecheck pytest serve clean system-deps test-deps bench load

define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "apt-get install$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Thiếu gói Debian:$$missing — cài bằng: sudo apt-get install$$missing" >&2; \
	  fi; \
	fi
endef

system-deps:
	$(call apt_install,$(RUN_DEBS))

$(BIN)/danvan: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	@UV=$$(command -v uv || echo "$(PYTHON) -m uv"); $$UV sync --frozen --compile-bytecode --python $(VENV_PYTHON) --quiet
	@touch $(BIN)/danvan

install: system-deps $(BIN)/danvan
	@mkdir -p var
	$(BIN)/danvan install

demo: install
	$(BIN)/danvan demo

serve: install
	$(BIN)/danvan serve

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null; \
	  else echo "npm is missing: sudo apt-get install npm" >&2; exit 1; fi; }
	npm ci --no-audit --no-fund --silent

test-deps: install node_modules/.package-lock.json
	$(call apt_install,$(TEST_DEBS))

lint: $(BIN)/danvan
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/danvan
	$(BIN)/mypy danvan

pytest: test-deps
	$(BIN)/pytest
	@if [ -n "$$DANVAN_TEST_DATABASE_URL" ]; then \
	  echo "== pytest on PostgreSQL: $$DANVAN_TEST_DATABASE_URL"; \
	  DATABASE_URL="$$DANVAN_TEST_DATABASE_URL" $(BIN)/pytest; \
	fi

test: test-deps lint typecheck pytest

# The benchmark suite (docs/performance.md): a table on stdout, JSON under var/bench/.
bench: install
	$(BIN)/danvan bench run $(BENCH_ARGS)

# The load test (docs/load-test.md): PostgreSQL and Redis on 127.0.0.1, the production profile
# (the server on /usr/bin/python3 in var/load/server-venv; LOAD_ARGS="--server-python dev": .venv).
load: install
	$(BIN)/python loadtest/run.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache
