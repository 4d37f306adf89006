#!/usr/bin/env bash
# Routing decisions per second and p99, in memory, as one command:
#
#   scripts/bench-routing.sh [--reps=10000] [--rules=200] [--teams=100] [--warmup-seconds=10]
#                            [--seconds=20] [--seed=42] [--out=benchmarks/target/routing-report.md]
#
# 1. builds the benchmarks module and what it needs (BENCH_SKIP_BUILD=1 reuses the last build);
# 2. runs io.salesbot.bench.RoutingBenchmark on the module's runtime classpath: RuleRouter.route
#    plus RepSelector.select over in-memory teams, rep states and round-robin turns (no database);
#    prints the Markdown report (also written to --out).
#
# A report, not a test. Non-zero only when it could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true install -pl benchmarks -am >&2
fi
cp="benchmarks/target/classes:$(cat benchmarks/target/bench-classpath.txt)"
exec java ${BENCH_OPTS:-} -cp "$cp" io.salesbot.bench.RoutingBenchmark "$@"
