#!/bin/sh
# Runs once, when the mysql-data volume is initialised (docker-entrypoint-initdb.d).
# The app's own database and user come from MYSQL_DATABASE / MYSQL_USER / MYSQL_PASSWORD;
# this adds the account Temporal uses. Its two databases (temporal, temporal_visibility)
# are created and migrated by the temporal-setup service (deploy/temporal/setup-mysql.sh).
set -eu
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD is not set}"
case "$TEMPORAL_DB_PASSWORD" in
  *"'"* | *'\'*) echo "TEMPORAL_DB_PASSWORD must not contain ' or \\" >&2; exit 1 ;;
esac

echo "creating MySQL user 'temporal' for the Temporal server"
MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql --protocol=socket -uroot <<SQL
CREATE USER IF NOT EXISTS 'temporal'@'%' IDENTIFIED BY '${TEMPORAL_DB_PASSWORD}';
GRANT ALL PRIVILEGES ON \`temporal\`.* TO 'temporal'@'%';
GRANT ALL PRIVILEGES ON \`temporal_visibility\`.* TO 'temporal'@'%';
FLUSH PRIVILEGES;
SQL
