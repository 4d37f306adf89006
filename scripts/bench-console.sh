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
# BENCH_SERVER_OPTS (server JVM options), BENCH_OPTS (benchmark JVM options, default -Xmx3g),
# BENCH_START_TIMEOUT=180.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/bench-server.sh
source scripts/lib/bench-server.sh

pg_port=$(free_port) || fail "found no free port for PostgreSQL"
[[ "$pg_port" != "$port" ]] || pg_port=$(free_port) || fail "found no free port for PostgreSQL"
server_args=(--salesbot.dev-services.postgres-port="$pg_port")
start_server "$target/console-server.log"
log "machine: $(nproc) cores; $(uptime)"

status=0
# shellcheck disable=SC2086
java ${BENCH_OPTS:--Xmx3g} -cp "$bench_cp" io.salesbot.bench.ConsoleBenchmark \
  --base-url="$base" \
  --jdbc-url="jdbc:postgresql://127.0.0.1:$pg_port/salesbot" \
  --password-file="$data_dir/postgres.password" \
  --out="$target/console-report.md" \
  "$@" || status=$?
check_server "$status"
