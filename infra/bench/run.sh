#!/usr/bin/env bash
# The SCIM benchmark in one command: build (unless SKIP_BUILD=1), start the service on a fresh data directory
# (embedded PostgreSQL and Kafka), run infra/bench/ScimBenchmark.java against it, stop the service, print the report.
#
#   infra/bench/run.sh [OUT]
#   e.g. OUT=docs/benchmarks-latest.md infra/bench/run.sh     or     infra/bench/run.sh docs/benchmarks-latest.md
#
# Knobs (environment): DURATION (s per measured row, 10), WARMUP (s, 3), JIT_WARMUP (s of unmeasured load before
# the first row, so the service's JIT compiler is done, 100), CONNECTIONS (1,8,32,256), OUT
# (target/bench/benchmark.md), SEED_EVENTS (grow the log through /Bulk to this many events before the rebuilds, 0),
# SERVER_PORT (18090), SCIM_POSTGRES_PORT (15432), JAVA_OPTS (for the service), SERVICE_ARGS (extra arguments after
# -jar, e.g. --scim.embedded.postgres.server.shared_preload_libraries=pg_stat_statements), JAR
# (scim-gateway/target/scim-gateway.jar), SKIP_BUILD=1, REBUILD_TIMEOUT (s, 3600), START_TIMEOUT (s, 300),
# SETTLE_TIMEOUT (s to wait after a row for the service to finish the requests its clients gave up on, 120).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"

OUT="${1:-${OUT:-target/bench/benchmark.md}}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
CONNECTIONS="${CONNECTIONS:-1,8,32,256}"
SEED_EVENTS="${SEED_EVENTS:-0}"
PORT="${SERVER_PORT:-18090}"
PG_PORT="${SCIM_POSTGRES_PORT:-15432}"
JAVA_OPTS="${JAVA_OPTS:-}"
SERVICE_ARGS="${SERVICE_ARGS:-}"
JAR="${JAR:-scim-gateway/target/scim-gateway.jar}"
REBUILD_TIMEOUT="${REBUILD_TIMEOUT:-3600}"
START_TIMEOUT="${START_TIMEOUT:-300}"
SETTLE_TIMEOUT="${SETTLE_TIMEOUT:-120}"
STOP_TIMEOUT="${STOP_TIMEOUT:-60}"

BENCH="$REPO/target/bench"
DATA="$BENCH/data"
LOG="$BENCH/service.log"
BASE="http://127.0.0.1:$PORT"

say() { printf '[run.sh +%ss] %s\n' "$SECONDS" "$*" >&2; }
die() { printf '[run.sh] ERROR: %s\n' "$*" >&2; exit 1; }

for n in "$DURATION" "$WARMUP" "$SEED_EVENTS" "$PORT" "$PG_PORT" "$REBUILD_TIMEOUT" "$START_TIMEOUT" "$SETTLE_TIMEOUT"; do
  [[ "$n" =~ ^[0-9]+$ ]] || die "not a whole number: $n"
