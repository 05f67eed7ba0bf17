# Everyday commands. `make run` and `make test` are the README's two commands.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
ADDR   ?= 127.0.0.1:8000

.PHONY: run test install lint format check migrations-check seed worker beat clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install  ## set up everything (db, static, demo data) and run web + worker + beat
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo
	$(PY) manage.py serve_all $(ADDR)

test: install  ## the whole test suite (PostgreSQL/Redis/Chromium tests run when configured)
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy asn_portal jabatan pelatihan survei
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy asn_portal jabatan pelatihan survei

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

seed: install
	$(PY) manage.py seed_demo

worker: install
	$(PY) -m celery -A asn_portal worker -l info

beat: install
	$(PY) -m celery -A asn_portal beat -l info

clean:
	rm -rf var/ artifacts/
