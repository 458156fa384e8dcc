# Every target creates or reuses the local virtualenv in .venv and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: talk to the skill in the terminal (ARGS="--instant 'start knee to chest' next" for a script)
run: $(STAMP)
	$(BIN)/python -m skill.cli $(ARGS)

## test: lint, then every test
test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check skill tests
	$(BIN)/ruff format --check skill tests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
