#!/usr/bin/env bash
# Timer firing lag under a backlog, as one command:
#
#   scripts/bench-timers.sh [--pending=100000] [--rate=200] [--seconds=30] [--pollers=2]
#                           [--poll-interval-ms=1000] [--out=benchmarks/target/timer-report.md]
#
# 1. builds the benchmarks module and what it needs (BENCH_SKIP_BUILD=1 reuses the last build);
# 2. runs io.salesbot.bench.TimerBenchmark on the module's runtime classpath: an embedded
#    PostgreSQL in a temporary folder, the backlog of pending timers, due-now timers at a steady
#    rate fired by independent pollers; prints the Markdown report (also written to --out).
#
# A report, not a test: a missed target does not fail it. Non-zero only when it could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true install -pl benchmarks -am >&2
fi
cp="benchmarks/target/classes:$(cat benchmarks/target/bench-classpath.txt)"
exec java ${BENCH_OPTS:-} -cp "$cp" io.salesbot.bench.TimerBenchmark "$@"
