# Sourced by .ci/run: a throwaway PostgreSQL for the migration, backup and concurrency tests.
# With the server binaries (initdb, pg_ctl) it starts a cluster in a temporary folder,
# listening only on a unix socket there (as `nobody` when run as root: PostgreSQL refuses
# root), exports BUDGET_ENGINE_TEST_POSTGRES_URL and stops it on exit. Without them it says
# that the PostgreSQL tests are skipped.
start_postgres() {
  if ! command -v initdb >/dev/null || ! command -v pg_ctl >/dev/null; then
    echo "PostgreSQL server binaries (initdb, pg_ctl) not found: the PostgreSQL tests are skipped" >&2
    return 0
  fi
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/budget-engine-pg.XXXXXX")
  local as=()
  if [ "$(id -u)" = 0 ]; then
    chown nobody "$PG_DIR"
    as=(runuser -u nobody --)
  fi
  "${as[@]}" initdb -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1
  "${as[@]}" pg_ctl -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-k $PG_DIR -c listen_addresses= -c fsync=off -c max_connections=200" start >/dev/null
  trap stop_postgres EXIT
  export BUDGET_ENGINE_TEST_POSTGRES_URL="postgresql+psycopg://postgres@/postgres?host=$PG_DIR"
  echo "PostgreSQL started for the tests (socket in $PG_DIR)" >&2
}

stop_postgres() {
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u nobody --)
  "${as[@]}" pg_ctl -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
