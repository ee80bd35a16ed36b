#!/usr/bin/env bash
# Reports-and-exports benchmark: a customer's 1,000,000-event usage history as CSV over HTTP against psql's \copy
# of the same query (the service capped at a 256 MB heap, its peak RSS recorded), for a wide history (5 data fields)
# and a narrow one (3 data fields), the result in result.csv_wide.ratio and result.csv_narrow.ratio; the same history as XLSX against
# that CSV (the heap in use sampled), a 10,000-event usage history as PDF, and the warm 30-day activity PDF of a customer with about 1,000 calls, in a database of its own.
#   bench/export.sh                      loads the data (SQL for the two histories, HTTP for the activity calls)
#   BENCH_REUSE=1 bench/export.sh        measures again on the data of the last run (no load)
#   BENCH_SERVER_OPTS=…                  more JVM options for the service (-Xmx256m is always given first)
#   BENCH_CSV_ONLY=1                     measures the two CSV steps only (no XLSX, no PDFs)
# Prints the machine, the settings and the results as key=value lines.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib.sh
. bench/lib.sh
port="${BENCH_PORT:-8097}"
export BENCH_SERVER_OPTS="-Xmx256m ${BENCH_SERVER_OPTS:-}"
bench_prepare
if [ "${BENCH_REUSE:-0}" = 1 ]; then bench_database tally_bench_export keep; else bench_database tally_bench_export; fi
bench_start_server "$port" bench/target/export-server.log
bench_machine
echo "machine.load_average_start=$(cut -d" " -f1-3 /proc/loadavg)"
echo "server.opts=$BENCH_SERVER_OPTS"
token() { java -jar "$bench_jar" token "$@"; }
export BENCH_SERVICE_TOKEN="$(token --service --tenant bench --scope 'events:write customers:write' --ttl PT3H)"
export BENCH_OWNER_TOKEN="$(token --tenant bench --roles owner --ttl PT3H)"
export BENCH_ANALYST_TOKEN="$(token --tenant bench --roles analyst --ttl PT3H)"
run() {
  java -Xmx1g -cp "$bench_jar" bench/ExportBenchmark.java "http://127.0.0.1:$port" "$TALLY_DB_URL" "$bench_psql_url/$bench_db" \
    "$bench_server" "$1"
}
[ "${BENCH_REUSE:-0}" = 1 ] || run load
run measure
echo "machine.load_average_end=$(cut -d" " -f1-3 /proc/loadavg)"
echo "database.size=$(psql -Atq "$bench_psql_url/$bench_db" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
