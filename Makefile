# Two targets a newcomer needs (see README "Quick start"):
#   make build   install debatemap into .venv and build the map and handout into output/
#   make test    install the test dependencies and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: build test check install install-test clean

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

test: install-test
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build src/*.egg-info
