#!/usr/bin/env bash
# Installs (from Debian's packages, when missing) and starts a PostgreSQL server on 127.0.0.1:5432, creates a test
# role and database, and prints `export TEST_DATABASE_URL=…` on stdout (everything else goes to stderr), so that
# `eval "$(bash .ci/postgres.sh)"` prepares the environment. Idempotent.
set -euo pipefail
exec 3>&1 1>&2

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data=/var/lib/postgresql/evo-ladder-test
if [ ! -f "$data/PG_VERSION" ]; then
  mkdir -p "$data" && chown postgres:postgres "$data"
  su postgres -c "$bin/initdb -D $data -A trust -U postgres" >/dev/null
fi
if ! su postgres -c "$bin/pg_ctl -D $data status" >/dev/null 2>&1; then
  su postgres -c "$bin/pg_ctl -D $data -l $data/server.log -w -o '-c listen_addresses=127.0.0.1 -p 5432 -c max_connections=200 -c fsync=off' start" >/dev/null
fi
for _ in $(seq 1 50); do
  su postgres -c "$bin/pg_isready -h 127.0.0.1 -p 5432" >/dev/null 2>&1 && break
  sleep 0.2
done
psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_roles WHERE rolname = 'evo'" | grep -q 1 ||
  psql -h 127.0.0.1 -U postgres -c "CREATE ROLE evo LOGIN SUPERUSER PASSWORD 'evo'" >/dev/null
psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'evo_test'" | grep -q 1 ||
  psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE evo_test OWNER evo" >/dev/null
echo "export TEST_DATABASE_URL=postgres://evo:evo@127.0.0.1:5432/evo_test" >&3
