# Everyday commands. `make run` and `make test` are the README's two commands.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
ADDR   ?= 127.0.0.1:8000

.PHONY: run test install lint format check migrations-check seed worker beat clean security constraints bench

# constraints.txt pins every package to the versions the suite last passed with (reproducible
# installs); pyproject.toml keeps only lower bounds. Refresh with `make constraints`.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install  ## set up everything (db, static, demo data) and run web + worker + beat
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo
	$(PY) manage.py serve_all $(ADDR)

test: install security  ## the whole test suite (PostgreSQL/Redis/Chromium tests run when configured)
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy asn_portal jabatan pelatihan survei
	$(PY) -m pytest

security: install  ## static security analysis; accepted findings carry `# nosec BXXX  # reason`
	$(PY) -m pip check
	$(VENV)/bin/bandit -q -c pyproject.toml -r asn_portal jabatan pelatihan survei

constraints: install  ## re-pin constraints.txt to what is installed now (after changing deps)
	{ echo "# Written by \`make constraints\` (pip freeze of a venv the suite passed in); do not edit."; \
	  $(PY) -m pip freeze --exclude-editable | grep -v '^asn-portal'; } > constraints.txt

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

# Benchmarks: app against its floor on generated data (docs/BENCHMARKS.md). The database
# BENCH_DB is dropped and rebuilt: never point it at real data.
SCALE    ?= bengkulu
REPEAT   ?= 5
BENCH_DB ?= asn_bench_$(SCALE)
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
bench: install  ## make bench SCALE=tiny|small|bengkulu|nasional
	psql "$(BENCH_PG)/postgres" -qc 'DROP DATABASE IF EXISTS "$(BENCH_DB)"' -c 'CREATE DATABASE "$(BENCH_DB)"'
	DATABASE_URL=$(BENCH_PG)/$(BENCH_DB) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_PG)/$(BENCH_DB) $(PY) manage.py generate_data --scale $(SCALE) --seed 1
	DATABASE_URL=$(BENCH_PG)/$(BENCH_DB) $(PY) bench/run.py --repeat $(REPEAT) --json var/bench-$(SCALE).json
