# Two targets a newcomer needs (see README "Quick start"):
#   make build   install debatemap into .venv and build the map and handout into output/
#   make test    install the test dependencies and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: build test check lint docs install install-test install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Each install runs again only when pyproject.toml changes (a stamp file in .venv records it):
# the package is installed editable, so changed sources need no reinstall, and pip takes
# from 10 s to most of a minute even when there is nothing to do.
install: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

install-test: $(VENV)/.installed-test
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

build: install
	$(BIN)/debatemap build arguments -o output

check: install
	$(BIN)/debatemap check arguments

install-dev: $(VENV)/.installed-dev
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $@ $(VENV)/.installed-test $(VENV)/.installed

# ruff (lint and format) and mypy --strict, as CI runs them
lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

# Two workers (pytest-xdist) for the two cores this is sized for; each test file runs in one
# worker, so a file's module-scoped fixtures (built maps, PDFs) are made once. Files go out in
# collection order, the heaviest first (tests/conftest.py, HEAVIEST_FIRST), so both workers
# finish together. Ends with the 10 slowest tests. TEST_WORKERS=0 runs everything in one process.
# PYTHONDONTWRITEBYTECODE is emptied for the run: set in the environment, it makes every run
# compile all of src/ and tests/ again (pytest's assertion rewriting included) in each worker and
# each `debatemap` subprocess, some 10-15 s of CPU; the cached .pyc files are in __pycache__/.
#
# The tests' temporary folders go to memory (/dev/shm) when the machine has it with a GB to
# spare (a run writes about 70 MB): every change a test makes is fsync'ed, as the store promises
# against a power cut, and on disk that is time spent waiting, not testing (the crash tests took
# 27 s on disk, 14 s in memory). A kill -9, what the crash tests do, keeps what is in memory
# either way. `make test TEST_TMPDIR=/tmp` keeps them on disk.
TEST_WORKERS ?= 2
TEST_TMPDIR ?= $(shell df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 && $$4 > 1048576 {print "/dev/shm"}')
test: install-test
	PYTHONDONTWRITEBYTECODE= TMPDIR=$(or $(TEST_TMPDIR),$(TMPDIR),/tmp) $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder --durations=10

# The generated parts of docs/ (commands, problem codes, the node schema) and
# schema/node.schema.json, from the code; tests/test_docs_fresh.py fails when they are stale.
docs: install
	$(BIN)/python -m debatemap.cli.docs

clean:
	rm -rf $(VENV) build src/*.egg-info
