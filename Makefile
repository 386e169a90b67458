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

bench: setup
	$(RUN) python bench/bench_extraction.py
	$(RUN) python bench/bench_summaries.py
	$(RUN) python bench/bench_brief.py

openapi: setup
	$(RUN) parallax openapi --output docs/openapi.json

clean:
	rm -rf .venv .tools .mypy_cache .ruff_cache .pytest_cache
