# Alliance 8.7 platform. Two commands matter: `make run` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
VENV_STAMP := .venv/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: system-deps run test test-fast bench lint vendor messages install browser-deps clean

# Pango and HarfBuzz for WeasyPrint's PDF exports (Debian's packages; installed when missing, as root).
system-deps:
	@ldconfig -p | grep -q libpangoft2-1.0 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null; \
		else echo "Install Pango for PDF exports: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" >&2; fi; }

$(VENV_STAMP): pyproject.toml
	@test -x $(PY) || python3.11 -m venv .venv || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@rm -f .venv/.installed-*; touch $(VENV_STAMP)

install: $(VENV_STAMP)

# The local demo: SQLite, one uvicorn process, demo sign-ins printed. Never use DEMO=1 in production.
run: $(VENV_STAMP) system-deps
	DEMO=1 $(PY) manage.py migrate --noinput
	DEMO=1 $(PY) manage.py collectstatic --noinput --verbosity 0
	DEMO=1 .venv/bin/alliance87 load-alliance-data
	DEMO=1 .venv/bin/alliance87 load-pathfinder-demo
	DEMO=1 .venv/bin/alliance87 load-side-event
	DEMO=1 .venv/bin/alliance87 load-conference-banner
	DEMO=1 .venv/bin/alliance87 load-commitment-examples
	DEMO=1 .venv/bin/alliance87 load-experience-examples
	DEMO=1 .venv/bin/alliance87 load-stocktake-facts
	DEMO=1 .venv/bin/alliance87 rebuild-search-index
	@DEMO=1 .venv/bin/alliance87 create-demo-users
	@# The national 8.7.1 files land through the import's checks, as the demo's secretariat member.
	@DEMO=1 .venv/bin/alliance87 load-indicator-data
	@echo ""
	@echo "  Alliance 8.7 is at http://$(HOST):$(PORT)/   (API: http://$(HOST):$(PORT)/api/docs)"
	@echo "  Sign in at http://$(HOST):$(PORT)/accounts/login/ with one of the demo sign-ins above."
	@echo ""
	DEMO=1 .venv/bin/uvicorn alliance87.asgi:application --host $(HOST) --port $(PORT) \
		--loop uvloop --http httptools --ws alliance87.prepared_frames:WebSocketProtocol --no-access-log

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "Install Debian's chromium (sudo apt-get install chromium) for the browser tests." >&2; exit 1; fi; }

# Two processes (pytest-xdist), one per core, each file's tests in one of them (fixtures per module stay
# whole); each has its own test database and, with REDIS_URL, its own Redis database. TEST_WORKERS=0: one.
# The browser tests run after the others, in processes of their own: Playwright's synchronous API keeps an
# event loop running in the process's main thread, where async_to_sync (Channels, the ASGI tests) refuses
# to run once it has started.
TEST_WORKERS ?= 2
XDIST = $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile)
test: $(VENV_STAMP) browser-deps system-deps
	$(PY) -m pytest -q -m "not browser" $(XDIST) $(PYTEST_ARGS)
	$(PY) -m pytest -q -m browser $(XDIST) $(PYTEST_ARGS)

# Without the browser tests, for a quick loop while coding.
test-fast: $(VENV_STAMP)
	$(PY) -m pytest -q -m "not browser" $(XDIST) $(PYTEST_ARGS)

bench: $(VENV_STAMP)
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/run.py
	$(PY) bench/events.py
	$(PY) bench/runofshow.py --write-docs
	$(PY) bench/themes.py --write-docs
	$(PY) bench/themes_page.py --write-docs
	$(PY) bench/commitments.py --write-docs
	$(PY) bench/commitment_lights.py --write-docs
	$(PY) bench/indicators_import.py --write-docs
	$(PY) bench/indicators_sdmx.py --write-docs
	$(PY) bench/stocktake.py --write-docs
	$(PY) bench/profile_pdf.py --write-docs
	$(PY) bench/ten_year_report.py --write-docs
	@# The artwork's two-process run needs PostgreSQL and Redis: the machine's, when they answer.
	if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then \
		DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/1} \
		$(PY) bench/artwork.py --write-docs; \
	else $(PY) bench/artwork.py --write-docs; fi

lint: $(VENV_STAMP)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

# Re-copy the vendored front-end files from npm (versions in package.json).
vendor:
	npm install --no-save --no-audit --no-fund
	bash scripts/vendor.sh

messages: $(VENV_STAMP)
	$(PY) manage.py makemessages -l fr -l es -l ar -e html,txt,py,svg --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf staticfiles var/test-*
