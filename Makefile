# The few commands the README names. Each sets up .venv first if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CKSUM := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
STAMP := $(VENV)/.installed-$(CKSUM)
# The demo needs only the core, plots and the compiled kernels, not the dev and bench tools.
DEMO_STAMP := $(VENV)/.demo-installed-$(CKSUM)

.PHONY: setup demo serve test test-fast lint bench docs mutation mutation-sample clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

$(DEMO_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[plots,fast]'
	rm -f $(VENV)/.demo-installed-*
	touch $(DEMO_STAMP)

# A full setup (make setup / make test) has everything the demo needs.
demo: $(if $(wildcard $(STAMP)),$(STAMP),$(DEMO_STAMP))
	$(BIN)/python scripts/demo.py

serve: setup
	$(BIN)/corridor serve

test: setup
	scripts/ensure_test_tools.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest --junitxml=test-output/junit.xml; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest ran no test: failing" >&2; exit 1; fi; \
	  if [ $$rc -ne 0 ]; then exit $$rc; fi
	$(BIN)/python scripts/isolation_check.py test-output/junit.xml --sample 12

# The fast tier: unit, property and oracle tests and the doctests; not the slow, browser,
# PostgreSQL and fuzz tiers (tests/README.md). `make test` and CI run every tier.
# The markers choose; the modules that are wholly browser or fuzz tests are not even imported
# (Playwright, Schemathesis and the fuzzed app cost a third of the run's start-up).
FAST := not slow and not browser and not postgres and not fuzz
FAST_SKIP := --ignore=tests/web --ignore=tests/api/test_fuzz.py

test-fast: setup
	$(BIN)/python -m pytest -m "$(FAST)" $(FAST_SKIP) -q; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest ran no test: failing" >&2; exit 1; fi; exit $$rc

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python -m benchmarks

# The documentation site in site/ (mkdocs.yml): the guides in docs/ and the API reference.
docs: setup
	$(BIN)/mkdocs build --strict

# Mutation testing (docs/mutation.md): every mutant of the core packages, on one worker
# (about an hour on two cores), or a seeded sample of N per package (minutes).
# PACKAGES narrows it, e.g. PACKAGES="network emissions" (names in scripts/mutation.py).
mutation: setup
	$(BIN)/python scripts/mutation.py full $(PACKAGES)

mutation-sample: setup
	$(BIN)/python scripts/mutation.py sample -n $(or $(N),15) --seed $(or $(SEED),16) $(PACKAGES)

clean:
	rm -rf $(VENV) mutants site .pytest_cache .mypy_cache .ruff_cache test-output
