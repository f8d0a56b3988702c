# Two entry points: `make run` (the app on a demo database) and `make test` (every test,
# offscreen). Both build the virtual environment from the pinned lock file first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench lock bundle system-deps clean

$(STAMP): requirements/lock.txt pyproject.toml
	@sh packaging/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

run: $(STAMP)
	$(BIN)/bodymap --demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

# The app as one folder for this operating system (dist/), with PyInstaller pinned in
# requirements/bundle.txt; see packaging/build_bundle.py.
bundle: $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements/bundle.txt
	$(BIN)/python packaging/build_bundle.py

# Regenerate the locks after changing dependencies in pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --extra test --extra dev \
		--output-file requirements/lock.txt pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --extra bundle \
		--constraint requirements/lock.txt --output-file requirements/bundle.txt pyproject.toml

clean:
	rm -rf $(VENV) build dist test-artifacts *.egg-info .pytest_cache .mypy_cache .ruff_cache
