#!/usr/bin/env bash
# Acknowledgement latency of the platform callbacks (WeCom and DingTalk), as one command:
#
#   scripts/bench-callbacks.sh [--targets=dingtalk,wecom] [--rate=100] [--seconds=20]
#                              [--spike-factor=10] [--spike-seconds=10] [--warmup-seconds=10]
#                              [--settle-seconds=30] [--max-connections=512] [--response-timeout=10]
#
# 1. builds (./mvnw -B -q -DskipTests package; BENCH_SKIP_BUILD=1 reuses the last build);
# 2. starts io.salesbot.bench.CallbackBenchmark, which runs a stand-in for both platforms' APIs on a
#    second free loopback port, then bot-server/target/bot-server.jar as its own process on a free
#    127.0.0.1 port, with fresh embedded PostgreSQL + Redis in a temporary folder, WeCom (agent
#    1000002) and DingTalk (HTTP mode, its card callback registered at the stand-in) on, and both
#    platforms' API base URLs pointing at the stand-in (scripts/lib/bench-server.sh use_stand_in;
#    the server needs the APIs for its start and its replies; callbacks are acknowledged before
#    they are processed);
# 3. once /actuator/health is UP the benchmark runs: per target a warm-up, a steady phase and a 10x
#    spike of encrypted callbacks, open loop;
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
# shellcheck source=scripts/lib/bench-server.sh
source scripts/lib/bench-server.sh

use_stand_in 10000000
log "WeCom and DingTalk point at the stand-in $stand_in"
run_generator_first "$target/bench-callbacks-server.log" \
  io.salesbot.bench.CallbackBenchmark \
  --base-url="$base" \
  --stand-in-port="$stand_in_port" \
  --server-pid-file="$data_dir/server.pid" \
  --start-timeout="$start_timeout" \
  --report="$target/callback-report.md" \
  "$@"
