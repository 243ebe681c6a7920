# Two commands on a fresh machine with Python 3.11+:  make lab   and   make test
# Everything installs into .venv in this folder; nothing outside it is touched.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
# The site's tools ([site] extra: the tests build two lectures into a site) and its MathJax (from npm).
SITE_STAMP := $(VENV)/.site-installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
MATHJAX    := _build/mathjax/node_modules/mathjax/es5/tex-chtml.js
HUB_STAMP := $(VENV)/.hub-installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
PROXY     := .hub/node_modules/.bin/configurable-http-proxy
PORT   ?= 8888

# Data sets: COURSE_DATA_DIR/<name>.npz when set (made absolute: kernels run in other folders).
ifdef COURSE_DATA_DIR
export COURSE_DATA_DIR := $(abspath $(COURSE_DATA_DIR))
endif
export PATH := $(abspath $(BIN)):$(PATH)
# TensorFlow's C++ start-up messages (CUDA probing on CPU machines) are noise in notebooks.
export TF_CPP_MIN_LOG_LEVEL ?= 3

.PHONY: help setup lab test test-all test-full test-browser no-browser test-hub site notebooks check-notebooks demo bench-grade bench-conv bench-cnn \
	bench-sandbox bench-scale bench-import clean

help:
	@echo "make lab        set up .venv and open JupyterLab on the course (nbgrader extensions on)"
	@echo "make test       set up .venv and run the test suite in fast mode, two at a time: unit tests, every lecture,"
	@echo "                each assignment's honesty pipeline, a slice of the corpus (a kind per defence) and one"
	@echo "                wrong answer per part"
	@echo "make test-all   everything .ci/run runs: make test's tests with the whole corpus (as root, and again as"
	@echo "                a user), every '# fast' wrong answer (at most one per part a submission), then test-hub"
	@echo "                and test-browser"
	@echo "make test-full  every lecture in full mode (minutes each): time, peak memory, widget redraws;"
	@echo "                LECTURES=\"05 08\" picks some"
	@echo "make test-browser  JupyterLab driven in Chromium: lecture 01, Validate, formgrader; the web site of three"
	@echo "                lectures over a static server (screenshots in .screenshots/)"
	@echo "make test-hub   as root: a week of the course on a real JupyterHub (throwaway accounts, Chromium when"
	@echo "                installed) and the gradebook on a real PostgreSQL against SQLite; installs JupyterHub"
	@echo "                and psycopg into .venv ([hub] extra) and configurable-http-proxy into .hub/"
	@echo "make demo       one instructor grading round on three sample submissions of a01"
	@echo "make site       every lecture executed (fast mode; COURSE_FAST=0 for the published build) and the course"
	@echo "                built into a static web site in _build/site/; LECTURES=\"01 04\" picks some"
	@echo "make bench-grade  40 submissions: parallel course-grade against sequential nbgrader, speed-up printed"
	@echo "make bench-conv   assignment 04's NumPy conv2d against Keras' Conv2D on the CPU, ratio printed"
	@echo "make bench-cnn    lecture 08's fast CNN against the Keras example: training time to 98 % test accuracy"
	@echo "make bench-sandbox  a kernel's start-up in the grading sandbox against unconfined"
	@echo "make bench-import   CPU seconds of importing TensorFlow, Keras and ml_dtypes in a fresh Python"
	@echo "make bench-scale  N=200 generated submissions of a01 graded with 1 and all workers, on SQLite and"
	@echo "                PostgreSQL: submissions per minute and peak memory per worker"
	@echo "make notebooks  regenerate every .ipynb from its .py source (and the student versions)"
	@echo "make wrong-answers  grade every wrong answer in tests/wrong_answers/ and every correct alternative on its own"
	@echo "make mutants    single-line mutants of every solution, autograded: kill rate and survivors;"
	@echo "                ASSIGNMENTS=\"a01_perceptron\" picks some; MUTANT_ARGS=--screen-only skips nbgrader for the screen's survivors"

# jsonschema imports rfc3987-syntax when it is installed (jupyter-events asks for it, for the "iri" string format that
# no schema of the course or of Jupyter uses), and that package builds a Lark grammar as it is imported: about 0.7 s
# of CPU idle (1.3 s on a busy machine) in every Python that imports nbformat: each grading worker, nbgrader step,
# feedback process, `course-grade` command and Jupyter server. Without it jsonschema leaves that one format unchecked.
UNNEEDED := rfc3987-syntax
PRUNE    := $(BIN)/python -m pip uninstall --quiet --yes $(UNNEEDED)

$(STAMP):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(PRUNE)
	$(BIN)/python course/quiet_tensorflow.py
	mkdir -p $(VENV)/share/jupyter/lab/settings
	echo '$(LAB_SETTINGS)' > $(VENV)/share/jupyter/lab/settings/overrides.json
	rm -f $(VENV)/.installed-*
	touch $@

# TensorFlow's start-up log out of every kernel of .venv (a .pth file); git's filter that keeps the outputs of
# a student's runs out of git (.gitattributes names the notebooks), so `git pull` never conflicts with them;
# markdown files open rendered (the start page); nbgrader's exchange folder (autograder/nbgrader_config.py).
LAB_SETTINGS := {"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Markdown Preview"}}}
setup: $(STAMP)
	@$(BIN)/python course/quiet_tensorflow.py >/dev/null
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git config filter.course-notebook.clean "$(PYTHON) course/strip_outputs.py"; fi
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@echo '$(LAB_SETTINGS)' > $(VENV)/share/jupyter/lab/settings/overrides.json
	@mkdir -p "$${COURSE_EXCHANGE:-$$HOME/.local/share/nbgrader/exchange}"

