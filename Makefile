# Two commands: `make run` serves the demo school, `make test` runs every test.
# Both set up whatever is missing first (system packages, venv, database).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system-deps venv db bench stop clean

run: setup
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Портал: http://$(HOST):$(PORT)/  (back-office: http://$(HOST):$(PORT)/admin/)"
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

test: system-deps venv
	$(VENV)/bin/pytest

setup: system-deps venv db

system-deps:
	@scripts/install-system-deps

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements.txt
	touch $@

db: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0

bench: setup
	$(PY) manage.py bench

stop:
	$(PY) -c "from apps.core.embedded_db import stop; stop('var/pgdata')"

clean: stop
	rm -rf var $(VENV)
