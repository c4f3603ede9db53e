.PHONY: start test lint setup bench-inbox clean bench-votes bench-pages fuzz chaos

# Runs the whole system on the embedded default: Temporal dev server, SQLite, mail sink, API, worker.
start:
	@bash scripts/setup.sh
	@node dist/scripts/start.js

# Sets up what is missing and runs every test suite (MySQL too when MYSQL_URL is set).
test:
	@bash scripts/setup.sh test
	@echo "type-checking everything, tests included"
	@npx tsc -p tsconfig.json --noEmit
	@$(MAKE) --no-print-directory lint
	@npm test --silent

# typescript-eslint, and the Temporal rules for workflow code (eslint.config.mjs).
lint:
	@echo "linting (ESLint)"
	@npx eslint .

setup:
	@bash scripts/setup.sh

bench-inbox:
	@bash scripts/setup.sh
	@node dist/test/bench/inbox.bench.js

# R4 votes over HTTP against bare Temporal Updates on the same dev server (starts its own system).
bench-votes:
	@bash scripts/setup.sh
	@node dist/test/bench/votes.bench.js

# Page weight and time to interactive of the web client on a cheap phone (CPU 4× slower, slow 4G),
# against the page's HTML and API calls fetched bare in the same run (starts its own system).
bench-pages:
	@bash scripts/setup.sh
	@node dist/scripts/bench-pages.js

# schemathesis over /api/docs-json with a user of each kind (starts its own system): no 5xx, responses as documented.
fuzz:
	@bash scripts/setup.sh fuzz
	@node dist/scripts/fuzz.js

# Issue 9: SIGKILLs of the worker, the API and Temporal, SMTP and database outages, while 50
# procedures of every kind run over HTTP; then checks that nothing acknowledged was lost.
# A fresh database on MYSQL_URL's server (local MariaDB started if needed); CHAOS_SIZE=small for the short run.
chaos:
	@bash scripts/setup.sh
	@[ -n "$${MYSQL_URL:-}" ] || bash scripts/mariadb-up.sh
	@MYSQL_URL=$${MYSQL_URL:-mysql://root@127.0.0.1:3306} node dist/test/chaos/main.js

clean:
	rm -rf dist test/.tmp
