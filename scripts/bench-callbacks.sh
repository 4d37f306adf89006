#!/usr/bin/env bash
# Acknowledgement latency of the platform callbacks (WeCom and DingTalk), as one command:
#
#   scripts/bench-callbacks.sh [--targets=dingtalk,wecom] [--rate=100] [--seconds=20]
#                              [--spike-factor=10] [--spike-seconds=10] [--warmup-seconds=10]
#                              [--settle-seconds=30] [--max-connections=512] [--response-timeout=10]
#
# 1. builds (./mvnw -B -q -DskipTests package; BENCH_SKIP_BUILD=1 reuses the last build);
# 2. starts bot-server/target/bot-server.jar as its own process on a free 127.0.0.1 port, with
#    fresh embedded PostgreSQL + Redis in a temporary folder, WeCom (agent 1000002) and DingTalk
#    (HTTP mode) on, and both platforms' API base URLs pointing at a stand-in on a second free
#    loopback port, run by the load generator (the server needs the APIs only for its replies;
#    callbacks are acknowledged before they are processed);
# 3. waits for /actuator/health to be UP, then runs io.salesbot.bench.CallbackBenchmark: per target
#    a warm-up, a steady phase and a 10x spike of encrypted callbacks, open loop;
# 4. stops the server and deletes the temporary folder.
#
# The Markdown report goes to stdout and benchmarks/target/callback-report.md; the server's log to
# benchmarks/target/bench-callbacks-server.log. A report, not a test: missed targets do not fail it.
# Exit status: non-zero only when it could not run (build, start-up, server died, bad arguments).
#
# Environment:
#   BENCH_SKIP_BUILD=1       skip step 1
#   BENCH_SERVER_OPTS=...    JVM options for the server (default: none, the JVM's defaults)
#   BENCH_START_TIMEOUT=180  seconds to wait for the server to be UP
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target="$root/benchmarks/target"
start_timeout=${BENCH_START_TIMEOUT:-180}

log() { printf 'bench: %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

command -v java >/dev/null || fail "java is not on the PATH"
command -v curl >/dev/null || fail "curl is not on the PATH"

if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  log "building (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests package || fail "the build failed"
fi
[[ -f bot-server/target/bot-server.jar ]] || fail "bot-server/target/bot-server.jar is missing; build first"
[[ -f "$target/bench-classpath.txt" && -d "$target/classes" ]] \
  || fail "benchmarks/target is not built; run without BENCH_SKIP_BUILD"
mkdir -p "$target"

# Free loopback ports: ones that nothing answers on.
free_port() {
  local candidate
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
port=$(free_port) || fail "found no free port"
stand_in_port=$(free_port) || fail "found no free port"
while [[ "$stand_in_port" == "$port" ]]; do stand_in_port=$(free_port) || fail "found no free port"; done
stand_in="http://127.0.0.1:$stand_in_port"
base="http://127.0.0.1:$port"

data_dir=$(mktemp -d "${TMPDIR:-/tmp}/salesbot-bench.XXXXXX")
chmod 755 "$data_dir"   # embedded PostgreSQL may run as an unprivileged user
server_pid=""
server_log="$target/bench-callbacks-server.log"

cleanup() {
  local status=$?
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    log "stopping the server (pid $server_pid)"
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      log "the server did not stop within 30 s; killing it"
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || true
  fi
  # Embedded PostgreSQL and Redis normally stop with the server; if one was left behind (its command
  # line names this run's unique data folder), stop it by its pid.
  local left
  left=$(pgrep -f -- "$data_dir" || true)
  if [[ -n "$left" ]]; then
    log "stopping left-over dev services: $left"
    # shellcheck disable=SC2086
    kill -TERM $left 2>/dev/null || true
    sleep 2
    # shellcheck disable=SC2086
    kill -KILL $left 2>/dev/null || true
  fi
  rm -rf "$data_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Run copies, so that a build running meanwhile in this work tree cannot swap jars under the JVMs.
mkdir -p "$data_dir/app" "$data_dir/lib"
cp bot-server/target/bot-server.jar "$data_dir/app/bot-server.jar"
cp -r "$target/classes" "$data_dir/lib/classes"
bench_cp="$data_dir/lib/classes"
IFS=":" read -r -a deps <"$target/bench-classpath.txt" || true  # no newline at its end
for dep in "${deps[@]}"; do
  if [[ "$dep" == "$root"/* ]]; then
    cp "$dep" "$data_dir/lib/"
    dep="$data_dir/lib/$(basename "$dep")"
  fi
  bench_cp="$bench_cp:$dep"
done

log "starting salesbot on $base with WeCom and DingTalk pointed at $stand_in (data in $data_dir, log in $server_log)"
# shellcheck disable=SC2086
java ${BENCH_SERVER_OPTS:-} -jar "$data_dir/app/bot-server.jar" \
  --server.address=127.0.0.1 \
  --server.port="$port" \
  --salesbot.dev-services.data-dir="$data_dir" \
  --salesbot.admin.token=bench-token \
  --salesbot.wecom.enabled=true \
  --salesbot.wecom.corp-id=wwbench0000000001 \
  --salesbot.wecom.api-base-url="$stand_in" \
  --salesbot.wecom.apps.1000002.secret=bench-secret \
  --salesbot.wecom.apps.1000002.token=benchtoken \
  --salesbot.wecom.apps.1000002.aes-key=jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C \
  --salesbot.wecom.daily-sends=10000000 \
  --salesbot.dingtalk.enabled=true \
  --salesbot.dingtalk.mode=http \
  --salesbot.dingtalk.client-id=dingbenchclient \
  --salesbot.dingtalk.client-secret=bench-dingtalk-secret \
  --salesbot.dingtalk.corp-id=dingbenchcorp \
  --salesbot.dingtalk.token=benchtoken \
  --salesbot.dingtalk.aes-key=1234567890123456789012345678901234567890123 \
  --salesbot.dingtalk.card-templates.default=bench-template.schema \
  --salesbot.dingtalk.api-base-url="$stand_in" \
  --logging.level.root=WARN \
  >"$server_log" 2>&1 &
server_pid=$!

started=$(date +%s)
until curl -sf "$base/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    tail -n 40 "$server_log" >&2 || true
    server_pid=""
    fail "the server exited during start-up (log above)"
  fi
  if (($(date +%s) - started > start_timeout)); then
    tail -n 40 "$server_log" >&2 || true
    fail "the server was not UP within $start_timeout s"
  fi
  sleep 1
done
log "server UP after $(($(date +%s) - started)) s"

status=0
java -Xms256m -Xmx1g -cp "$bench_cp" \
  io.salesbot.bench.CallbackBenchmark \
  --base-url="$base" \
  --stand-in-port="$stand_in_port" \
  --server-pid="$server_pid" \
  --report="$target/callback-report.md" \
  "$@" || status=$?

if ! kill -0 "$server_pid" 2>/dev/null; then
  tail -n 40 "$server_log" >&2 || true
  server_pid=""
  fail "the server died during the benchmark (log above)"
fi
if ((status != 0)); then
  fail "the load generator could not complete (exit $status)"
fi
