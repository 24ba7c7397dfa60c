# Every target sets up what it needs: only python3 has to be on the machine.
# uv is used when it is on PATH; otherwise it is bootstrapped with pip into .uv/.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Any supported Python (3.11 to 3.14): PYTHON=python3.13 make test. uv never downloads one.
PYTHON ?= python3
UV_VERSION := 0.13.8
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.uv/bin/uv)
export UV_PYTHON_DOWNLOADS ?= never
VENV := $(or $(UV_PROJECT_ENVIRONMENT),.venv)
# One stamp per interpreter asked for, so that PYTHON=... re-syncs the environment.
VENV_STAMP := $(VENV)/.synced-$(subst /,_,$(PYTHON))
RUN := $(UV) run --frozen --no-sync
GENERATE := $(RUN) openapi-python-client generate --path openapi.yaml --config generator-config.yml \
	--custom-template-path generator-templates --meta uv --overwrite
SDK_FACTS := sdk/emabler_extras/_spec_facts.py
DIST ?= dist
# What tools and interpreters write beside the code: never drift, never shipped.
CACHES := __pycache__ .ruff_cache .mypy_cache .pytest_cache .hypothesis .import_linter_cache
DIFF_EXCLUDES := $(foreach name,$(CACHES) *.py[co] dist build *.egg-info,--exclude='$(name)')

.PHONY: help setup browser generate check-generated lint test test-sdk contract mock mock-behaviours fault-matrix \
	changes apply-overlay bench dist clean

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(CURDIR)/.uv/bin/uv:
	$(PYTHON) -m venv .uv
	.uv/bin/python -m pip install --quiet "uv==$(UV_VERSION)"

# Only the lock and the project file: generate rewrites generated/pyproject.toml each time, and the
# tests that run make in a copy of the checkout share this environment, which must not follow them.
$(VENV_STAMP): uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@rm -f $(VENV)/.synced-*; touch $@

setup: $(VENV_STAMP) ## Create .venv from uv.lock.

# The report's browser test drives Debian's chromium through Playwright (from uv.lock): Playwright's own
# browser download is not used. Nothing to do when the browser is there; a failed install stops make.
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

browser: ## Install Debian's chromium for the report's browser test, unless /usr/bin/chromium is there.
	@[ -x $(CHROMIUM) ] && exit 0; log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	echo "make browser: installing Debian's chromium (apt-get)"; \
	if { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
		--no-install-recommends chromium; } >"$$log" 2>&1 && [ -x $(CHROMIUM) ]; \
	then echo "make browser: installed $$($(CHROMIUM) --version 2>/dev/null)"; \
	else why=$$(grep . "$$log" | tail -n 1 || true); echo "make browser: could not install Debian's chromium as $(CHROMIUM)$${why:+ ($$why)};" \
		"the report's browser test needs it." >&2; exit 1; fi

generate: $(VENV_STAMP) ## Regenerate generated/ and the SDK helpers' spec facts from openapi.yaml.
	$(GENERATE) --output-path generated
	$(RUN) python -m emabler_spec sdk-facts > $(SDK_FACTS)

check-generated: $(VENV_STAMP) ## Fail with a diff when generated/ or the SDK facts are not what openapi.yaml produces.
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(GENERATE) --output-path "$$tmp/generated" >/dev/null; \
	$(RUN) python -m emabler_spec sdk-facts > "$$tmp/facts.py"; \
	if diff -ru $(DIFF_EXCLUDES) generated "$$tmp/generated" && diff -u $(SDK_FACTS) "$$tmp/facts.py"; \
	then echo "generated/ is up to date"; \
	else echo "generated/ drifted from openapi.yaml: run 'make generate' and commit." >&2; exit 1; fi

lint: $(VENV_STAMP) ## ruff, mypy --strict, the rooms' import rules, the spec validator, actionlint and shellcheck.
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy
	$(RUN) lint-imports --no-cache --no-logo
	$(RUN) openapi-spec-validator openapi.yaml
	$(RUN) python -m tests.actionlint
	$(RUN) shellcheck ci/conformance.sh .ci/run

test: lint check-generated browser ## Everything CI checks.
	$(RUN) pytest
	$(MAKE) --no-print-directory fault-matrix

test-sdk: $(VENV_STAMP) ## The SDK's tests alone (the client over HTTP, the built wheels in a clean venv).
	$(RUN) pytest tests/client

contract: $(VENV_STAMP) ## Check a server against the spec (the embedded mock unless EMABLER_BASE_URL is set).
	$(RUN) emabler-contract run $(if $(STRICT),--strict)

fault-matrix: $(VENV_STAMP) ## The conformance matrix: the suite passes the clean mock and each variant, catches each fault.
	$(RUN) emabler-contract fault-matrix

mock: $(VENV_STAMP) ## Serve the mock on 127.0.0.1 (PORT=8765 FAULT=|VARIANT=|SCENARIO=<name> SCALE=1 SEED=...).
	$(RUN) python -m mock_server serve $(if $(PORT),--port $(PORT)) $(if $(FAULT),--fault $(FAULT)) \
		$(if $(VARIANT),--variant $(VARIANT)) $(if $(SCENARIO),--scenario $(SCENARIO)) \
		$(if $(SCALE),--scale $(SCALE)) $(if $(SEED),--seed $(SEED))

mock-behaviours: $(VENV_STAMP) ## List the mock's faults, variants and scenarios.
	@$(RUN) python -m mock_server behaviours

bench: $(VENV_STAMP) ## Benchmarks: decode ratios and memory, contract throughput, mock requests/s, the proxy next to Prism's.
	$(RUN) python -m benchmarks

changes: $(VENV_STAMP) ## What changed in the contract and SDK since BASE (default: latest v* tag); decodes TRAFFIC/ (traffic/); checks the version.
	$(RUN) python -m spec_changes $(if $(BASE),--base $(BASE)) $(if $(TRAFFIC),--traffic $(TRAFFIC))

apply-overlay: $(VENV_STAMP) ## Apply an OpenAPI Overlay to openapi.yaml (OVERLAY=reports/proposals/<name>.overlay.yaml).
	@[ -n "$(OVERLAY)" ] || { echo "make apply-overlay: say which overlay: OVERLAY=<file>" >&2; exit 2; }
	$(RUN) python -m emabler_spec apply-overlay "$(OVERLAY)"

dist: $(VENV_STAMP) ## Build the wheels and sdists (emabler-conformance, emabler-client, emabler-extras) into dist/ and check them.
	rm -rf $(DIST)
	$(UV) build --quiet . --out-dir $(DIST)
	$(UV) build --quiet generated --out-dir $(DIST)
	$(UV) build --quiet sdk --out-dir $(DIST)
	$(RUN) twine check --strict $(DIST)/*
	@ls -1 $(DIST)

clean: ## Remove the environments, reports, built distributions and every cache the project writes.
	rm -rf .venv .venv-* .uv .bench reports dist
	find . -path ./.git -prune -o \( $(foreach name,$(CACHES),-name $(name) -o) -name '*.egg-info' \) \
		-prune -exec rm -rf {} +
