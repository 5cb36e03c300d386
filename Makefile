# Kehila: `make run` to try it, `make test` to check it. Both set up everything they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve-prod test bench install messages lint format migrate clean java-runtime lock

# Everything comes from the lock, each file checked against its hash (`make lock` writes it).
$(VENV)/.installed: pyproject.toml requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# After changing a pin in pyproject.toml: the locked tree with hashes, for the app alone
# (requirements.lock, for servers) and with the test tools (requirements-dev.lock).
PIP_COMPILE = $(PY) -m piptools compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links
lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check pip-tools==7.6.2
	CUSTOM_COMPILE_COMMAND="make lock" $(PIP_COMPILE) --output-file=requirements.lock pyproject.toml
	CUSTOM_COMPILE_COMMAND="make lock" $(PIP_COMPILE) --extra=dev --output-file=requirements-dev.lock pyproject.toml

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		echo "The browser tests need Debian's Chromium: sudo apt-get install -y chromium"; exit 1; \
	fi

# The HTML checker (vnu-jar from npm) runs on Java.
java-runtime:
	@command -v java >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; \
		else \
			echo "The HTML validity test needs Java: sudo apt-get install -y default-jre-headless"; exit 1; \
		fi; }

install: $(VENV)/.installed node_modules/.installed

messages: $(VENV)/.installed
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

migrate: install messages
	DEBUG=true $(PY) manage.py migrate --noinput

run: migrate
	DEBUG=true $(PY) manage.py seed_demo
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# Production-like on this machine: DEBUG off, hashed and compressed static files served by
# WhiteNoise, migrations, gunicorn with WORKERS workers on http://127.0.0.1:8001. Plain http on
# loopback, so no redirect to HTTPS (and ordinary cookies). SECRET_KEY: yours, or a throwaway
# one per run (sessions end when it stops). The database: DATABASE_URL, or db.sqlite3.
WORKERS ?= 3
PROD_PORT ?= 8001
serve-prod: install messages
	export DEBUG=false SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=127.0.0.1,localhost \
		SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" && \
	$(PY) manage.py collectstatic --noinput -v0 && \
	$(PY) manage.py migrate --noinput && \
	exec $(VENV)/bin/gunicorn kehila.wsgi --workers $(WORKERS) --bind 127.0.0.1:$(PROD_PORT) \
		--access-logfile -

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The whole suite, on SQLite unless DATABASE_URL points elsewhere.
# One test process per core (pytest-xdist; each has its own test database). TEST_WORKERS=0 for
# one process, e.g. to debug with pdb.
TEST_WORKERS ?= auto
test: install messages lint /usr/bin/chromium java-runtime
	SECRET_KEY=test-only-not-secret $(PY) manage.py check --fail-level WARNING
	SECRET_KEY=test-only-not-secret $(PY) manage.py makemigrations --check --dry-run
	SECRET_KEY=test-only-not-secret $(VENV)/bin/pytest -n $(TEST_WORKERS) --cov --cov-report=term:skip-covered $(PYTEST_ARGS)

# Speed at 1,000, 10,000 and 100,000 stakeholders, in a database of its own (bench.sqlite3),
# or in the PostgreSQL database DATABASE_URL points to. BENCH_SIZES="1000 10000" to shorten.
BENCH_SIZES ?= 1000 10000 100000
BENCH_ENV = SECRET_KEY=bench-only ALLOWED_HOSTS=testserver STATIC_PLAIN=true SECURE_SSL_REDIRECT=false DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/bench.sqlite3}
bench: install messages
	$(BENCH_ENV) $(PY) manage.py migrate --noinput -v0
	$(BENCH_ENV) $(PY) manage.py bench --sizes $(BENCH_SIZES)

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .coverage
