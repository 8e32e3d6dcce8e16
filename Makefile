# Sector Pathways: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# The embedded defaults: SQLite, Celery tasks run in-process, console email.
# DEBUG=1 is for a developer's machine only; production sets SECRET_KEY instead.
DEV_ENV := DEBUG=$${DEBUG:-1}

.PHONY: install run test lint format demo worker clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_demo --address $(HOST)
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST)

demo: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_demo

test: install
	$(BIN)/ruff check .
	@# The compiled Spanish catalog is committed; recompile it where gettext is installed.
	@if command -v msgfmt >/dev/null; then \
		$(DEV_ENV) $(BIN)/python manage.py compilemessages -l es --ignore=.venv; \
	else echo "msgfmt not found (apt-get install gettext): using the committed catalog"; fi
	$(DEV_ENV) $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The Spanish edition of the maps: extract the texts, translate locale/es/LC_MESSAGES/django.po,
# then compile it (needs gettext's msgfmt; the compiled .mo is committed too).
messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l es --no-obsolete --no-location \
		--ignore=.venv --ignore=static --ignore=build --ignore=tests
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -l es --ignore=.venv

# A Celery worker for a machine with REDIS_URL set (docker-compose runs its own).
worker: install
	$(BIN)/celery -A pathways worker --loglevel=info

clean:
	rm -rf $(VENV) staticfiles media build
