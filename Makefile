# Every target sets up what it needs: only python3 has to be on the machine.
# uv is used when it is on PATH; otherwise it is bootstrapped with pip into .uv/.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.8
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.uv/bin/uv)
VENV := $(or $(UV_PROJECT_ENVIRONMENT),.venv)
VENV_STAMP := $(VENV)/.synced
RUN := $(UV) run --frozen --no-sync
GENERATE := $(RUN) openapi-python-client generate --path openapi.yaml --config generator-config.yml \
	--custom-template-path generator-templates --meta uv --overwrite

.PHONY: help setup generate check-generated lint test contract mock mock-faults fault-matrix changes bench clean

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(CURDIR)/.uv/bin/uv:
	$(PYTHON) -m venv .uv
	.uv/bin/python -m pip install --quiet "uv==$(UV_VERSION)"

$(VENV_STAMP): uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

setup: $(VENV_STAMP) ## Create .venv from uv.lock.

generate: $(VENV_STAMP) ## Regenerate generated/ from openapi.yaml.
	$(GENERATE) --output-path generated

check-generated: $(VENV_STAMP) ## Fail with a diff when generated/ is not what openapi.yaml produces.
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(GENERATE) --output-path "$$tmp/generated" >/dev/null; \
	if diff -ru --exclude=.ruff_cache generated "$$tmp/generated"; then echo "generated/ is up to date"; \
	else echo "generated/ drifted from openapi.yaml: run 'make generate' and commit." >&2; exit 1; fi

lint: $(VENV_STAMP) ## ruff, mypy --strict, and the spec validator.
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy
	$(RUN) openapi-spec-validator openapi.yaml

test: lint check-generated ## Everything CI checks.
	$(RUN) pytest
	$(MAKE) --no-print-directory fault-matrix

contract: $(VENV_STAMP) ## Check a server against the spec (the embedded mock unless EMABLER_BASE_URL is set).
	$(RUN) python -m contract_tests run

fault-matrix: $(VENV_STAMP) ## Prove the contract tests catch every fault of the mock (and pass on the clean mock).
	$(RUN) python -m contract_tests fault-matrix

mock: $(VENV_STAMP) ## Serve the mock on 127.0.0.1 (PORT=8765 FAULT=<name> SCALE=1 SEED=...).
	$(RUN) python -m mock_server serve $(if $(PORT),--port $(PORT)) $(if $(FAULT),--fault $(FAULT)) \
		$(if $(SCALE),--scale $(SCALE)) $(if $(SEED),--seed $(SEED))

mock-faults: $(VENV_STAMP) ## List the mock's fault catalog.
	@$(RUN) python -m mock_server faults

bench: $(VENV_STAMP) ## Benchmarks: decode ratios and memory, contract throughput, mock requests/s.
	$(RUN) python -m benchmarks

changes: $(VENV_STAMP) ## What changed in the contract and SDK since BASE (default: latest v* tag); checks the version.
	$(RUN) python -m spec_changes $(if $(BASE),--base $(BASE))

clean: ## Remove the environment and reports.
	rm -rf .venv .uv reports .pytest_cache .mypy_cache .ruff_cache
