# Two commands: `make run` serves the demo school, `make test` runs every test.
# Both set up whatever is missing first (system packages, venv, database).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint setup system-deps venv dev-venv requirements db bench stop clean

# The settings refuse the development SECRET_KEY when DEBUG is off: the local server and its
# database set-up run with DEBUG on, the benchmark with DEBUG off, a throw-away key and a local SITE_URL.
run db: export DEBUG ?= true
# The links in the worker's letters and the seeding's report lead to the port actually served (a SITE_URL
# of the environment or of .env still wins).
run: export SITE_URL ?= $(or $(shell sed -n 's/^SITE_URL=//p' .env 2>/dev/null),http://$(HOST):$(PORT))
bench: export SECRET_KEY ?= $(shell $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))")
bench: export SITE_URL ?= http://$(HOST):$(PORT)

# The set-up of `make db` in the seeding's own process (--migrate): one Python start-up fewer.
run: system-deps venv
	$(PY) manage.py seed_demo --migrate
	@$(COLLECTSTATIC_UNLESS_DEBUG)
	@echo ""
	@echo "Портал: http://$(HOST):$(PORT)/  (back-office: http://$(HOST):$(PORT)/admin/)"
# The background worker (e-mails, reminders) beside the web server: started with the shell's pid as its
# parent, then `exec` makes runserver that process, so the worker ends with it (--parent), whether
# runserver stops, is interrupted or is killed; Ctrl+C reaches both (one process group).
	DEBUG=$${DEBUG:-true} $(PY) manage.py worker --no-reload --interval 2 --parent $$$$ & \
	DEBUG=$${DEBUG:-true} exec $(PY) manage.py runserver $(HOST):$(PORT)

test: system-deps dev-venv
	$(VENV)/bin/pytest

lint: dev-venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

setup: system-deps venv db

system-deps:
	@scripts/install-system-deps

# requirements.txt: what the portal runs on; requirements-dev.txt: that plus tests and lint.
# Both pinned with every transitive dependency; one stamp each, so a changed file reinstalls.
venv: $(VENV)/.installed
dev-venv: $(VENV)/.installed-dev

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $@

# Edit requirements.in / requirements-dev.in, then pin again (versions already pinned stay).
PIP_COMPILE := $(VENV)/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links
requirements: dev-venv
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

# Static files are collected only with DEBUG off: with DEBUG on WhiteNoise serves them from the app folders
# (WHITENOISE_USE_FINDERS follows DEBUG) under their plain names, and compressing every file again took
# some 25-40 s of CPU on each `make run`. DEBUG's true values are django-environ's.
COLLECTSTATIC_UNLESS_DEBUG = case "$$(echo "$${DEBUG:-}" | tr A-Z a-z)" in true|on|ok|y|yes|1) ;; \
	*) echo "$(PY) manage.py collectstatic --noinput -v 0"; $(PY) manage.py collectstatic --noinput -v 0 ;; esac

db: venv
	$(PY) manage.py migrate --noinput
	@$(COLLECTSTATIC_UNLESS_DEBUG)

bench: setup
	$(PY) manage.py bench

stop:
	$(PY) -c "from apps.core.embedded_db import stop; stop('var/pgdata')"

clean: stop
	rm -rf var $(VENV)
