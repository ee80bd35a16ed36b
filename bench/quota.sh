#!/usr/bin/env bash
# Quota-check, bulk-reset and bulk customer-change benchmark: 10,000 customers on plan `basic` (600 transcription minutes per calendar
# month, hard), 1,000 of them with 30–60 transcriptions this month sent over HTTP, on a background of 1,500,000
# events by SQL, in a database of its own. Measures POST /internal/v1/quota-checks with 50 callers (closed loop,
# then open loop at 300, 600 and 1,500 requests/s, then reserving at 100/s), POST /api/v1/admin/usage-resets of the
# 10,000 customers (5 runs, and one with 10 unknown ids) and POST /api/v1/admin/customer-changes moving them from
# basic to gold (5 rounds of a dry run, the change, a replay and the revert).
#   bench/quota.sh                       loads the data, then measures
#   BENCH_REUSE=1 bench/quota.sh         measures again on the data of the last run (no load)
#   BENCH_SECONDS=30                     seconds measured per quota step (after its own warm-up)
#   BENCH_WARMUP_SECONDS=60              seconds of quota checks (10 callers) that warm the service up first
#   BENCH_CLIENT=jdk                     quota checks through the JDK HttpClient instead of a plain keep-alive socket
#   BENCH_SERVER_OPTS=…                  JVM options for the service (a JFR recording, say)
# Prints the machine, the settings and the results as key=value lines.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib.sh
. bench/lib.sh
port="${BENCH_PORT:-8096}"
bench_prepare
if [ "${BENCH_REUSE:-0}" = 1 ]; then bench_database tally_bench_quota keep; else bench_database tally_bench_quota; fi
bench_start_server "$port" bench/target/quota-server.log
bench_machine
echo "jar.built=$(date -u -r "$bench_jar" +%FT%TZ)"
echo "server.opts=${BENCH_SERVER_OPTS:-}"
echo "postgres.max_connections=$(psql -Atq "$bench_psql_url/postgres" -c 'show max_connections')"
token() { java -jar "$bench_jar" token "$@"; }
export BENCH_SERVICE_TOKEN="$(token --service --tenant bench --scope 'events:write customers:write' --ttl PT3H)"
export BENCH_QUOTA_TOKEN="$(token --service --tenant bench --sub quota-bench --scope 'quota:read' --ttl PT3H)"
export BENCH_OWNER_TOKEN="$(token --tenant bench --roles owner --ttl PT3H)"
export BENCH_MANAGER_TOKEN="$(token --tenant bench --roles manager --ttl PT3H)"
export BENCH_ADMIN_TOKEN="$(token --tenant bench --sub bench-admin --roles admin --ttl PT3H)"
run() {
  java -Xmx1g -cp "$bench_jar" bench/QuotaBenchmark.java "http://127.0.0.1:$port" "$TALLY_DB_URL" "$bench_server" "$1"
}
[ "${BENCH_REUSE:-0}" = 1 ] || run load
run measure
echo "database.size=$(psql -Atq "$bench_psql_url/$bench_db" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
