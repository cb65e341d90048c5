#!/usr/bin/env bash
# The fault scenario of the local multi-node topology (issue 7, items 4 and 5): starts the topology (topology.sh up, on
# a fresh run dir), drives an Entra-like SCIM load over both gateways while killing -9 a gateway, a worker, a Kafka
# broker and PostgreSQL at seeded random moments (infra/local/FaultScenario.java), then checks that nothing acknowledged
# was lost, every event reached Kafka, the projections rebuild equal, a dead worker's segments were taken over in time
# and no 5xx came outside the database's own outage. Prints the verdict and writes it as Markdown to
# <run dir>/fault-scenario-report.md; exit 0 only on PASS. Finally topology.sh down (unless KEEP=1).
#
#   infra/local/fault-scenario.sh
#
# Environment (all optional):
#   SCIM_LOCAL_DIR   run dir (default <repo>/target/local-topology), as for topology.sh
#   SCIM_JAR         the service jar, as for topology.sh
#   REUSE=1          use the topology already running in the run dir (no wipe, no up)
#   KEEP=1           leave the topology running afterwards
#   DURATION=180     load phase in seconds (it runs on until the last fault has recovered, plus 15 s)
#   THREADS=8        concurrent SCIM clients      TENANTS=3   tenants
#   SEED=<n>         repeats a run's fault schedule (order and moments); printed by every run
#   FAULTS=gateway1,worker1,kafka,postgres   which faults to inject ("none": the checks only)
#   TOPOLOGY=<path>  topology.sh to drive (default: the one beside this script)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/../.." && pwd)"
TOPOLOGY="${TOPOLOGY:-$SCRIPT_DIR/topology.sh}"
export SCIM_LOCAL_DIR="${SCIM_LOCAL_DIR:-$REPO/target/local-topology}"
[[ -z "${SCIM_JAR:-}" ]] || export SCIM_JAR
DURATION="${DURATION:-180}"
THREADS="${THREADS:-8}"
TENANTS="${TENANTS:-3}"
SEED="${SEED:-$(( (RANDOM << 15 | RANDOM) % 1000000 ))}"
FAULTS="${FAULTS:-gateway1,worker1,kafka,postgres}"
REUSE="${REUSE:-0}"
KEEP="${KEEP:-0}"
MVN="${MVN:-mvn}"

say() { printf '[fault-scenario] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 2; }

[[ -f "$TOPOLOGY" ]] || die "no topology script at $TOPOLOGY"
command -v java >/dev/null || die "java not found"
T0=$SECONDS

# The driver's classpath: kafka-clients, the PostgreSQL driver and Jackson, as the infra module resolves them (offline).
classpath() {
  local cache="$REPO/target/fault-scenario.classpath" full
  if [[ ! -s "$cache" ]]; then
    mkdir -p "$REPO/target"
    full="$(mktemp)"
    (cd "$REPO" && "$MVN" -q -o dependency:build-classpath -pl infra -Dmdep.outputFile="$full" >&2) \
      || die "mvn dependency:build-classpath -pl infra failed (offline)"
    tr ':' '\n' < "$full" \
      | grep -E '/(kafka-clients|postgresql|jackson-core|jackson-databind|jackson-annotations|zstd-jni|lz4-java|snappy-java|slf4j-api)-[0-9][^/]*\.jar$' \
      | paste -sd: > "$cache"
    rm -f "$full"
  fi
  cat "$cache"
}
CP="$(classpath)"
[[ "$CP" == *kafka-clients* && "$CP" == *postgresql* && "$CP" == *jackson-databind* ]] || die "incomplete classpath: $CP"

DRIVER_PID=""
cleanup() {
  local rc=$?
  [[ -n "$DRIVER_PID" ]] && kill "$DRIVER_PID" 2>/dev/null || true
  if [[ "$KEEP" != 1 ]]; then
    say "topology.sh down"
    bash "$TOPOLOGY" down >&2 || say "topology.sh down failed"
  else
    say "KEEP=1: topology left running (run dir $SCIM_LOCAL_DIR)"
  fi
  say "total $((SECONDS - T0)) s"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ "$REUSE" != 1 ]]; then
  if [[ -e "$SCIM_LOCAL_DIR" ]]; then
    say "wiping the run dir $SCIM_LOCAL_DIR (REUSE=1 keeps it)"
    bash "$TOPOLOGY" wipe >&2
  fi
  say "topology.sh up"
  bash "$TOPOLOGY" up >&2
fi
UP_SECONDS=$((SECONDS - T0))
[[ -f "$SCIM_LOCAL_DIR/env" ]] || die "no $SCIM_LOCAL_DIR/env: is the topology up?"
# shellcheck disable=SC1091
. "$SCIM_LOCAL_DIR/env"
say "topology up after ${UP_SECONDS} s; driver: seed $SEED, load ${DURATION} s, $THREADS threads, faults $FAULTS"

set +e
java -Xmx384m -Djdk.httpclient.keepalive.timeout=10 -cp "$CP" "$SCRIPT_DIR/FaultScenario.java" \
  "gateways=$SCIM_GATEWAYS" "admin-token=$SCIM_ADMIN_TOKEN" "jdbc=$SCIM_JDBC_URL" "kafka=$SCIM_KAFKA_BOOTSTRAP" \
  "topology=$TOPOLOGY" "run-dir=$SCIM_LOCAL_DIR" "duration=$DURATION" "threads=$THREADS" "tenants=$TENANTS" \
  "seed=$SEED" "faults=$FAULTS" "report=$SCIM_LOCAL_DIR/fault-scenario-report.md" "up-seconds=$UP_SECONDS" &
DRIVER_PID=$!
wait "$DRIVER_PID"
RC=$?
DRIVER_PID=""
set -e
say "driver finished after $((SECONDS - T0)) s in all (topology up took ${UP_SECONDS} s): $([[ $RC == 0 ]] && echo PASS || echo "FAIL (exit $RC)")"
say "report: $SCIM_LOCAL_DIR/fault-scenario-report.md   requests: $SCIM_LOCAL_DIR/fault-scenario-requests.tsv"
exit "$RC"
