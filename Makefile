# Every target creates or reuses the local virtualenv in .venv and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_DIR := tests/virtual_alexa
NODE_STAMP := $(NODE_DIR)/node_modules/.installed

.PHONY: run serve test lint clean package sync bench load fuzz

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,web]'
	touch $(STAMP)

# virtual-alexa drives the skill from the interaction model, as a real Alexa client would.
$(NODE_STAMP): $(NODE_DIR)/package-lock.json
	npm ci --prefix $(NODE_DIR) --no-audit --no-fund
	touch $(NODE_STAMP)

## run: talk to the skill in the terminal (ARGS="--instant 'start knee to chest' next" for a script)
run: $(STAMP)
	$(BIN)/python -m skill.tools.cli $(ARGS)

## serve: the skill as an Alexa web service on 127.0.0.1:$$PORT (SKILL_ID must be set)
serve: $(STAMP)
	$(BIN)/python -m skill.web $(ARGS)

## package: build/lambda.zip (python3.12, arm64) and build/skill-package/; ENDPOINT=<SkillFunctionArn>
package: $(STAMP)
	$(BIN)/python -m skill.tools.packaging $(if $(ENDPOINT),--endpoint '$(ENDPOINT)')

## sync: stretch names from content into the model, then the generated locales and manifest entries
sync: $(STAMP)
	$(BIN)/python -m skill.tools.sync

## bench: the skill against a bare ask-sdk skill, alternating; writes tests/perf/RESULTS.md
bench: $(STAMP)
	$(BIN)/python -m tests.perf.bench $(ARGS)

## load: signed requests at the endpoint, alone and under attack (ARGS="--requests N --threads N --attackers N --rounds N")
load: $(STAMP)
	$(BIN)/python -m tests.perf.load $(ARGS)

## fuzz: 100,000 generated and broken requests through the Lambda handler (ARGS="--cases N")
fuzz: $(STAMP)
	$(BIN)/python -m tests.perf.fuzz $(ARGS)

## test: lint, then every test
test: $(STAMP) $(NODE_STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check skill tests
	$(BIN)/ruff format --check skill tests

clean:
	rm -rf $(VENV) $(NODE_DIR)/node_modules build .pytest_cache .ruff_cache .hypothesis
