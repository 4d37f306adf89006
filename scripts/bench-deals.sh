#!/usr/bin/env bash
# Deal reports and the stall scan at scale (issue 12), as one command:
#
#   scripts/bench-deals.sh [--deals=100000] [--scan-deals=100000] [--calls=200] [--warmup=50]
#                          [--scan-runs=3] [--ack-rate=200] [--ack-seconds=15] [--pool=20]
#                          [--seed=12] [--reps=300] [--out=benchmarks/target/deal-report.md]
#
# 1. builds the benchmarks module and what it needs in the reactor (no install;
#    BENCH_SKIP_BUILD=1 reuses the last build);
# 2. runs io.salesbot.bench.DealBenchmark on the module's runtime classpath: an embedded
#    PostgreSQL and Redis in temporary folders, the generator's deals bulk-loaded with COPY, the
#    report calls, the stall scan (every team's daily digest) and the lead intake's ack idle and
#    during the scan; prints the Markdown report (also written to --out).
#
# A report, not a test: a missed target does not fail it. Non-zero only when it could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  nice ./mvnw -B -q -o -DskipTests -Dspotless.check.skip=true package -pl benchmarks -am >&2
fi
cp="benchmarks/target/classes:$(cat benchmarks/target/bench-classpath.txt)"
echo "machine: $(nproc) cores; $(uptime)" >&2
exec java ${BENCH_OPTS:--Xmx3g} -cp "$cp" io.salesbot.bench.DealBenchmark "$@"
