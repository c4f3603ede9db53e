#!/bin/sh
# Creates Temporal's databases if missing and brings both schemas to the version the
# admin-tools image ships. Safe to run on every start: setup-schema leaves a newer version
# alone and update-schema applies only what is missing.
# Connection: SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD (read by temporal-sql-tool).
set -eu
SCHEMA=/etc/temporal/schema/mysql/v8

echo "waiting for ${SQL_HOST}:${SQL_PORT}"
i=0
until nc -z -w 5 "$SQL_HOST" "$SQL_PORT"; do
  i=$((i + 1))
  [ "$i" -ge 30 ] && { echo "MySQL is not reachable" >&2; exit 1; }
  sleep 2
done

for db in temporal temporal_visibility; do
  case "$db" in
    temporal) dir="$SCHEMA/temporal/versioned" ;;
    *) dir="$SCHEMA/visibility/versioned" ;;
  esac
  echo "schema of ${db}"
  temporal-sql-tool --db "$db" create
  temporal-sql-tool --db "$db" setup-schema -v 0.0
  temporal-sql-tool --db "$db" update-schema -d "$dir"
done
echo "Temporal schemas are up to date"
