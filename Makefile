# Operadora Aberta — the commands of README.md. Needs only Python 3.11 and make.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# `make test` uses the local PostgreSQL when one answers (CI sets DATABASE_URL itself); otherwise SQLite.
PG_URL := postgres://postgres@127.0.0.1:5432/operadora

.PHONY: install install-dev run demo test lint bench lock clean smoke

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements/base.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/base.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.installed-dev: requirements/dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/operadora migrate --no-input -v 0
	$(BIN)/operadora carregar_tuss
	$(BIN)/operadora demo
	$(BIN)/operadora demo --logins
	$(BIN)/operadora runserver 127.0.0.1:$(PORT)

demo: install
	$(BIN)/operadora migrate --no-input -v 0
	$(BIN)/operadora demo

test: install-dev
	@if [ -z "$$DATABASE_URL" ] && $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then \
		echo "make test: PostgreSQL em 127.0.0.1:5432"; export DATABASE_URL=$(PG_URL); \
	elif [ -z "$$DATABASE_URL" ]; then echo "make test: PostgreSQL não encontrado; usando SQLite"; fi; \
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check operadora bench
	$(BIN)/mypy operadora
	$(BIN)/operadora makemigrations --check --dry-run

bench: install-dev
	@if [ -z "$$DATABASE_URL" ] && $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then \
		echo "make bench: PostgreSQL em 127.0.0.1:5432 (banco operadora_bench)"; \
		export DATABASE_URL=postgres://postgres@127.0.0.1:5432/operadora_bench; \
		$(BIN)/python -c "import psycopg; c = psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', autocommit=True); c.execute('CREATE DATABASE operadora_bench') if not c.execute(\"SELECT 1 FROM pg_database WHERE datname='operadora_bench'\").fetchone() else None"; \
	fi; \
	$(BIN)/python -m bench $(BENCH)

smoke: install
	bash .ci/smoke-embedded

# Regenerate the lock files (names, versions and hashes only; no index addresses).
lock: install-dev
	$(BIN)/python -m pip install --quiet uv==0.13.9
	cd requirements && for f in base dev; do \
		../$(BIN)/uv pip compile $$f.in --generate-hashes \
		  --python-version 3.11 --no-header -q -o $$f.lock; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
