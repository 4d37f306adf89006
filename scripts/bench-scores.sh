#!/usr/bin/env bash
# A month's scorecard drafts at scale (issue 14), as one command:
#
#   scripts/bench-scores.sh [--reps=5000] [--records=1000000] [--runs=5] [--period=2026-11]
#                           [--freeze-sample=0] [--explain=false]
#                           [--out=benchmarks/target/score-report.md]
#
# 1. builds the benchmarks module and what it needs in the reactor (no install;
#    BENCH_SKIP_BUILD=1 reuses the last build);
# 2. runs io.salesbot.bench.ScoreBenchmark on the module's runtime classpath: an embedded
#    PostgreSQL in a temporary folder (loopback only), the records generated straight into it
#    (INSERT … SELECT generate_series), the month's drafts computed --runs times through the
#    production ScoreDrafts over PostgresAdapter (what /score, /leaderboard and /publish use);
#    --freeze-sample=N also times the old /publish look-up (one query per record behind the
#    drafts) on N keys; each run times the drafts from the records (/publish, /score … detail)
#    and from the store's tallies (/score, /leaderboard, the console) and the report says whether
#    both give the same scorecards; --explain=true adds PostgreSQL's plans (auto_explain) of the
#    statements of 500 ms or more; prints the Markdown report (also written to --out).
#
# A report, not a test: a missed target does not fail it. Non-zero only when it could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  nice ./mvnw -B -q -o -DskipTests -Dspotless.check.skip=true package -pl benchmarks -am >&2
fi
cp="benchmarks/target/classes:$(cat benchmarks/target/bench-classpath.txt)"
echo "machine: $(nproc) cores; $(uptime)" >&2
exec nice java ${BENCH_OPTS:--Xmx3g} -cp "$cp" io.salesbot.bench.ScoreBenchmark "$@"
