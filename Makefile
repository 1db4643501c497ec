# Two commands from a fresh clone:  make book   and   make test
PYTHON_BASE ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LITE_VENV := _build/lite-venv
LITE_STAMP := $(LITE_VENV)/.installed

.PHONY: env book assets lock lite test test-fast bench clean clean-all

env: $(STAMP)

# (Re)create the environment when requirements.txt or pyproject.toml change.
$(STAMP): requirements.txt pyproject.toml
	@if [ -d $(VENV) ] && [ -f $(STAMP) ]; then echo "requirements changed: re-creating $(VENV)"; rm -rf $(VENV); fi
	@[ -x $(PY) ] || $(PYTHON_BASE) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# requirements.txt (everything `make env` installs: the dev extra) and binder/requirements.txt
# (the binder extra), locked from pyproject.toml by uv; versions already in the files are kept
# unless LOCK_ARGS asks otherwise (LOCK_ARGS="--upgrade" or "--upgrade-package NAME").
# uv comes from the lock extra of pyproject.toml.
LOCK_ARGS ?=
lock:
	@[ -x $(PY) ] || $(PYTHON_BASE) -m venv $(VENV)
	$(PY) -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["lock"])' \
		| xargs $(PY) -m pip install --quiet
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python $(PY) --quiet $(LOCK_ARGS) -o requirements.txt
	$(VENV)/bin/uv pip compile pyproject.toml --extra binder --python $(PY) --quiet $(LOCK_ARGS) \
		-c requirements.txt -o binder/requirements.txt

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
	$(PY) tools/vendor_assets.py

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
