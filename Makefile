# Two targets a newcomer needs (see README "Quick start"):
#   make build   install debatemap into .venv and build the map and handout into output/
#   make test    install the test dependencies and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: build test check lint install install-test install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

build: install
	$(BIN)/debatemap build arguments -o output

check: install
	$(BIN)/debatemap check arguments

install-dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'

# ruff (lint and format) and mypy --strict, as CI runs them
lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

# Two workers (pytest-xdist) for the two cores this is sized for; each test file runs in one
# worker, so a file's module-scoped fixtures (built maps, PDFs) are made once. Ends with the
# 10 slowest tests. TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= 2
test: install-test
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=10

clean:
	rm -rf $(VENV) build src/*.egg-info
