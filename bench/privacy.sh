#!/usr/bin/env bash
# Privacy benchmark: one customer with EVENTS usage events (default 1,000,000) over 90 days, beside OTHERS customers
# with 100 events each (default 100), sent over HTTP into a database of its own, on a service started with a heap of
# 256 MiB (-Xmx256m). Measures an access request (the zip written as a stream: received to completed), downloads the
# zip and checks that events.csv holds every event (count and the sum of a measure), then an erasure of the same
# customer (received to completed) and checks that the tenant's figures then count only the other customers. As the
# anchor in the same run, psql \copy of the customer's events to CSV (the same rows, read by the database itself).
#   bench/privacy.sh [EVENTS] [OTHERS]
# Prints the machine, the settings and the results as key=value lines.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib.sh
. bench/lib.sh
events="${1:-1000000}"
others="${2:-100}"
port="${BENCH_PORT:-8096}"
bench_prepare
bench_database tally_bench_privacy
BENCH_SERVER_OPTS="-Xmx256m" bench_start_server "$port" bench/target/privacy-server.log
bench_machine
echo "server.heap=-Xmx256m"
export BENCH_SERVICE_TOKEN="$(bench_token --service --tenant bench --scope 'events:write customers:write' --ttl PT3H)"
export BENCH_ADMIN_TOKEN="$(bench_token --tenant bench --roles admin --ttl PT3H)"
export BENCH_PSQL_URL="$bench_psql_url/$bench_db"
java -Xmx1g -cp "$bench_jar" bench/PrivacyBenchmark.java "http://127.0.0.1:$port" "$events" "$others"
echo "server.gc=$(grep -c 'OutOfMemoryError' bench/target/privacy-server.log || true) OutOfMemoryError lines in the server log"