done
[[ "$CONNECTIONS" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "CONNECTIONS is a comma list of numbers: $CONNECTIONS"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  say "building: mvn -B -q package -DskipTests"
  mvn -B -q package -DskipTests
  BUILT="built by run.sh"
else
  BUILT="prebuilt (SKIP_BUILD=1)"
fi
[[ -f "$JAR" ]] || die "no jar at $JAR"
[[ "$JAR" == /* ]] || JAR="$REPO/$JAR"

port_in_use "$PORT" && die "port $PORT is in use (SERVER_PORT)"
port_in_use "$PG_PORT" && die "port $PG_PORT is in use (SCIM_POSTGRES_PORT)"

# a fresh data directory, every run
rm -rf "$DATA"
mkdir -p "$DATA" "$BENCH/lib"

# the PostgreSQL JDBC driver, from the fat jar
rm -f "$BENCH"/lib/postgresql-*.jar
unzip -q -j -o "$JAR" 'BOOT-INF/lib/postgresql-*.jar' -d "$BENCH/lib"
PG_JAR="$(ls "$BENCH"/lib/postgresql-*.jar 2>/dev/null | head -n1 || true)"
[[ -n "$PG_JAR" ]] || die "no BOOT-INF/lib/postgresql-*.jar in $JAR"

# the admin token of this run (only the service and the benchmark see it)
ADMIN_TOKEN="bench-admin-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"

SVC_PID=""
BENCH_PID=""
postmaster_pid() {
  local f
  f="$(find "$DATA" -maxdepth 3 -name postmaster.pid 2>/dev/null | head -n1)"
  [[ -n "$f" ]] && head -n1 "$f" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  if [[ -n "$BENCH_PID" ]] && kill -0 "$BENCH_PID" 2>/dev/null; then
    say "stopping the benchmark (pid $BENCH_PID)"
    kill "$BENCH_PID" 2>/dev/null || true
    wait "$BENCH_PID" 2>/dev/null || true
  fi
  if [[ -n "$SVC_PID" ]] && kill -0 "$SVC_PID" 2>/dev/null; then
    say "stopping the service (pid $SVC_PID)"
    local pg
    pg="$(postmaster_pid)"
    kill "$SVC_PID" 2>/dev/null || true
    local waited=0
    while kill -0 "$SVC_PID" 2>/dev/null && (( waited < STOP_TIMEOUT * 2 )); do
      sleep 0.5
      waited=$((waited + 1))
    done
    if kill -0 "$SVC_PID" 2>/dev/null; then
      say "the service did not stop within ${STOP_TIMEOUT}s: kill -9 $SVC_PID"
      kill -9 "$SVC_PID" 2>/dev/null || true
    fi
    wait "$SVC_PID" 2>/dev/null || true
    # the embedded PostgreSQL is the service's child and stops with it; after a kill -9 it would be left behind
    if [[ "$pg" =~ ^[0-9]+$ ]] && kill -0 "$pg" 2>/dev/null \
        && tr '\0' ' ' < "/proc/$pg/cmdline" 2>/dev/null | grep -qF "$DATA"; then
      say "stopping the embedded PostgreSQL left behind (pid $pg)"
      kill "$pg" 2>/dev/null || true
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting the service on $BASE (PostgreSQL on 127.0.0.1:$PG_PORT), log $LOG"
# shellcheck disable=SC2086 # JAVA_OPTS and SERVICE_ARGS are word lists
SERVER_PORT="$PORT" SERVER_ADDRESS=127.0.0.1 SCIM_DATA_DIR="$DATA" SCIM_ADMIN_TOKEN="$ADMIN_TOKEN" \
  SCIM_KAFKA_PORT=0 SCIM_POSTGRES_PORT="$PG_PORT" \
  java $JAVA_OPTS -jar "$JAR" $SERVICE_ARGS > "$LOG" 2>&1 < /dev/null &
SVC_PID=$!

until curl -fsS -o /dev/null -m 5 -H "Authorization: Bearer $ADMIN_TOKEN" "$BASE/admin/actuator/health" 2>/dev/null; do
  if ! kill -0 "$SVC_PID" 2>/dev/null; then
    tail -n 40 "$LOG" >&2 || true
    die "the service exited while starting (log: $LOG)"
  fi
  (( SECONDS < START_TIMEOUT )) || { tail -n 40 "$LOG" >&2 || true; die "the service did not answer within ${START_TIMEOUT}s"; }
  sleep 1
done
say "the service answers (pid $SVC_PID)"
# the embedded PostgreSQL asks every role for its password (SCRAM); the superuser's is kept beside the cluster
PGPASSWORD="$(sed -n 's/^postgres=//p' "$DATA/postgres.passwords" 2>/dev/null || true)"
export PGPASSWORD

mkdir -p "$(dirname "$OUT")"
REPORT="$BENCH/report.stdout"
SCIM_ADMIN_TOKEN="$ADMIN_TOKEN" java -cp "$PG_JAR" "$REPO/infra/bench/ScimBenchmark.java" \
  --base-url "$BASE" --pg-port "$PG_PORT" --duration "$DURATION" --warmup "$WARMUP" --connections "$CONNECTIONS" \
  --seed-events "$SEED_EVENTS" --rebuild-timeout "$REBUILD_TIMEOUT" --settle-timeout "$SETTLE_TIMEOUT" --out "$OUT" \
  --jar "${JAR#"$REPO"/}" --built "$BUILT" --service-java-opts "$JAVA_OPTS" --service-args "$SERVICE_ARGS" \
  --service-pid "$SVC_PID" --jit-warmup "${JIT_WARMUP:-100}" > "$REPORT" &
BENCH_PID=$!
wait "$BENCH_PID"   # in the background so that a signal reaches the trap at once
BENCH_PID=""

echo
cat "$REPORT"
echo
say "report written to $OUT (service log: $LOG)"
