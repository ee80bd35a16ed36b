#!/usr/bin/env bash
# Dashboard benchmark (issue 13), on the usage-analytics benchmark's data: a 20-widget dashboard (a customer and a
# period filter; 10 widgets of the customer, 10 of the whole tenant) over the 10,000,000 events of 1,000 customers
# that bench/analytics.sh loads into tally_bench_analytics. p50/p95 of the dashboard's data cold (after a new event:
# every widget recomputed) and warm (from the cache), the anchor (its 20 widget queries asked one by one through
# POST /api/v1/analytics/query, in the same run), and how many widgets one changed filter recomputes.
#   bench/dashboard.sh [EVENTS] [CUSTOMERS]      defaults: 10000000 1000; reuses tally_bench_analytics when it holds
#                                                about EVENTS events, else loads it with the analytics loader first
#   BENCH_LOAD=1 bench/dashboard.sh              loads the data again (drops tally_bench_analytics) before measuring
#   BENCH_DB=tally_bench_try bench/dashboard.sh 20000 20     the same on a database of another name (a quick try)
#   BENCH_RUNS=40 BENCH_FILTER_RUNS=20 BENCH_WARMUP=5 bench/dashboard.sh    cycles measured (these are the defaults)
#   BENCH_SERVER_OPTS="-XX:StartFlightRecording=filename=bench/target/dashboard.jfr,settings=profile" bench/dashboard.sh
# Each cold call follows one new event of the tenant (a `call` of source dashboard-bench), so every run adds a few
# dozen events to the data. Prints the machine, the settings and the results as key=value lines.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib.sh
. bench/lib.sh
events="${1:-10000000}"; customers="${2:-1000}"
port="${BENCH_PORT:-8095}"
bench_prepare
db="${BENCH_DB:-tally_bench_analytics}"
loaded="$(bench_database_events "$db")"
if [ "${BENCH_LOAD:-0}" = 1 ] || [ "$loaded" -lt $((events * 99 / 100)) ]; then
  load=1; bench_database "$db"
else
  load=0; bench_database "$db" keep
fi
bench_start_server "$port" bench/target/dashboard-server.log
bench_machine
echo "commit=$(git rev-parse --short HEAD)$([ -z "$(git status --porcelain --untracked-files=no)" ] || echo ' (with uncommitted changes)')"
echo "jar.built=$(date -u -r "$bench_jar" +%FT%TZ)"
echo "server.opts=${BENCH_SERVER_OPTS:-}"
echo "data.loaded_now=$([ "$load" = 1 ] && echo yes || echo "no (reused, about $loaded events)")"
bench_analytics_tokens
[ "$load" = 0 ] || bench_analytics "$port" "$events" "$customers" load
java -Xmx1g -cp "$bench_jar" bench/DashboardBenchmark.java "http://127.0.0.1:$port" "$TALLY_DB_URL" "$bench_server"
echo "database.size=$(psql -Atq "$bench_psql_url/$bench_db" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
