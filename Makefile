# Simpul — `make run` to try it, `make test` to check it. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test setup pdflibs gettext lint format demo migrations-check check-deploy bench load browser mutate clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' || \
	  { echo "Simpul needs Python >= 3.10; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Install a newer python3 or run: make PYTHON=python3.11 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP) pdflibs

# PDF reports render with WeasyPrint, which needs Pango and a font; install them when missing (needs root).
pdflibs:
	@{ ldconfig -p | grep -q 'libpangoft2-1.0.so.0' && fc-list | grep -qi dejavu; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	  else echo "PDF reports need Pango and DejaVu fonts: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"; exit 1; fi; }

run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	@echo "Simpul: http://127.0.0.1:8000  (stop with Ctrl+C); the report worker runs alongside"
	@$(BIN)/python manage.py db_worker --no-reload -v 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:8000

demo: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo

# Browser tests drive Debian's Chromium; install it when missing (needs root, as on CI machines).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Chromium at $(CHROMIUM): sudo apt-get install chromium"; exit 1; fi; }

# The catalogue check (tests/test_i18n.py) runs Django's makemessages, which needs GNU gettext.
gettext:
	@command -v xgettext >/dev/null && command -v msgmerge >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else echo "The translation check needs GNU gettext: sudo apt-get install gettext"; exit 1; fi; }

test: setup browser gettext
	$(BIN)/python manage.py makemigrations --check --dry-run >/dev/null || { echo "Models changed without a migration: run manage.py makemigrations"; exit 1; }
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: setup
	$(BIN)/python manage.py makemigrations --check --dry-run

check-deploy: setup
	DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-key-but-long-enough-0123456789 ALLOWED_HOSTS=simpul.example.go.id \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

# The same cases on PostgreSQL (bench/RESULTS.md) and on the embedded SQLite default (bench/RESULTS-sqlite.md).
bench: setup
	$(BIN)/python -m bench
	$(BIN)/python -m bench --sqlite

# Mutation testing (mutmut) over the modules in pyproject's [tool.mutmut]; kill rates go to bench/MUTATION.md.
# Not part of CI: it takes tens of minutes.
mutate: setup
	$(BIN)/python -m bench.mutation $(MODULES)

# Bounded load on 127.0.0.1 only: gunicorn (4 workers) + PostgreSQL, 50 users for 60 s.
load: setup
	$(BIN)/python -m bench.load

clean:
	rm -rf $(VENV) staticfiles .pytest_cache mutants
