#!/usr/bin/env bash
# Record ingest through the signed POST /api/v1/records (issue 14: >= 2,000 records/s), as one
# command:
#
#   scripts/bench-records.sh [--connections=4] [--batch=1000] [--warmup-seconds=10] [--seconds=60]
#                            [--seed=14] [--response-timeout=60]
#
# 1. builds (./mvnw -B -q -DskipTests package; BENCH_SKIP_BUILD=1 reuses the last build);
# 2. starts bot-server/target/bot-server.jar as its own process on a free 127.0.0.1 port, with
#    fresh embedded PostgreSQL (on a second free loopback port, so the benchmark can count the rows)
#    and Redis in a temporary folder; the demo dataset's teams (six sandbox reps) and one more
#    intake source "erp" (secret bench-erp-secret) that may send records;
# 3. runs io.salesbot.bench.RecordBenchmark: closed loop, --connections batches of --batch records
#    in flight, a warm-up then the measured phase; then checks the rows in PostgreSQL against the
#    answers (every record answered as stored, stored exactly once);
# 4. stops the server and deletes the temporary folder.
#
# Bounded: about warm-up + measured seconds plus the server's start (loopback only). The Markdown
# report goes to stdout and benchmarks/target/records-report.md; the server's log to
# benchmarks/target/bench-records-server.log. A report, not a test: a missed target does not fail it.
# Exit status: non-zero only when it could not run (build, start-up, server died, bad arguments).
#
# Environment:
#   BENCH_SKIP_BUILD=1       skip step 1
#   BENCH_SERVER_JAR=path    run this bot-server.jar instead of the build's (before/after)
#   BENCH_SERVER_OPTS=...    JVM options for the server (default: none, the JVM's defaults)
#   BENCH_JFR=1              record the server with Java Flight Recorder to
#                            benchmarks/target/bench-server.jfr and print its hottest frames
#   BENCH_START_TIMEOUT=180  seconds to wait for the server to be UP
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/bench-server.sh
source scripts/lib/bench-server.sh

pg_port=$(free_port) || fail "found no free port"
while [[ "$pg_port" == "$port" ]]; do pg_port=$(free_port) || fail "found no free port"; done
server_args=(
  --salesbot.dev-services.postgres-port="$pg_port"
  --salesbot.intake.sources.erp.secret=bench-erp-secret
  --salesbot.intake.sources.erp.records=true
)
start_server "$target/bench-records-server.log" "${jfr_opts[@]}"

status=0
java -Xms256m -Xmx1g -cp "$bench_cp" \
  io.salesbot.bench.RecordBenchmark \
  --base-url="$base" \
  --server-pid="$server_pid" \
  --source=erp --secret=bench-erp-secret \
  --db-url="jdbc:postgresql://127.0.0.1:$pg_port/salesbot" \
  --db-password-file="$data_dir/postgres.password" \
  --report="$target/records-report.md" \
  "$@" || status=$?

check_server "$status"

print_jfr
