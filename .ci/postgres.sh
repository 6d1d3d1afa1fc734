#!/usr/bin/env bash
# Installs (from Debian's packages, when missing) and starts a PostgreSQL server on 127.0.0.1:5432, creates a test
# role and database, and prints `export TEST_DATABASE_URL=…` on stdout (everything else goes to stderr), so that
# `eval "$(bash .ci/postgres.sh)"` prepares the environment. Idempotent: a server already answering on 5432 (e.g. the
# cluster Debian's package starts) is used as it is; otherwise a throw-away cluster is created and started.
set -euo pipefail
exec 3>&1 1>&2

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "installing PostgreSQL from Debian's packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql </dev/null >/dev/null 3>&-
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
ready() { "$bin/pg_isready" -q -h 127.0.0.1 -p 5432; }

if ! ready; then
  data=/var/lib/postgresql/evo-ladder-test
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data" && chown postgres:postgres "$data"
    su postgres -c "$bin/initdb -D $data -A trust -U postgres" >/dev/null
  fi
  mkdir -p /var/run/postgresql && chown postgres:postgres /var/run/postgresql
  if ! su postgres -c "$bin/pg_ctl -D $data status" >/dev/null 2>&1; then
    # The server outlives this script: it must not inherit fd 3 (the caller's stdout), or a caller reading that
    # stdout to its end (a command substitution) waits for the server to exit, i.e. for ever.
    su postgres -c "$bin/pg_ctl -D $data -l $data/server.log -w -t 60 -o '-c listen_addresses=127.0.0.1 -p 5432 -c max_connections=200 -c fsync=off' start" </dev/null >/dev/null 3>&-
  fi
  for _ in $(seq 1 50); do
    ready && break
    sleep 0.2
  done
fi
ready || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }

# As the postgres OS user over the local socket: peer or trust authentication, whichever the cluster uses.
psql_admin() { su postgres -c "psql -X -q -p 5432 -d postgres -tA -c \"$1\""; }
[ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = 'evo'")" = "1" ] ||
  psql_admin "CREATE ROLE evo LOGIN SUPERUSER PASSWORD 'evo'" >/dev/null
[ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = 'evo_test'")" = "1" ] ||
  psql_admin "CREATE DATABASE evo_test OWNER evo" >/dev/null
echo "export TEST_DATABASE_URL=postgres://evo:evo@127.0.0.1:5432/evo_test" >&3
