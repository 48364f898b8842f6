# Depot's developer and CI entry points. Every target that needs Python builds .venv itself.
#   make run     launch the desktop app in demo mode
#   make test    the whole suite, with PostgreSQL, Xvfb, ... started and stopped around it
#                (PYTEST_ARGS="tests/node -x" narrows it; PYTEST_WORKERS=0 runs without xdist)

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
PY          := $(VENV)/bin/python
STAMP       := $(VENV)/.depot-installed
# First of these that is Python >= 3.11 (PYTHON=/path/to/python overrides).
PYTHON_CANDIDATES := python3.13 python3.12 python3.11 python3 python
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=

ifeq ($(PYTEST_WORKERS),0)
XDIST :=
else
XDIST := -n $(PYTEST_WORKERS)
endif

.PHONY: help run test test-bft lint clean distclean venv translations bench services-up services-down

help:
	@echo "make run           launch the app in demo mode (builds .venv on first use)"
	@echo "make test          whole test suite with its services (PYTEST_ARGS=..., PYTEST_WORKERS=2)"
	@echo "make lint          ruff + mypy"
	@echo "make bench         throughput benchmark, one validator, JSON"
	@echo "make translations  compile resources/translations/*.ts to .qm"
	@echo "make venv          create .venv and install the project with its dev extras"
	@echo "make services-up   start the test services and write .tmp/test-services.env; services-down stops them"
	@echo "make clean         remove caches, build output, artifacts/ and .tmp/; distclean also removes .venv"

venv: $(STAMP)

# Reinstalls only when pyproject.toml is newer than the stamp; recreates a venv whose Python is
# missing or older than 3.11 (e.g. a pyenv version that was removed).
$(STAMP): pyproject.toml
	@set -e; \
	ok() { "$$1" -c 'import sys; raise SystemExit(sys.version_info < (3, 11))' >/dev/null 2>&1; }; \
	if ! ok $(PY); then \
	  py="$(PYTHON)"; \
	  if [ -z "$$py" ]; then \
	    for c in $(PYTHON_CANDIDATES); do \
	      if command -v $$c >/dev/null 2>&1 && ok $$c; then py=$$c; break; fi; \
	    done; \
	  fi; \
	  if [ -z "$$py" ] || ! ok "$$py"; then \
	    echo "error: Depot needs Python 3.11 or newer; none found (tried: $(or $(PYTHON),$(PYTHON_CANDIDATES)))." >&2; \
	    echo "       Install one (Debian/Ubuntu: apt-get install python3 python3-venv) or run: make PYTHON=/path/to/python3.11 ..." >&2; \
	    exit 1; \
	  fi; \
	  echo "creating $(VENV) with $$py ($$("$$py" -c 'import sys; print(sys.version.split()[0])'))"; \
	  rm -rf $(VENV); \
	  if ! "$$py" -m venv $(VENV); then \
	    echo "error: '$$py -m venv' failed (Debian/Ubuntu: apt-get install python3-venv)." >&2; exit 1; \
	  fi; \
	fi; \
	echo "installing Depot and its dev tools into $(VENV) (pip install -e '.[dev]')"; \
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]' 2>&1 \
	  | { grep -v "^WARNING: Location '.*' is ignored" || true; }; \
	[ "$${PIPESTATUS[0]}" -eq 0 ]; \
	touch $@

run: venv translations
	$(VENV)/bin/depot gui --demo

# Services (scripts/test-services.sh) start before pytest and stop after it, whatever the result.
# pytest's exit code 5 (no test collected) is a failure, not a pass.
test: venv translations
	@bash scripts/test-services.sh run -- $(PY) -m pytest $(XDIST) -ra $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: FAILED: pytest collected no tests (exit code 5)" >&2; exit 1; fi; \
	exit $$rc

# Only the multi-validator fault-injection suite (issue 3; `make test` runs it too).
test-bft: venv
	@bash scripts/test-services.sh run -- $(PY) -m pytest -ra -m bft_faults tests/e2e $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: venv
	$(VENV)/bin/depot bench throughput --validators 1 --json

# Compiles Qt Linguist sources to the .qm files the app loads (the .qm files are not committed).
translations: venv
	@shopt -s nullglob; ts=(resources/translations/*.ts); \
	if [ $${#ts[@]} -eq 0 ]; then echo "translations: no resources/translations/*.ts yet"; exit 0; fi; \
	for f in "$${ts[@]}"; do $(VENV)/bin/pyside6-lrelease -silent "$$f" -qm "$${f%.ts}.qm" || exit 1; done; \
	echo "translations: compiled $${#ts[@]} file(s)"

services-up:
	@bash scripts/test-services.sh up

services-down:
	@bash scripts/test-services.sh down

clean:
	-@bash scripts/test-services.sh down
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis artifacts .tmp
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name '*.egg-info' \) -type d -print0 | xargs -0 rm -rf
	find resources/translations -name '*.qm' -delete 2>/dev/null || true

distclean: clean
	rm -rf $(VENV)
