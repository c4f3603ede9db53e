#!/bin/sh
# Registers the namespace the API and worker use, once, and the custom search attributes
# listed in TEMPORAL_SEARCH_ATTRIBUTES ("Name=Type,Name=Type", e.g. "VillageId=Keyword").
# Safe to run on every start.
set -eu
NS="${TEMPORAL_NAMESPACE:-default}"
ADDR="${TEMPORAL_ADDRESS:-temporal:7233}"

i=0
until temporal operator cluster health --address "$ADDR" >/dev/null 2>&1; do
  i=$((i + 1))
  [ "$i" -ge 60 ] && { echo "Temporal at $ADDR is not healthy" >&2; exit 1; }
  sleep 2
done

if temporal operator namespace describe --namespace "$NS" --address "$ADDR" >/dev/null 2>&1; then
  echo "namespace ${NS} exists"
else
  temporal operator namespace create --namespace "$NS" --retention "${TEMPORAL_NAMESPACE_RETENTION:-720h}" --address "$ADDR"
  echo "namespace ${NS} created"
fi

if [ -n "${TEMPORAL_SEARCH_ATTRIBUTES:-}" ]; then
  existing=$(temporal operator search-attribute list --namespace "$NS" --address "$ADDR" 2>/dev/null || true)
  for pair in $(echo "$TEMPORAL_SEARCH_ATTRIBUTES" | tr ',' ' '); do
    name="${pair%%=*}"
    type="${pair#*=}"
    if echo "$existing" | grep -qw "$name"; then
      echo "search attribute ${name} exists"
    else
      temporal operator search-attribute create --namespace "$NS" --name "$name" --type "$type" --address "$ADDR"
      echo "search attribute ${name} (${type}) created"
    fi
  done
fi
