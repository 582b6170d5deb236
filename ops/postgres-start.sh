#!/bin/sh
# A PostgreSQL cluster in /var/lib/postgresql/data (a volume), made on first start, listening on
# 127.0.0.1:$PG_PORT with password authentication for the `social` role.
set -eu
data=/var/lib/postgresql/data
mkdir -p "$data" /run/postgresql && chown -R postgres "$data" /run/postgresql
if [ ! -s "$data/PG_VERSION" ]; then
  printf '%s' "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}" > /tmp/pw && chown postgres /tmp/pw
  su postgres -c "initdb -D $data -U postgres --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 --pwfile=/tmp/pw >/dev/null"
  rm -f /tmp/pw
  su postgres -c "pg_ctl -D $data -o '-c listen_addresses= -k /run/postgresql' -w start >/dev/null"
  su postgres -c "psql -h /run/postgresql -qc \"CREATE ROLE social LOGIN PASSWORD '${POSTGRES_PASSWORD}'\"" 
  su postgres -c "psql -h /run/postgresql -qc 'CREATE DATABASE social OWNER social'"
  su postgres -c "pg_ctl -D $data -m fast -w stop >/dev/null"
fi
exec su postgres -c "exec postgres -D $data -c listen_addresses=127.0.0.1 -p ${PG_PORT:-5432} -k /run/postgresql"