# Opens the start page; the package metadata stays out of the file browser.
LAB_HIDDEN := ['__pycache__','*.pyc','*.pyo','.DS_Store','*~','*.egg-info']
lab: setup
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root) \
		--LabApp.default_url=/lab/tree/START_HERE.md "--ContentsManager.hide_globs=$(LAB_HIDDEN)"

# Two tests at a time (pytest-xdist); tests/conftest.py groups what must share a worker and hands out the longest first.
TEST_WORKERS ?= 2
XDIST := -n $(TEST_WORKERS) --durations=10

# The tiers are written in tests/conftest.py (COURSE_TESTS=quick: the corpus's slice, wrong answers per part).
test: $(STAMP) $(SITE_STAMP)
	COURSE_TESTS=quick COURSE_FAST=$${COURSE_FAST:-1} $(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# The hub test and the browser test side by side once the full tier is done (each about two minutes, on free ports
# and folders of their own; each one's output printed whole when it ends); what they install comes first, so that no
# pip runs while a test does.
CHROMIUM := $(shell command -v chromium)
test-all: $(STAMP) $(SITE_STAMP) $(HUB_STAMP) $(PROXY) $(if $(CHROMIUM),$(MATHJAX))
	COURSE_FAST=$${COURSE_FAST:-1} $(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)
	$(MAKE) --jobs=2 --output-sync=target test-hub $(if $(CHROMIUM),test-browser,no-browser)

no-browser:
	@echo "WARNING: Chromium is not installed (apt-get install chromium): the browser test did not run."

empty :=
space := $(empty) $(empty)
test-full: $(STAMP)
	COURSE_FAST=0 $(BIN)/python -m pytest tests/test_lectures.py \
		-k "$(if $(strip $(LECTURES)),$(subst $(space), or ,$(strip $(LECTURES))),lecture)" $(PYTEST_ARGS)

test-browser: $(STAMP) $(SITE_STAMP) $(MATHJAX)
	COURSE_BROWSER_TESTS=1 COURSE_FAST=1 $(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)

# The hub test's tools: JupyterHub and psycopg into .venv, the proxy into .hub/ (both removed by make clean).
# Without a registry they stay missing and the hub test says so and skips.
$(HUB_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,hub]' && $(PRUNE) && rm -f $(VENV)/.hub-installed-* && touch $@ \
		|| echo "WARNING: pip could not install the [hub] extra: the hub and PostgreSQL tests will skip."
$(PROXY):
	npm install --prefix .hub --no-audit --no-fund --loglevel=error configurable-http-proxy@5 \
		|| echo "WARNING: npm could not install configurable-http-proxy: the hub test will skip."

test-hub: $(STAMP) $(HUB_STAMP) $(PROXY)
	COURSE_HUB_TESTS=1 COURSE_FAST=$${COURSE_FAST:-1} $(BIN)/python -m pytest tests/hub -p no:cacheprovider $(PYTEST_ARGS)

# The course as a web site (site/build.py): Sphinx with myst-nb and the Jupyter Book theme ([site] extra; site/conf.py
# says why this tool), MathJax 3 from npm into _build/mathjax (the site loads nothing from a CDN). Output in _build/site/.
$(SITE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,site]' && $(PRUNE) && rm -f $(VENV)/.site-installed-* && touch $@
$(MATHJAX):
	npm install --prefix _build/mathjax --no-audit --no-fund --loglevel=error mathjax@3

site: $(SITE_STAMP) $(MATHJAX)
	COURSE_FAST=$${COURSE_FAST:-1} $(BIN)/python site/build.py $(if $(strip $(LECTURES)),--lectures $(LECTURES))

bench-scale: $(STAMP) $(HUB_STAMP)
	COURSE_FAST=$${COURSE_FAST:-1} $(BIN)/python benchmarks/grade_at_scale.py --submissions $${N:-200}

notebooks: $(STAMP)
	$(BIN)/python -m autograder.notebooks

check-notebooks: $(STAMP)
	$(BIN)/python -m autograder.notebooks --check

.PHONY: wrong-answers mutants
wrong-answers: $(STAMP)
	COURSE_FAST=$${COURSE_FAST:-1} COURSE_ALL_WRONG_ANSWERS=1 $(BIN)/python -m pytest tests/test_wrong_answers.py $(PYTEST_ARGS)

mutants: $(STAMP)
	COURSE_FAST=$${COURSE_FAST:-1} $(BIN)/python tests/mutants.py $(ASSIGNMENTS) $(MUTANT_ARGS)

demo: $(STAMP)
	COURSE_FAST=$${COURSE_FAST:-1} $(BIN)/python -m autograder demo

bench-grade: $(STAMP)
	COURSE_FAST=$${COURSE_FAST:-1} $(BIN)/python -m autograder.benchmark

bench-conv: $(STAMP)
	$(BIN)/python benchmarks/conv2d_numpy_vs_keras.py

bench-cnn: $(STAMP)
	$(BIN)/python benchmarks/cnn_time_to_98.py

bench-sandbox: $(STAMP)
	$(BIN)/python benchmarks/sandbox_startup.py

bench-import: $(STAMP)
	$(BIN)/python benchmarks/import_time.py

clean:
	rm -rf $(VENV) .demo .pytest_cache .hub _build
