# Intervention history of a council's children's services. Run `make` for the list of targets.
.DEFAULT_GOAL := help
.PHONY: help env test lint validate data lab notebooks report compare reports-all bench clean

SHELL := /bin/bash
COUNCIL ?= Doncaster
AS_OF ?= 2025-06-30
# Councils to compare, separated by commas (names may have spaces), or DfE/ONS codes.
COUNCILS ?= Doncaster, Rotherham
# Optional, passed to report and compare only when set: PRICES=real|cash, WINDOW_START, WINDOW_END (YYYY-MM-DD).
PRICES ?=
WINDOW_START ?=
WINDOW_END ?=
comma := ,
RUN_OPTIONS = $(if $(PRICES),--prices "$(PRICES)") $(if $(WINDOW_START),--window-start "$(WINDOW_START)") $(if $(WINDOW_END),--window-end "$(WINDOW_END)")
COUNCILS_ARGS = $(if $(findstring $(comma),$(COUNCILS)),"$(COUNCILS)",$(COUNCILS))
VENV := .venv
PY := $(VENV)/bin/python
# uv from PATH, else a copy installed with pip on a bare python3, kept outside the clone (like uv's own
# package cache) so that the next fresh clone reuses it; without a HOME it goes into .tools/.
TOOLS ?= $(if $(HOME),$(HOME)/.cache/intervention-history/tools,.tools)
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
export UV_COMPILE_BYTECODE := 1
export UV_LINK_MODE := copy
# This machine sets PYTHONDONTWRITEBYTECODE; let our own modules cache bytecode too.
unexport PYTHONDONTWRITEBYTECODE

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(TOOLS)/bin/uv:
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet uv

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode
	@touch $@

env: $(VENV)/.installed ## Create .venv from uv.lock (installs uv if missing)

validate: env ## Validate every council folder under data/curated/
	$(PY) -m intervention_history validate

# The registry rebuilds a table only when its raw or reference files, its reader's code, or the table
# itself (deleted or edited by hand) changed: checksum stamps beside each table, so no make stamp here.
data: env ## Build data/processed/ from data/raw/ (only what changed)
	$(PY) -m intervention_history data

test: env data ## Run the tests and nbval over the notebooks
	$(PY) -m pytest

lint: env ## Lint code and notebooks with ruff; check the layers with import-linter
	$(PY) -m ruff check src tests benchmarks notebooks
	$(PY) -m ruff format --check src tests benchmarks
	$(VENV)/bin/lint-imports

# Jupyter refuses to run as root without --allow-root (containers, CI); everyone else runs without it.
LAB_ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: env ## Start JupyterLab in notebooks/ on the project's environment
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks $(LAB_ROOT_FLAG)

notebooks: env data ## Re-execute the notebooks in place with default parameters
	$(PY) -m intervention_history notebooks

report: env ## Build reports/<council>/<as_of>/ (COUNCIL=Doncaster AS_OF=2025-06-30; PRICES=cash WINDOW_START=D WINDOW_END=D optional)
	$(PY) -m intervention_history report --council "$(COUNCIL)" --as-of "$(AS_OF)" $(RUN_OPTIONS)

compare: env ## Compare councils in reports/compare/<a>-vs-<b>/<as_of>/ (COUNCILS="Doncaster, North Lincolnshire": commas between names; PRICES, WINDOW_START, WINDOW_END, WITH_NEIGHBOURS=1 optional)
	$(PY) -m intervention_history compare --councils $(COUNCILS_ARGS) --as-of "$(AS_OF)" $(RUN_OPTIONS) $(if $(WITH_NEIGHBOURS),--with-neighbours)

# Every council unless COUNCILS is given on the command line or in the environment.
BATCH_COUNCILS = $(if $(filter command line environment,$(origin COUNCILS)),$(COUNCILS_ARGS),all)
WORKERS ?=
SCHEDULER ?=
reports-all: env ## Every council's report at once on Dask, and the national index (AS_OF; COUNCILS=all; WORKERS=N or SCHEDULER=ADDRESS optional)
	$(PY) -m intervention_history batch --councils $(BATCH_COUNCILS) --as-of "$(AS_OF)" $(if $(WORKERS),--workers "$(WORKERS)") $(if $(SCHEDULER),--scheduler "$(SCHEDULER)")

bench: env data ## Measure run times and write benchmarks/RESULTS.md
	$(PY) benchmarks/run.py

clean: ## Remove the environment, caches and generated data (keeps reports/)
	rm -rf $(VENV) .tools .pytest_cache .ruff_cache data/processed/*.csv
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
