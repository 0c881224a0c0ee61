# Banshi — set-up and everyday commands. Every target installs first (from the hashed lock).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(shell command -v uv 2>/dev/null || echo $(BIN)/uv)
STAMP := $(VENV)/.installed
ENV_FILE := .env

.PHONY: install demo test lint format lock bench messages clean

install: $(STAMP) $(ENV_FILE)

$(STAMP): requirements-dev.lock pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@command -v uv >/dev/null 2>&1 || test -x $(BIN)/uv || $(BIN)/python -m pip install -q uv
	$(UV) pip install --python $(BIN)/python --require-hashes -q -r requirements-dev.lock
	$(UV) pip install --python $(BIN)/python --no-deps -q -e .
	@touch $(STAMP)

# Development keys for this checkout, made once (settings read .env; the environment wins).
$(ENV_FILE):
	@umask 077 && printf '%s\n' \
	  '# Development keys for this checkout, made by `make install`; never commit this file.' \
	  '# Production sets its own SECRET_KEY and BANSHI_DATA_KEY in the environment.' \
	  "SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  "BANSHI_DATA_KEY=$$($(PYTHON) -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')" \
	  > $(ENV_FILE).tmp && mv $(ENV_FILE).tmp $(ENV_FILE)
	@echo "wrote $(ENV_FILE) with new development keys"

demo: install
	$(BIN)/banshi demo

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock:
	$(UV) pip compile --generate-hashes -q pyproject.toml -o requirements.lock
	$(UV) pip compile --generate-hashes -q --extra dev pyproject.toml -o requirements-dev.lock

messages: install
	$(BIN)/banshi makemessages -l en --ignore ".venv/*" --ignore "tests/*" --ignore "bench/*"
	$(BIN)/banshi compilemessages -l en --ignore ".venv/*"

bench: install
	$(BIN)/python bench/import_roster.py

clean:
	rm -rf $(VENV) .pytest_cache banshi.sqlite3*
