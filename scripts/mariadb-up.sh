#!/usr/bin/env bash
# Starts the local MariaDB (root without a password on 127.0.0.1) when it is installed and not
# running; the MySQL suites, .ci/run and `make chaos` use it.
set -euo pipefail
if mariadb-admin -uroot -h127.0.0.1 ping >/dev/null 2>&1; then exit 0; fi
if [ ! -x /usr/sbin/mariadbd ]; then
  echo "MariaDB is not running at 127.0.0.1:3306 and not installed: apt-get install -y mariadb-server, or set MYSQL_URL" >&2
  exit 1
fi
echo "starting MariaDB"
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql --bind-address=127.0.0.1
for _ in $(seq 1 60); do mariadb-admin -uroot -h127.0.0.1 ping >/dev/null 2>&1 && exit 0; sleep 1; done
echo "MariaDB did not come up" >&2
exit 1
