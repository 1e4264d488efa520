# rntk: build the book, run the tests, re-run experiments.
#   make book     create .venv if needed, execute every notebook (profile full, cached results), build the HTML book
#   make test     create .venv if needed, run the unit tests, nbval on the executed notebooks, and check the built HTML
# Other targets: venv, notebooks, quick, notebook NB=name [PROFILE=quick], bench, gpu-bench, reproduce, clean.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(basename $(notdir $(wildcard notebooks/*.py))))
PROFILE ?= full
JOBS_ENV := PYTHONHASHSEED=0

define HIDE_PARAMETERS
import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
for cell in nb.cells:
    tags = cell.metadata.get("tags", [])
    if {"parameters", "injected-parameters"} & set(tags) and "remove-cell" not in tags:
        cell.metadata["tags"] = tags + ["remove-cell"]
nbformat.write(nb, sys.argv[1])
endef
export HIDE_PARAMETERS

.PHONY: venv book notebooks quick notebook test unit nbval html bench gpu-bench reproduce clean

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version' 
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@# the reproduction (reproduction/) is not installed with rntk: the venv finds it in this repository
	$(BIN)/python -c "import site, pathlib; pathlib.Path(site.getsitepackages()[0], 'rntk-reproduction.pth').write_text('$(CURDIR)\n')"
	touch $@

# One notebook: notebooks/NAME.py -> book/NAME.ipynb (profile full) or tests/notebooks/NAME.ipynb (quick).
notebook: $(STAMP)
	@test -n "$(NB)" || { echo "usage: make notebook NB=name [PROFILE=quick]"; exit 2; }
	@mkdir -p build tests/notebooks
	$(BIN)/jupytext --quiet --to ipynb --output build/$(NB).ipynb notebooks/$(NB).py
	$(JOBS_ENV) $(BIN)/papermill --cwd . --log-level WARNING --no-progress-bar -p profile $(PROFILE) build/$(NB).ipynb \
		$(if $(filter quick,$(PROFILE)),tests/notebooks,book)/$(NB).ipynb
	@# the book shows neither the parameters cell nor the one papermill injects (both stay in the notebook)
	$(BIN)/python -c "$$HIDE_PARAMETERS" $(if $(filter quick,$(PROFILE)),tests/notebooks,book)/$(NB).ipynb

notebooks: $(STAMP)
	@for nb in $(NOTEBOOKS); do $(MAKE) --no-print-directory notebook NB=$$nb PROFILE=full || exit 1; done

quick: $(STAMP)
	@for nb in $(NOTEBOOKS); do $(MAKE) --no-print-directory notebook NB=$$nb PROFILE=quick || exit 1; done

# MathJax from the pinned package into the book's static files (the book then reads offline).
book/_static/mathjax/tex-chtml.js: $(STAMP)
	$(BIN)/python -c "import importlib.util, pathlib, shutil; \
	src = pathlib.Path(importlib.util.find_spec('mathjax').submodule_search_locations[0]) / 'static/mathjax/es5'; \
	dst = pathlib.Path('book/_static/mathjax'); shutil.rmtree(dst, ignore_errors=True); \
	shutil.copytree(src / 'output/chtml/fonts/woff-v2', dst / 'output/chtml/fonts/woff-v2'); \
	shutil.copy(src / 'tex-chtml.js', dst / 'tex-chtml.js')"

book: notebooks html
	@echo "book: $(CURDIR)/book/_build/html/index.html"

# The built pages are checked by `html`, after it has built them.
unit: $(STAMP)
	$(JOBS_ENV) $(BIN)/python -m pytest tests --ignore=tests/test_html.py

nbval: $(STAMP)
	$(JOBS_ENV) $(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
		tests/notebooks book/*.ipynb

# The book from the executed notebooks as they are (no execution), then a check of the built pages.
html: book/_static/mathjax/tex-chtml.js
	$(BIN)/jupyter-book build -W --keep-going book
	RNTK_HTML_REQUIRED=1 $(BIN)/python -m pytest tests/test_html.py

# The three checks are independent: they run side by side (each one's output printed whole when it ends),
# and every one runs to the end even when another fails.
test: $(STAMP) book/_static/mathjax/tex-chtml.js
	$(MAKE) --no-print-directory --output-sync=target --keep-going -j3 unit nbval html

bench: $(STAMP)
	$(BIN)/python benchmarks/kernel_speed.py
	$(BIN)/python benchmarks/devices_scaling.py
	$(BIN)/python benchmarks/grid_speed.py

# On a machine with an accelerator: its own Python and JAX, no venv (benchmarks/gpu_bench.py says why);
# writes results/timing/gpu/*.json phase by phase within BUDGET seconds.
GPU_PYTHON ?= python3
BUDGET ?= 400
gpu-bench:
	PYTHONPATH=$(CURDIR) $(GPU_PYTHON) benchmarks/gpu_bench.py --profile full --budget $(BUDGET)

# Recompute every cached result (hours), then rebuild the notebooks and the book.
reproduce: $(STAMP)
	RNTK_RECOMPUTE=1 $(MAKE) notebooks quick
	$(MAKE) book

clean:
	rm -rf book/_build build
