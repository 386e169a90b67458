# Parallax — what a newcomer runs. `make run` and `make test` set everything up first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv from PATH, else a private copy in .tools/ (works where pip may not install system-wide).
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
RUN := $(UV) run --locked

.PHONY: help setup run test unit lint format typecheck bench openapi clean

help:
	@echo "make run    set up, then serve the backend on http://127.0.0.1:8787"
	@echo "make test   set up, then lint, type-check and run every test"
	@echo "make lint | format | typecheck | bench | openapi | clean"

.tools/bin/uv:
	@python3 -m venv .tools || { rm -rf .tools; \
	  echo "make: need uv, or python3 -m venv (Debian: apt-get install python3-venv)" >&2; exit 1; }
	.tools/bin/python -m pip install --quiet --disable-pip-version-check uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --all-extras
	@touch $@

setup: .venv/.synced

run: setup
	$(RUN) parallax serve

test: setup lint
	$(RUN) pytest

unit: setup
	$(RUN) pytest tests/unit

lint: setup
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy

typecheck: setup
	$(RUN) mypy

format: setup
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

# Benchmarks print numbers; their results go into docs/benchmarks.md with the date and machine.
BENCHES := bench_brief bench_extraction bench_summaries bench_similarity bench_index \
	bench_related bench_llm_overhead bench_panel
bench: setup
	@for b in $(BENCHES); do echo "== $$b"; $(RUN) python bench/$$b.py || exit 1; done

openapi: setup
	$(RUN) parallax openapi --output docs/openapi.json

clean:
	rm -rf .venv .tools .mypy_cache .ruff_cache .pytest_cache
