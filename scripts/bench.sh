#!/usr/bin/env bash
# Load benchmark of the lead intake, as one command:
#
#   scripts/bench.sh [--rate=100] [--seconds=20] [--spike-factor=10] [--spike-seconds=10]
#                    [--warmup-seconds=0] [--drain-timeout=120] [--check-concurrency=32]
#                    [--max-connections=512] [--response-timeout=10]
#
# 1. builds (./mvnw -B -q -DskipTests package; BENCH_SKIP_BUILD=1 reuses the last build);
# 2. starts bot-server/target/bot-server.jar as its own process on a free 127.0.0.1 port, with
#    fresh embedded PostgreSQL + Redis in a temporary folder (demo dataset: intake source "demo",
#    secret "demo-secret", sandbox platform on) and admin token bench-token;
# 3. waits for /actuator/health to be UP, then runs io.salesbot.bench.IntakeBenchmark (open-loop
#    load: a steady phase, then a 10x spike; then drain and loss via the admin API);
# 4. stops the server and deletes the temporary folder.
#
# The Markdown report goes to stdout and benchmarks/target/bench-report.md; the server's log to
# benchmarks/target/bench-server.log. It is a report, not a test: missed targets do not fail it.
# Exit status: 0 when the benchmark ran; non-zero only when it could not (build, start-up, server
# died, generator could not reach the server, bad arguments).
#
# Environment:
#   BENCH_SKIP_BUILD=1       skip step 1
#   BENCH_SERVER_OPTS=...    JVM options for the server (default: none, the JVM's defaults)
#   BENCH_JFR=1              record the server with Java Flight Recorder to
#                            benchmarks/target/bench-server.jfr and print its hottest frames
#   BENCH_THREAD_DUMP=S      take a server thread dump S seconds into the load
#                            (benchmarks/target/bench-server-threads.txt)
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

# A free loopback port: one that nothing answers on.
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    port=$candidate
    break
  fi
done
[[ -n "$port" ]] || fail "found no free port"
base="http://127.0.0.1:$port"

data_dir=$(mktemp -d "${TMPDIR:-/tmp}/salesbot-bench.XXXXXX")
chmod 755 "$data_dir"   # embedded PostgreSQL may run as an unprivileged user
server_pid=""
server_log="$target/bench-server.log"

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

jfr_opts=()
if [[ "${BENCH_JFR:-}" == 1 ]]; then
  rm -f "$target/bench-server.jfr"
  jfr_opts=("-XX:StartFlightRecording=filename=$target/bench-server.jfr,settings=profile,dumponexit=true")
fi

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

log "starting salesbot on $base (data in $data_dir, log in $server_log)"
# shellcheck disable=SC2086
java ${BENCH_SERVER_OPTS:-} "${jfr_opts[@]}" -jar "$data_dir/app/bot-server.jar" \
  --server.address=127.0.0.1 \
  --server.port="$port" \
  --salesbot.dev-services.data-dir="$data_dir" \
  --salesbot.admin.token=bench-token \
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

if [[ -n "${BENCH_THREAD_DUMP:-}" ]]; then
  (sleep "$BENCH_THREAD_DUMP" && jcmd "$server_pid" Thread.print >"$target/bench-server-threads.txt" 2>&1) &
fi

status=0
java -Xms256m -Xmx1g -cp "$bench_cp" \
  io.salesbot.bench.IntakeBenchmark \
  --base-url="$base" \
  --server-pid="$server_pid" \
  --source=demo --secret=demo-secret --admin-token=bench-token \
  --report="$target/bench-report.md" \
  "$@" || status=$?

if ! kill -0 "$server_pid" 2>/dev/null; then
  tail -n 40 "$server_log" >&2 || true
  server_pid=""
  fail "the server died during the benchmark (log above)"
fi
if ((status != 0)); then
  fail "the load generator could not complete (exit $status)"
fi

if [[ "${BENCH_JFR:-}" == 1 ]]; then
  jcmd "$server_pid" JFR.dump filename="$target/bench-server.jfr" >/dev/null 2>&1 || true
  if command -v jfr >/dev/null && [[ -f "$target/bench-server.jfr" ]]; then
    log "server CPU profile (JFR execution samples; full recording: $target/bench-server.jfr)"
    jfr print --stack-depth 64 --events jdk.ExecutionSample "$target/bench-server.jfr" \
      >"$target/bench-server-samples.txt" || true
    log "hottest top frames:"
    awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/[(].*/, ""); print }' \
      "$target/bench-server-samples.txt" | sort | uniq -c | sort -rn | head -15 >&2 || true
    log "innermost salesbot frame of each sample:"
    awk '/stackTrace = \[/ { t = 1; a = ""; next }
         t && /^[ \t]*\]/ { t = 0; print (a == "" ? "(no salesbot frame)" : a); next }
         t && a == "" && /io[.]salesbot[.]/ { a = $0; sub(/^[ \t]+/, "", a); sub(/[(].*/, "", a) }' \
      "$target/bench-server-samples.txt" | sort | uniq -c | sort -rn | head -15 >&2 || true
  fi
fi
