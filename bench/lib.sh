# Shared by the bench/*.sh scripts: the JDK, PostgreSQL, the jar, a database of the benchmark's own and the
# service on it. Source it from the repository root after bin/lib.sh.

# Selects JDK 25, makes sure PostgreSQL runs and the jar is built from this checkout (again when a main source or a
# pom is newer than it), and sets bench_psql_url.
bench_prepare() {
  tally_select_jdk
  tally_ensure_postgres
  bench_jar=bootstrap/target/tally.jar
  if [ ! -f "$bench_jar" ] || [ -n "$(find . -path ./bench -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -newer "$bench_jar" -print -quit)" ]; then
    mvn -B -ntp -q -DskipTests package
  fi
  mkdir -p bench/target
  tally_db_host_port
  bench_psql_url="postgresql://${TALLY_DB_USER:-postgres}@$TALLY_PG_HOST:$TALLY_PG_PORT"
}

# bench_database NAME [keep]: points TALLY_DB_URL at database NAME, dropped and created again unless "keep".
bench_database() {
  bench_db="$1"
  if [ "${2:-}" != keep ]; then
    psql -q "$bench_psql_url/postgres" -c "DROP DATABASE IF EXISTS $bench_db WITH (FORCE)" -c "CREATE DATABASE $bench_db"
  fi
  export TALLY_DB_URL="jdbc:postgresql://$TALLY_PG_HOST:$TALLY_PG_PORT/$bench_db"
}

# bench_start_server PORT LOG: starts the service with a fresh secret (TALLY_JWT_SECRET, exported) and waits
# for its health check; it is stopped when the script exits.
bench_start_server() {
  local port="$1" log="$2"
  export TALLY_JWT_SECRET="bench-secret-$(head -c 24 /dev/urandom | base64 | tr -d '\n/+=')"
  MICRONAUT_SERVER_PORT="$port" java ${BENCH_SERVER_OPTS:-} -jar "$bench_jar" > "$log" 2>&1 &
  bench_server=$!
  trap 'kill -TERM "$bench_server" 2>/dev/null || true; wait "$bench_server" 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do tally_http_ok 127.0.0.1 "$port" /health && return 0; sleep 1; done
  tally_log "the service did not come up on port $port; see $log"
  exit 1
}

# bench_database_events NAME: about how many usage events database NAME holds (the planner's row estimates, kept by
# ANALYZE, which the loaders run last); 0 when it does not exist or has no usage_event table.
bench_database_events() {
  if [ "$(psql -Atq "$bench_psql_url/postgres" -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" != 1 ]; then echo 0; return; fi
  psql -Atq "$bench_psql_url/$1" -c "SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint
    FROM pg_partition_tree(to_regclass('usage_event')) t JOIN pg_class c ON c.oid = t.relid WHERE t.isleaf"
}

# bench_token ARGS…: a token of the jar's token command (signed with TALLY_JWT_SECRET, see bench_start_server).
bench_token() { java -jar "$bench_jar" token "$@"; }

# The usage-analytics data (bench/analytics.sh, reused by bench/dashboard.sh): tenant bench in database
# tally_bench_analytics. bench_analytics_tokens exports the tokens bench/AnalyticsBenchmark.java reads;
# bench_analytics PORT EVENTS CUSTOMERS load|measure runs it against the service on PORT.
bench_analytics_tokens() {
  BENCH_SERVICE_TOKEN="$(bench_token --service --tenant bench --scope 'events:write customers:write' --ttl PT3H)"
  BENCH_OWNER_TOKEN="$(bench_token --tenant bench --roles owner --ttl PT3H)"
  BENCH_VIEWER_TOKEN="$(bench_token --tenant bench --roles viewer --ttl PT3H)"
  export BENCH_SERVICE_TOKEN BENCH_OWNER_TOKEN BENCH_VIEWER_TOKEN
}
bench_analytics() {
  java -Xmx2g -cp "$bench_jar" bench/AnalyticsBenchmark.java "http://127.0.0.1:$1" "$TALLY_DB_URL" "$2" "$3" "$4"
}

# Prints the machine, PostgreSQL and Java as key=value lines.
bench_machine() {
  echo "machine.cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "machine.cores=$(nproc)"
  echo "machine.memory=$(free -g | awk '/Mem:/ {print $2 " GiB"}')"
  echo "postgres=$(psql -Atq "$bench_psql_url/postgres" -c 'show server_version')"
  echo "java=$(java -version 2>&1 | head -n 1)"
}
