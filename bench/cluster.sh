#!/usr/bin/env bash
# Two Tally nodes and a streaming read replica on this machine, checked end to end (bench/ClusterBenchmark.java):
#   bench/cluster.sh
# Run as root on a machine whose PostgreSQL 15 is Debian's cluster (15/main: /etc/postgresql/15/main, port 5432, trust
# authentication, wal_level replica, max_wal_senders > 0). The script
#   1. builds the jar if needed and creates the database tally_bench_cluster;
#   2. adds "host replication all 127.0.0.1/32 trust" (marked with a comment) to the primary's pg_hba.conf and reloads;
#   3. makes a standby with pg_basebackup -R into a temporary directory owned by postgres and starts it on port
#      BENCH_REPLICA_PORT (5433), as the postgres user;
#   4. starts node 1 (port 8191, primary only) and node 2 (port 8192, TALLY_DB_READ_URL = the standby), both running
#      exports and jobs, with a 15 s export claim timeout (TALLY_EXPORTS_WORKER_CLAIM_TIMEOUT) so a takeover is quick;
#   5. runs the checks (each printed with PASS or FAIL and its numbers): ingest through node 1 visible through node 2
#      within the replica lag; async exports, scheduled runs and alert evaluations each run once; the replica stopped:
#      node 2 answers from the primary and its /health says the replica is degraded; a node killed (SIGKILL) mid-export
#      leaves the job to the other, which completes it;
#   6. on exit, whatever happened: stops the nodes and the standby, removes its directory, the pg_hba.conf line and the
#      database.
# Exits non-zero when a check fails. Takes about 4 minutes (two minutely schedule fires are waited for).
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib.sh
. bench/lib.sh

pg_bin="${BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}"
pg_conf_dir="${BENCH_PG_CONF_DIR:-/etc/postgresql/15/main}"
hba="$pg_conf_dir/pg_hba.conf"
replica_port="${BENCH_REPLICA_PORT:-5433}"
port1="${BENCH_PORT:-8191}"
port2="$((port1 + 1))"
marker="# tally bench/cluster.sh: replication for its temporary standby (removed when it ends)"

if [ "$(id -u)" != 0 ]; then echo "run bench/cluster.sh as root (it starts a second PostgreSQL cluster as the postgres user)" >&2; exit 1; fi
bench_prepare
bench_database tally_bench_cluster
db_url="$TALLY_DB_URL"
workdir="$(mktemp -d /tmp/tally-cluster.XXXXXX)"
chown postgres:postgres "$workdir"
chmod 700 "$workdir"
node1_pid=""
node2_pid=""

pg_as_postgres() { runuser -u postgres -- "$@"; }
replica_ctl() { pg_as_postgres "$pg_bin/pg_ctl" -D "$workdir/replica" "$@"; }

cleanup() {
  set +e
  for pid in $node1_pid $node2_pid; do kill -TERM "$pid" 2>/dev/null; done
  for pid in $node1_pid $node2_pid; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  done
  if [ -f "$workdir/replica/postmaster.pid" ]; then replica_ctl -m immediate -w stop >/dev/null 2>&1; fi
  rm -rf "$workdir"
  if grep -qF "$marker" "$hba"; then
    # the marker line and the line after it
    sed -i "\\|^$marker\$|,+1d" "$hba"
    psql -Atq "$bench_psql_url/postgres" -c "SELECT pg_reload_conf()" >/dev/null
  fi
  psql -q "$bench_psql_url/postgres" -c "DROP DATABASE IF EXISTS tally_bench_cluster WITH (FORCE)" >/dev/null 2>&1
  echo "cleanup=done (nodes stopped; standby, $workdir, the pg_hba.conf line and the database removed)"
}
trap cleanup EXIT

echo "commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo '+changes')"
bench_machine

# 2. let the standby connect for replication
if ! grep -qF "$marker" "$hba"; then
  printf '%s\n%s\n' "$marker" "host replication all 127.0.0.1/32 trust" >> "$hba"
fi
psql -Atq "$bench_psql_url/postgres" -c "SELECT pg_reload_conf()" >/dev/null

# 3. the standby: a base backup, its own configuration (Debian keeps the primary's in /etc, outside the data directory)
pg_as_postgres "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$TALLY_PG_PORT" -U postgres -D "$workdir/replica" -R -X stream -c fast
setting() { psql -Atq "$bench_psql_url/postgres" -c "SHOW $1"; }
cat > "$workdir/replica/postgresql.conf" <<EOF
port = $replica_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$workdir'
hot_standby = on
hot_standby_feedback = on
max_connections = $(setting max_connections)
max_worker_processes = $(setting max_worker_processes)
max_wal_senders = $(setting max_wal_senders)
max_prepared_transactions = $(setting max_prepared_transactions)
max_locks_per_transaction = $(setting max_locks_per_transaction)
shared_buffers = 256MB
EOF
printf '%s\n' "local all all trust" "host all all 127.0.0.1/32 trust" > "$workdir/replica/pg_hba.conf"
: > "$workdir/replica/pg_ident.conf"
chown postgres:postgres "$workdir/replica/postgresql.conf" "$workdir/replica/pg_hba.conf" "$workdir/replica/pg_ident.conf"
replica_ctl -l "$workdir/replica.log" -w start >/dev/null
echo "replica=127.0.0.1:$replica_port streaming=$(psql -Atq "$bench_psql_url/postgres" -c "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")"

# 4. two nodes on the benchmark's database; node 2 reads analytics on the standby
export TALLY_JWT_SECRET="bench-secret-$(head -c 24 /dev/urandom | base64 | tr -d '\n/+=')"
export TALLY_WEBHOOK_ALLOW_PRIVATE=true TALLY_EXPORTS_WORKER_CLAIM_TIMEOUT=15s
start_node() {
  local name="$1" port="$2"; shift 2
  env "$@" MICRONAUT_SERVER_PORT="$port" java -Xmx1g -jar "$bench_jar" > "bench/target/cluster-$name.log" 2>&1 &
  echo $!
}
node1_pid="$(start_node node1 "$port1" TALLY_DB_URL="$db_url?ApplicationName=tally-node-1")"
node2_pid="$(start_node node2 "$port2" TALLY_DB_URL="$db_url?ApplicationName=tally-node-2" \
  TALLY_DB_READ_URL="jdbc:postgresql://127.0.0.1:$replica_port/tally_bench_cluster?ApplicationName=tally-node-2-replica")"
for port in "$port1" "$port2"; do
  for _ in $(seq 1 90); do tally_http_ok 127.0.0.1 "$port" /health && break; sleep 1; done
  tally_http_ok 127.0.0.1 "$port" /health || { tally_log "a node did not come up on port $port; see bench/target/cluster-*.log"; exit 1; }
done

# 5. the checks
for role in service:--service owner manager analyst viewer; do
  name="${role%%:*}"
  if [ "$name" = service ]; then
    token="$(bench_token --service --tenant cluster --scope 'events:write customers:write' --ttl PT1H)"
  else
    token="$(bench_token --tenant cluster --roles "$name" --ttl PT1H)"
  fi
  export "BENCH_${name^^}_TOKEN=$token"
done
export BENCH_NODE1_PID="$node1_pid" BENCH_NODE2_PID="$node2_pid"
export BENCH_REPLICA_STOP="runuser -u postgres -- $pg_bin/pg_ctl -D $workdir/replica -m fast -w stop"
java -Xmx512m -cp "$bench_jar" bench/ClusterBenchmark.java "http://127.0.0.1:$port1" "http://127.0.0.1:$port2" "$db_url"
