# The few commands the README names. Each sets up .venv first if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup demo serve test lint bench mutation mutation-sample clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/python scripts/demo.py

serve: setup
	$(BIN)/corridor serve

test: setup
	scripts/ensure_test_tools.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest ran no test: failing" >&2; exit 1; fi; exit $$rc

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python -m benchmarks

# Mutation testing (docs/mutation.md): every mutant of the core packages, on one worker
# (about an hour on two cores), or a seeded sample of N per package (minutes).
# PACKAGES narrows it, e.g. PACKAGES="network emissions" (names in scripts/mutation.py).
mutation: setup
	$(BIN)/python scripts/mutation.py full $(PACKAGES)

mutation-sample: setup
	$(BIN)/python scripts/mutation.py sample -n $(or $(N),15) --seed $(or $(SEED),16) $(PACKAGES)

clean:
	rm -rf $(VENV) mutants .pytest_cache .mypy_cache .ruff_cache test-output
