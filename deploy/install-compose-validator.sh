#!/usr/bin/env bash
# Puts the Docker Compose v2 CLI plugin (Debian's `docker-compose` package, 2.x) into
# .tools/compose/ so that test/integration/compose.spec.ts can run `docker compose config`
# on docker-compose.yml. `config` needs no Docker engine.
#
# Debian 12 (bookworm) only has the old Python docker-compose 1.29, which rejects the
# Compose-spec top-level `name:`; Debian 13 (trixie) has the Go plugin. On bookworm the
# .deb is fetched with apt-get from the trixie suite of the mirror this machine's apt
# already uses, through a private apt state under .tools/apt (the system's sources and
# package database are left alone), and unpacked with dpkg-deb; it needs only libc6 >= 2.34.
# About 25 MB of downloads and 6–10 s. Prints the binary's path on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."

DEST=.tools/compose
BIN="$DEST/usr/libexec/docker/cli-plugins/docker-compose"

if [ -x "$BIN" ] && "$BIN" version >/dev/null 2>&1; then
  echo "  compose validator already there: $("$BIN" version)"
  echo "$BIN"
  exit 0
fi

mkdir -p .tools
# Debian 13 or later: the distribution's own package is already the v2 plugin.
candidate=$(apt-cache policy docker-compose 2>/dev/null | awk '/Candidate:/ {print $2}')
case "$candidate" in
  2.* | [3-9].*) suite="" ;;
  *) suite=trixie ;;
esac

APT=.tools/apt
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial"
opts=(-o "Dir::State::Lists=$PWD/$APT/lists" -o "Dir::Cache=$PWD/$APT/cache" -o "APT::Sandbox::User=root" -q)
if [ -n "$suite" ]; then
  mirror=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  if [ -z "$mirror" ]; then
    mirror=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z+]+:\/\//) { print $i; exit } }' /etc/apt/sources.list 2>/dev/null || true)
  fi
  [ -n "$mirror" ] || { echo "no Debian mirror found in this machine's apt sources" >&2; exit 1; }
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" > "$APT/sources.list"
  opts+=(-o "Dir::Etc::SourceList=$PWD/$APT/sources.list" -o "Dir::Etc::SourceParts=/dev/null")
  echo "  fetching docker-compose (Compose v2 plugin) from Debian $suite"
  apt-get "${opts[@]}" update >/dev/null
else
  echo "  fetching docker-compose $candidate (Compose v2 plugin) from this machine's Debian suite"
  apt-get "${opts[@]}" update >/dev/null
fi

rm -f "$APT"/docker-compose_*.deb
(cd "$APT" && apt-get "${opts[@]}" download docker-compose >/dev/null)
deb=$(ls "$APT"/docker-compose_*.deb)
rm -rf "$DEST"
dpkg-deb -x "$deb" "$DEST"
rm -rf "$APT"
"$BIN" version
echo "$BIN"
