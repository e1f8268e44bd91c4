#!/usr/bin/env bash
# Throwaway PostgreSQL and MariaDB servers with TLS on, for the TLS live
# tests (never the shared dev servers): a CA and a server certificate for
# "localhost" only (so 127.0.0.1 is the wrong host name), plus a second,
# unrelated CA.
#
#   tls_servers.sh start DIR PG_PORT MY_PORT   # DIR must not exist yet
#   tls_servers.sh stop DIR                    # stops both, removes DIR
#
# In DIR: ca.pem, wrong-ca.pem. PostgreSQL user "tls" (trust, no password),
# MariaDB user "tls"@"%" (password tls-pw), database "tls" on both.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

as_user() {  # as_user USER cmd...: as that user when root, else as ourselves
  local u=$1
  shift
  if [ "$(id -u)" = 0 ]; then runuser -u "$u" -- "$@"; else "$@"; fi
}
own() {  # own USER path...
  local u=$1
  shift
  if [ "$(id -u)" = 0 ]; then chown -R "$u:" "$@"; fi
}

certificates() {
  local d=$1
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=litelift-test-ca \
    -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=litelift-wrong-ca \
    -keyout "$d/wrong-ca.key" -out "$d/wrong-ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost\n' >"$d/san.ext"
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 2 \
    -extfile "$d/san.ext" -out "$d/server.pem" 2>/dev/null
}

start_pg() {
  local d=$1 port=$2
  mkdir -p "$d/pg"
  own postgres "$d/pg"
  as_user postgres "$PG_BIN/initdb" -D "$d/pg/data" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust \
    --auth-host=trust >"$d/pg/initdb.log" 2>&1
  chmod 0700 "$d/pg/data"
  cp "$d/server.pem" "$d/server.key" "$d/pg/data/"
  own postgres "$d/pg/data/server.pem" "$d/pg/data/server.key"
  chmod 0600 "$d/pg/data/server.key"
  cat >>"$d/pg/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$d/pg'
shared_buffers = 16MB
max_connections = 20
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
ssl = on
ssl_cert_file = 'server.pem'
ssl_key_file = 'server.key'
EOF
  as_user postgres "$PG_BIN/pg_ctl" start -D "$d/pg/data" -l "$d/pg/server.log" -w -t 60 >/dev/null
  as_user postgres "$PG_BIN/psql" -X -q -h "$d/pg" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE tls LOGIN SUPERUSER" -c "CREATE DATABASE tls OWNER tls"
}

start_my() {
  local d=$1 port=$2
  mkdir -p "$d/my/data"
  cp "$d/ca.pem" "$d/server.pem" "$d/server.key" "$d/my/"
  own mysql "$d/my"
  chmod 0755 "$d/my"
  local user=()
  if [ "$(id -u)" = 0 ]; then user=(--user=mysql); fi
  (cd "$d/my" && mariadb-install-db --no-defaults "${user[@]}" --datadir="$d/my/data" \
    --auth-root-authentication-method=socket --skip-test-db --skip-name-resolve) >"$d/my/install.log" 2>&1
  own mysql "$d/my"
  local bin
  bin=$(command -v mariadbd || echo /usr/sbin/mariadbd)
  (cd "$d/my" && exec setsid "$bin" --no-defaults "${user[@]}" --datadir="$d/my/data" --socket="$d/my/sock" \
    --pid-file="$d/my/pid" --log-error="$d/my/server.log" --port="$port" --bind-address=127.0.0.1 \
    --skip-name-resolve --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --local-infile=1 \
    --skip-log-bin --innodb-buffer-pool-size=16M --innodb-log-file-size=8M --performance-schema=OFF \
    --innodb-flush-log-at-trx-commit=0 --ssl-ca="$d/my/ca.pem" --ssl-cert="$d/my/server.pem" \
    --ssl-key="$d/my/server.key") </dev/null >/dev/null 2>&1 &
  local i
  for ((i = 0; i < 120; i++)); do
    if mariadb --no-defaults --protocol=SOCKET -S "$d/my/sock" -u root -e "SELECT 1" >/dev/null 2>&1; then break; fi
    sleep 0.25
  done
  mariadb --no-defaults --protocol=SOCKET -S "$d/my/sock" -u root -e \
    "CREATE USER 'tls'@'%' IDENTIFIED BY 'tls-pw'; GRANT ALL ON *.* TO 'tls'@'%'; CREATE DATABASE tls CHARACTER SET utf8mb4;"
}

stop_all() {
  local d=$1 pid
  if [ -f "$d/pg/data/postmaster.pid" ]; then
    as_user postgres "$PG_BIN/pg_ctl" stop -D "$d/pg/data" -m immediate -w -t 30 >/dev/null 2>&1 || true
  fi
  if [ -f "$d/my/pid" ]; then
    pid=$(tr -dc '0-9' <"$d/my/pid")
    if [ -n "$pid" ]; then
      kill "$pid" 2>/dev/null || true
      for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$d"
}

case ${1:-} in
  start)
    d=$2
    [ ! -e "$d" ] || { echo "tls_servers.sh: $d exists" >&2; exit 2; }
    mkdir -p "$d"
    chmod 0755 "$d"
    certificates "$d"
    chmod 0644 "$d"/*.pem
    start_pg "$d" "$3"
    start_my "$d" "$4"
    ;;
  stop) stop_all "$2" ;;
  *)
    echo "usage: tls_servers.sh start DIR PG_PORT MY_PORT | stop DIR" >&2
    exit 2
    ;;
esac
