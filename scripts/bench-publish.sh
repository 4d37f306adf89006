#!/usr/bin/env bash
# Publishing a month's scorecards to 5,000 reps through the platforms' send budgets (issue 14), as
# one command:
#
#   scripts/bench-publish.sh [--reps=5000] [--dingtalk-reps=500] [--team-size=50] [--period=YYYY-MM]
#                            [--timeout=900] [--settle-seconds=10] [--records=sql|api]
#
# 1. builds (./mvnw -B -q -DskipTests package; BENCH_SKIP_BUILD=1 reuses the last build);
# 2. writes the teams (--reps in teams of --team-size, the first --dingtalk-reps on DingTalk, the
#    others and every manager on WeCom), the records source `bench` and the publisher sandbox:boss
#    into a configuration file, and starts bot-server/target/bot-server.jar on a free 127.0.0.1 port
#    with fresh embedded PostgreSQL + Redis, WeCom and DingTalk on and both platforms' API base URLs
#    pointing at a stand-in on a second free loopback port (run by the benchmark), the sandbox on;
#    WeCom's daily-sends is 200 × the seats (reps and managers on WeCom), DingTalk's monthly quota
#    off (a professional edition: 5,000 cards need more than the standard edition's 5,000 calls);
# 3. runs io.salesbot.bench.PublishBenchmark: one contract per rep, written straight into the
#    server's PostgreSQL as accepted records (--records=api: through the signed
#    POST /api/v1/records instead, minutes at 5,000 on a busy machine), then `/publish <period>` (default: last month, China time) by the
#    publisher in the sandbox chat, and waits until every rep has their scorecard card and every
#    manager their leaderboard at the stand-in (at most --timeout s), then --settle-seconds more;
# 4. stops the server and deletes the temporary folder.
#
# The Markdown report (time to the last card, cards/s, calls per budget window against the budgets,
# duplicates, server memory) goes to stdout and benchmarks/target/publish-report.md; the server's
# log to benchmarks/target/bench-publish-server.log. A report, not a test. Exit status: non-zero
# only when it could not run (build, start-up, server died, bad arguments).
#
# Environment:
#   BENCH_SKIP_BUILD=1       skip step 1
#   BENCH_SERVER_JAR=path    run this bot-server.jar instead of the build's (a before/after pair)
#   BENCH_SERVER_OPTS=...    JVM options for the server (default: none, the JVM's defaults)
#   BENCH_START_TIMEOUT=180  seconds to wait for the server to be UP
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/bench-server.sh
source scripts/lib/bench-server.sh

pin_dev_services   # $pg_port: the benchmark writes the records straight into PostgreSQL
config="$data_dir/bench-publish.yaml"
daily_sends=$(java -cp "$bench_cp" io.salesbot.bench.PublishBenchmark --write-config="$config" "$@") \
  || fail "could not write the configuration (arguments?)"
use_stand_in "$daily_sends"
log "WeCom and DingTalk point at the stand-in $stand_in; teams in $config"
server_args+=(
  --spring.config.additional-location="file:$config"
  --salesbot.sandbox.enabled=true
  --salesbot.dingtalk.monthly-api-calls=0
)
run_generator_first "$target/bench-publish-server.log" \
  io.salesbot.bench.PublishBenchmark \
  --base-url="$base" \
  --stand-in-port="$stand_in_port" \
  --server-pid-file="$data_dir/server.pid" \
  --start-timeout="$start_timeout" \
  --postgres-port="$pg_port" \
  --data-dir="$data_dir" \
  --report="$target/publish-report.md" \
  "$@"
