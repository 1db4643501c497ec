# Two commands from a fresh clone:  make book   and   make test
PYTHON_BASE ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LITE_VENV := _build/lite-venv
LITE_STAMP := $(LITE_VENV)/.installed

.PHONY: env book assets lite test test-fast bench clean clean-all

env: $(STAMP)

# (Re)create the environment when requirements.txt or pyproject.toml change.
$(STAMP): requirements.txt pyproject.toml
	@if [ -d $(VENV) ] && [ -f $(STAMP) ]; then echo "requirements changed: re-creating $(VENV)"; rm -rf $(VENV); fi
	@[ -x $(PY) ] || $(PYTHON_BASE) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

book: env $(LITE_STAMP)
	$(PY) tools/build.py .
	$(PY) tools/lite.py build

# The chapters in the browser (JupyterLite, _build/html/lite): its build tools live in their own
# environment, pinned with hashes by lite/requirements.txt; downloads are cached by sha256 in
# ~/.cache/inland-coastal-lite (tools/lite.py). make book does it after the book.
$(LITE_STAMP): lite/requirements.txt
	@rm -rf $(LITE_VENV)
	$(PYTHON_BASE) -m venv $(LITE_VENV)
	$(LITE_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r lite/requirements.txt
	@touch $(LITE_STAMP)

lite: env $(LITE_STAMP)
	$(PY) tools/lite.py build

# the site's own JavaScript: npm ci (web/package-lock.json) -> _static/vendor + MANIFEST.json
# (make book does it too)
assets: env
	$(PY) tools/site_assets.py

test: book
	$(PY) -m pytest

# library and command-line tests only (no book build, no browser)
test-fast: env
	$(PY) -m pytest -m "not slow"

bench: env
	$(PY) tools/bench.py

clean:
	rm -rf _build

clean-all: clean
	rm -rf $(VENV) web/node_modules _static/vendor lite/node_modules
