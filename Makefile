.PHONY: start test setup bench-inbox clean bench-votes fuzz

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

# R4 votes over HTTP against bare Temporal Updates on the same dev server (starts its own system).
bench-votes:
	@bash scripts/setup.sh
	@node dist/test/bench/votes.bench.js

# schemathesis over /api/docs-json with a user of each kind (starts its own system): no 5xx, responses as documented.
fuzz:
	@bash scripts/setup.sh fuzz
	@node dist/scripts/fuzz.js

clean:
	rm -rf dist test/.tmp
