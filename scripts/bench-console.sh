#!/usr/bin/env bash
# How fast the web console's pages answer (issue 16), as one command:
#
#   scripts/bench-console.sh [--requests=100] [--warmup=10] [--clients=4] [--concurrent-requests=25]
#                            [--page-seconds=60] [--demo-leads=20] [--deals=100000] [--seed=12]
#                            [--phases=demo,scale]
#
# 1. builds (./mvnw -B -q -DskipTests package; BENCH_SKIP_BUILD=1 reuses the last build);
# 2. starts bot-server/target/bot-server.jar as its own process on a free 127.0.0.1 port in
#    try-out mode (fresh embedded PostgreSQL + Redis in a temporary folder, the demo dataset: two
#    teams, six sandbox reps, "sign in as" picker), its PostgreSQL on a second free loopback port;
# 3. runs io.salesbot.bench.ConsoleBenchmark: signs in as a manager (赵六), a rep (张三) and the
#    admin (孙八), times every console page and the dashboards' JSON (sequential, then a few
#    clients at once) on the demo dataset plus 20 demo leads; then COPYs 100,000 generated deals
#    into the server's PostgreSQL (folded onto the demo's teams and reps) and times them again;
# 4. stops the server and deletes the temporary folder.
#
# The Markdown report goes to stdout and benchmarks/target/console-report.md, the server's log to
# benchmarks/target/console-server.log. A report, not a test: missed targets (p99 ≤ 200 ms on the
# demo, ≤ 500 ms with 100,000 deals) fail nothing. Non-zero only when it could not run.
#
# Environment: BENCH_SKIP_BUILD=1, BENCH_SERVER_JAR=path (an older build, for before/after),
# BENCH_BEFORE_JAR=path (before/after on one database: that jar runs the phases given, then the
# server restarts on the same data folder with the build (or BENCH_SERVER_JAR) and the pages are
# timed again — e.g. --phases=load,scale --demo-share=1 loads once and times both; the report gets
# both passes, each with its load average), BENCH_SERVER_OPTS (server JVM options), BENCH_OPTS
# (benchmark JVM options, default -Xmx3g), BENCH_START_TIMEOUT=180.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/bench-server.sh
source scripts/lib/bench-server.sh

pg_port=$(free_port) || fail "found no free port for PostgreSQL"
[[ "$pg_port" != "$port" ]] || pg_port=$(free_port) || fail "found no free port for PostgreSQL"
server_args=(--salesbot.dev-services.postgres-port="$pg_port")
if [[ -n "${BENCH_BEFORE_JAR:-}" ]]; then
  [[ -f "$BENCH_BEFORE_JAR" ]] || fail "BENCH_BEFORE_JAR $BENCH_BEFORE_JAR is missing"
  # the "after" pass: the same options and phases but load (the deals are there already)
  after=()
  phases=demo,load,scale
  for arg in "$@"; do
    if [[ "$arg" == --phases=* ]]; then
      phases=${arg#--phases=}
    else
      after+=("$arg")
    fi
  done
  after_phases=$(tr ',' '\n' <<<"$phases" | { grep -vx load || true; } | paste -sd, -)
  [[ -n "$after_phases" ]] || fail "BENCH_BEFORE_JAR needs a phase to time (--phases=$phases)"
  mv "$data_dir/app/bot-server.jar" "$data_dir/app/after.jar"
  cp "$BENCH_BEFORE_JAR" "$data_dir/app/bot-server.jar"
  log "before: $BENCH_BEFORE_JAR"
fi
start_server "$target/console-server.log"
log "machine: $(nproc) cores; $(uptime)"

# console_benchmark <report file> [options...]: the pages timed against the running server.
console_benchmark() {
  local out=$1 status=0
  shift
  # shellcheck disable=SC2086
  java ${BENCH_OPTS:--Xmx3g} -cp "$bench_cp" io.salesbot.bench.ConsoleBenchmark \
    --base-url="$base" \
    --jdbc-url="jdbc:postgresql://127.0.0.1:$pg_port/salesbot" \
    --password-file="$data_dir/postgres.password" \
    --out="$out" \
    "$@" || status=$?
  check_server "$status"
}

if [[ -z "${BENCH_BEFORE_JAR:-}" ]]; then
  console_benchmark "$target/console-report.md" "$@"
  exit 0
fi
echo "# Before: $(basename "$BENCH_BEFORE_JAR") ($BENCH_BEFORE_JAR)"
echo
console_benchmark "$target/console-report-before.md" "$@"
# After: the build on the same data folder (its PostgreSQL stops and starts with the server, and
# applies the build's newer migrations); the same pages again, without loading anything.
stop_pid "$server_pid" "the server (before)"
mv "$data_dir/app/after.jar" "$data_dir/app/bot-server.jar"
start_server "$target/console-server-after.log"
echo
echo "# After: $server_jar"
echo
console_benchmark "$target/console-report-after.md" "${after[@]}" --phases="$after_phases"
