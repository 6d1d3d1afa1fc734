#!/usr/bin/env bash
# Installs Debian's pgbouncer (when missing) and starts it on 127.0.0.1:6432 in transaction-pooling mode in front of
# the PostgreSQL on 127.0.0.1:5432 (every database, as the test role evo), then prints
# `export TEST_PGBOUNCER_URL=…` on stdout (everything else goes to stderr). Idempotent: a pgbouncer already
# answering on 6432 is used as it is.
set -euo pipefail
exec 3>&1 1>&2

if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
  echo "installing pgbouncer from Debian's packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer </dev/null >/dev/null 3>&-
fi
bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
answers() { (exec 9<>/dev/tcp/127.0.0.1/6432) 2>/dev/null; }

if ! answers; then
  dir=/tmp/evo-pgbouncer
  mkdir -p "$dir"
  cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=5432 user=evo password=evo
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = 6432
unix_socket_dir =
auth_type = trust
auth_file = $dir/users.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
  echo '"evo" "evo"' >"$dir/users.txt"
  chown -R postgres:postgres "$dir" 2>/dev/null || true
  # It refuses to run as root; -d daemonizes, and it must not inherit fd 3 (the caller's stdout).
  if [ "$(id -u)" = 0 ]; then
    "$bin" -d -u postgres "$dir/pgbouncer.ini" </dev/null >/dev/null 3>&-
  else
    "$bin" -d "$dir/pgbouncer.ini" </dev/null >/dev/null 3>&-
  fi
  for _ in $(seq 1 50); do
    answers && break
    sleep 0.2
  done
fi
answers || { echo "pgbouncer does not answer on 127.0.0.1:6432" >&2; exit 1; }
echo "export TEST_PGBOUNCER_URL=postgres://evo:evo@127.0.0.1:6432/evo_test" >&3
