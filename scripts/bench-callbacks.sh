#!/usr/bin/env bash
# Acknowledgement latency of the platform callbacks (WeCom and DingTalk), as one command:
#
#   scripts/bench-callbacks.sh [--targets=dingtalk,wecom] [--rate=100] [--seconds=20]
#                              [--spike-factor=10] [--spike-seconds=10] [--warmup-seconds=10]
#                              [--settle-seconds=30] [--max-connections=512] [--response-timeout=10]
#
# 1. builds (./mvnw -B -q -DskipTests package; BENCH_SKIP_BUILD=1 reuses the last build);
# 2. starts bot-server/target/bot-server.jar as its own process on a free 127.0.0.1 port, with
#    fresh embedded PostgreSQL + Redis in a temporary folder, WeCom (agent 1000002) and DingTalk
#    (HTTP mode) on, and both platforms' API base URLs pointing at a stand-in on a second free
#    loopback port, run by the load generator (the server needs the APIs only for its replies;
#    callbacks are acknowledged before they are processed);
# 3. waits for /actuator/health to be UP, then runs io.salesbot.bench.CallbackBenchmark: per target
#    a warm-up, a steady phase and a 10x spike of encrypted callbacks, open loop;
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

stand_in_port=$(free_port) || fail "found no free port"
while [[ "$stand_in_port" == "$port" ]]; do stand_in_port=$(free_port) || fail "found no free port"; done
stand_in="http://127.0.0.1:$stand_in_port"
log "WeCom and DingTalk point at the stand-in $stand_in"
server_args=(
  --salesbot.wecom.enabled=true
  --salesbot.wecom.corp-id=wwbench0000000001
  --salesbot.wecom.api-base-url="$stand_in"
  --salesbot.wecom.apps.1000002.secret=bench-secret
  --salesbot.wecom.apps.1000002.token=benchtoken
  --salesbot.wecom.apps.1000002.aes-key=jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C
  --salesbot.wecom.daily-sends=10000000
  --salesbot.dingtalk.enabled=true
  --salesbot.dingtalk.mode=http
  --salesbot.dingtalk.client-id=dingbenchclient
  --salesbot.dingtalk.client-secret=bench-dingtalk-secret
  --salesbot.dingtalk.corp-id=dingbenchcorp
  --salesbot.dingtalk.token=benchtoken
  --salesbot.dingtalk.aes-key=1234567890123456789012345678901234567890123
  --salesbot.dingtalk.card-templates.default=bench-template.schema
  --salesbot.dingtalk.api-base-url="$stand_in"
)
start_server "$target/bench-callbacks-server.log"

status=0
java -Xms256m -Xmx1g -cp "$bench_cp" \
  io.salesbot.bench.CallbackBenchmark \
  --base-url="$base" \
  --stand-in-port="$stand_in_port" \
  --server-pid="$server_pid" \
  --report="$target/callback-report.md" \
  "$@" || status=$?

check_server "$status"
