#!/usr/bin/env bash
# Ingestion benchmark: 1,000,000 usage events over HTTP into a fresh database, with concurrent clients,
# then the same number of rows by PostgreSQL COPY into the same table, in the same run.
#   bench/ingest.sh [EVENTS] [BATCH] [CLIENTS]        defaults: 1000000 1000 4
# Prints the machine, the settings and the results as key=value lines.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib.sh
. bench/lib.sh
events="${1:-1000000}"; batch="${2:-1000}"; clients="${3:-4}"
port="${BENCH_PORT:-8099}"
bench_prepare
bench_database tally_bench
bench_start_server "$port" bench/target/ingest-server.log
bench_machine
java -Xmx3g -cp "$bench_jar" bench/IngestBenchmark.java "http://127.0.0.1:$port" "$TALLY_DB_URL" "$events" "$batch" "$clients"
echo "stored.events=$(psql -Atq "$bench_psql_url/$bench_db" -c "SELECT count(*) FROM usage_event WHERE source = 'calls-service'")"
