.PHONY: start test setup bench-inbox clean

# Runs the whole system on the embedded default: Temporal dev server, SQLite, mail sink, API, worker.
start:
	@bash scripts/setup.sh
	@node dist/scripts/start.js

# Sets up what is missing and runs every test suite (MySQL too when MYSQL_URL is set).
test:
	@bash scripts/setup.sh test
	@echo "type-checking everything, tests included"
	@npx tsc -p tsconfig.json --noEmit
	@npm test --silent

setup:
	@bash scripts/setup.sh

bench-inbox:
	@bash scripts/setup.sh
	@node dist/test/bench/inbox.bench.js

clean:
	rm -rf dist test/.tmp
