#!/usr/bin/env bash
# Usage-analytics benchmark: a year of mixed usage events (default 10,000,000 for 1,000 customers) loaded over
# HTTP into a database of its own, then p50/p95 of a customer's 30-day summary and of the tenant-wide 365-day
# daily series of api_calls_made, and the same series computed from the raw events, in the same run.
#   bench/analytics.sh [EVENTS] [CUSTOMERS]        defaults: 10000000 1000
#   BENCH_REUSE=1 bench/analytics.sh               measures again on the data of the last run (no load)
# Prints the machine, the settings and the results as key=value lines.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib.sh
. bench/lib.sh
events="${1:-10000000}"; customers="${2:-1000}"
port="${BENCH_PORT:-8098}"
bench_prepare
if [ "${BENCH_REUSE:-0}" = 1 ]; then bench_database tally_bench_analytics keep; else bench_database tally_bench_analytics; fi
bench_start_server "$port" bench/target/analytics-server.log
bench_machine
bench_analytics_tokens
[ "${BENCH_REUSE:-0}" = 1 ] || bench_analytics "$port" "$events" "$customers" load
bench_analytics "$port" "$events" "$customers" measure
echo "database.size=$(psql -Atq "$bench_psql_url/$bench_db" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
