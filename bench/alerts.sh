#!/usr/bin/env bash
# Alert evaluation benchmark: CUSTOMERS customers (default 1,000), customer i with i mod 10 calls in the last hour, sent
# over HTTP into a database of its own; one rule over each customer ("calls above 5 in the last 24 hours"). Measures
# POST /api/v1/admin/alerts/check (every rule evaluated now: here the one rule, one engine call per customer) 1 warm-up
# and 5 runs, checks that exactly the customers with 6 to 9 calls fire, and, as the anchor in the same run, one
# customer's figure over the same window through POST /api/v1/analytics/query (20 runs).
#   bench/alerts.sh [CUSTOMERS]
# Prints the machine, the settings and the results as key=value lines.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib.sh
. bench/lib.sh
customers="${1:-1000}"
port="${BENCH_PORT:-8095}"
bench_prepare
bench_database tally_bench_alerts
bench_start_server "$port" bench/target/alerts-server.log
bench_machine
export BENCH_SERVICE_TOKEN="$(bench_token --service --tenant bench --scope 'events:write customers:write' --ttl PT3H)"
export BENCH_MANAGER_TOKEN="$(bench_token --tenant bench --roles manager --ttl PT3H)"
export BENCH_ADMIN_TOKEN="$(bench_token --tenant bench --roles admin --ttl PT3H)"
java -Xmx512m -cp "$bench_jar" bench/AlertBenchmark.java "http://127.0.0.1:$port" "$customers"
