# Shared by bin/run, bin/test and .ci/run: find JDK 25, make sure PostgreSQL answers.
# shellcheck shell=bash

tally_log() { printf '%s\n' "tally: $*" >&2; }

# Selects a JDK 25 for Maven and java: JAVA_HOME if it already is one, else Temurin 25 or any JDK 25
# under /usr/lib/jvm.
tally_select_jdk() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
    export PATH="$JAVA_HOME/bin:$PATH"; return 0
  fi
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/java-25*; do
    if [ -x "$candidate/bin/java" ] && "$candidate/bin/java" -version 2>&1 | grep -q 'version "25'; then
      export JAVA_HOME="$candidate"; export PATH="$JAVA_HOME/bin:$PATH"; return 0
    fi
  done
  tally_log "no JDK 25 found (looked at JAVA_HOME and /usr/lib/jvm/*25*): install Temurin 25 or set JAVA_HOME"
  return 1
}

# Host and port of a PostgreSQL JDBC URL (default: TALLY_DB_URL, else localhost:5432).
tally_db_host_port() {
  local url="${1:-${TALLY_DB_URL:-jdbc:postgresql://localhost:5432/tally}}" hostport
  hostport="${url#jdbc:postgresql://}"; hostport="${hostport%%/*}"
  TALLY_PG_HOST="${hostport%%:*}"; TALLY_PG_PORT="${hostport##*:}"
  [ "$TALLY_PG_PORT" != "$hostport" ] || TALLY_PG_PORT=5432
}

tally_pg_ready() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$TALLY_PG_HOST" -p "$TALLY_PG_PORT" -t 2
  else
    (exec 2>/dev/null; exec 3<>"/dev/tcp/$TALLY_PG_HOST/$TALLY_PG_PORT")
  fi
}

# Makes sure the PostgreSQL of a JDBC URL (default TALLY_DB_URL) answers: starts the local cluster that
# listens on its port when it is installed but stopped. With TALLY_INSTALL_POSTGRES=1 (CI), also installs
# PostgreSQL from Debian's packages when it is missing and lets local TCP connections in without password.
tally_ensure_postgres() {
  tally_db_host_port "${1:-}"
  if tally_pg_ready; then return 0; fi
  case "$TALLY_PG_HOST" in
    localhost|127.0.0.1|::1) ;;
    *) tally_log "PostgreSQL at $TALLY_PG_HOST:$TALLY_PG_PORT does not answer; start it or set TALLY_DB_URL"; return 1 ;;
  esac
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    if [ "${TALLY_INSTALL_POSTGRES:-0}" = 1 ]; then
      tally_install_postgres || return 1
    else
      tally_log "PostgreSQL is not installed: apt-get install postgresql (or set TALLY_DB_URL to a running server)"
      return 1
    fi
  fi
  # The installed cluster that listens on the wanted port, if any: "version cluster" of pg_lsclusters.
  local cluster
  cluster="$(pg_lsclusters -h 2>/dev/null | awk -v port="$TALLY_PG_PORT" '$3 == port { print $1 " " $2; exit }')"
  if [ -z "$cluster" ]; then
    tally_log "nothing answers at $TALLY_PG_HOST:$TALLY_PG_PORT and no local cluster is set up on that port: start PostgreSQL there or set TALLY_DB_URL"
    return 1
  fi
  tally_log "starting PostgreSQL cluster $cluster"
  # Exit code 2 means "already running" (a package install may have started it): the readiness loop decides.
  # shellcheck disable=SC2086
  pg_ctlcluster --skip-systemctl-redirect $cluster start 2>/dev/null \
    || sudo -n pg_ctlcluster --skip-systemctl-redirect $cluster start 2>/dev/null || true
  local i
  for i in $(seq 1 30); do tally_pg_ready && return 0; sleep 1; done
  tally_log "PostgreSQL did not become ready on $TALLY_PG_HOST:$TALLY_PG_PORT"; return 1
}

tally_install_postgres() {
  tally_log "installing PostgreSQL from Debian's packages"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo -n"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
  local version hba
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  # A throwaway CI database: local TCP connections as postgres need no password. The install may already
  # have started the cluster with the old rules, so restart it (or start it) to apply them.
  $sudo sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
  $sudo sed -i -E 's/^(local\s+all\s+postgres\s+)\S+/\1trust/' "$hba"
  $sudo pg_ctlcluster --skip-systemctl-redirect "$version" main restart 2>/dev/null \
    || $sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
}

# The console's browser tests need Debian's chromium and chromium-driver (Selenium drives /usr/bin/chromium through
# /usr/bin/chromedriver) and npm (the tests install axe-core with it); with TALLY_INSTALL_BROWSER=1 (.ci/run) the
# missing ones are installed from Debian's packages, otherwise the command to do so is printed.
tally_ensure_browser() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "${TALLY_INSTALL_BROWSER:-0}" != 1 ]; then
    tally_log "the console's browser tests need: apt-get install ${missing[*]}"
    return 1
  fi
  tally_log "installing ${missing[*]} from Debian's packages"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo -n"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || return 1
}

# Exports TALLY_JWT_SECRET for local use when neither it nor TALLY_JWT_JWKS_URL is set: a random secret kept
# in ~/.tally/dev-jwt-secret between runs, so tokens minted earlier stay valid.
tally_dev_secret() {
  if [ -n "${TALLY_JWT_SECRET:-}" ] || [ -n "${TALLY_JWT_JWKS_URL:-}" ]; then return 0; fi
  local file="${TALLY_STATE_DIR:-$HOME/.tally}/dev-jwt-secret"
  if [ ! -s "$file" ]; then
    mkdir -p "$(dirname "$file")"
    (umask 077; head -c 48 /dev/urandom | base64 | tr -d '\n' > "$file")
  fi
  TALLY_JWT_SECRET="$(cat "$file")"
  export TALLY_JWT_SECRET
}

# True when GET http://HOST:PORT/PATH answers 200 (plain bash, no curl needed).
tally_http_ok() {
  local host="$1" port="$2" path="$3"
  (
    exec 2>/dev/null
    exec 3<>"/dev/tcp/$host/$port" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$host" >&3
    status=""
    read -r -t 5 _ status _ <&3 || true
    [ "$status" = 200 ]
  )
}

tally_port_in_use() {
  (exec 2>/dev/null; exec 3<>"/dev/tcp/127.0.0.1/$1")
}
