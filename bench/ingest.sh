#!/usr/bin/env bash
# Ingestion benchmark: 1,000,000 usage events over HTTP into a fresh database, with concurrent clients,
# then the same number of rows by PostgreSQL COPY into the same table, in the same run.
#   bench/ingest.sh [EVENTS] [BATCH] [CLIENTS]        defaults: 1000000 1000 4
# Prints the machine, the settings and the results as key=value lines.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib.sh
tally_select_jdk
tally_ensure_postgres
events="${1:-1000000}"; batch="${2:-1000}"; clients="${3:-4}"
port="${BENCH_PORT:-8099}"
db="tally_bench"
jar=bootstrap/target/tally.jar
[ -f "$jar" ] || mvn -B -ntp -q -DskipTests package
mkdir -p bench/target
tally_db_host_port
psql_url="postgresql://${TALLY_DB_USER:-postgres}@$TALLY_PG_HOST:$TALLY_PG_PORT"
psql -q "$psql_url/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"

export TALLY_JWT_SECRET="bench-secret-$(head -c 24 /dev/urandom | base64 | tr -d '\n/+=')"
export TALLY_DB_URL="jdbc:postgresql://$TALLY_PG_HOST:$TALLY_PG_PORT/$db"
MICRONAUT_SERVER_PORT="$port" java ${BENCH_SERVER_OPTS:-} -jar "$jar" > bench/target/ingest-server.log 2>&1 &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do tally_http_ok 127.0.0.1 "$port" /health && break; sleep 1; done

echo "machine.cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "machine.cores=$(nproc)"
echo "machine.memory=$(free -g | awk '/Mem:/ {print $2 " GiB"}')"
echo "postgres=$(psql -Atq "$psql_url/postgres" -c 'show server_version')"
echo "java=$(java -version 2>&1 | head -n 1)"
java -Xmx3g -cp "$jar" bench/IngestBenchmark.java "http://127.0.0.1:$port" "$TALLY_DB_URL" "$events" "$batch" "$clients"
echo "stored.events=$(psql -Atq "$psql_url/$db" -c "SELECT count(*) FROM usage_event WHERE source = 'calls-service'")"
