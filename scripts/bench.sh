#!/usr/bin/env bash
# Load benchmark of the lead intake, as one command:
#
#   scripts/bench.sh [--rate=100] [--seconds=20] [--spike-factor=10] [--spike-seconds=10]
#                    [--warmup-seconds=0] [--drain-timeout=120] [--check-concurrency=32]
#                    [--max-connections=512] [--response-timeout=10]
#   scripts/bench.sh --vs-bare [--intake-alone | --intake-paused] [--connections=32] [--seconds=30] [--warmup-seconds=10]
#   scripts/bench.sh --drain=20000 [--instances=1] [--connections=32] [--drain-timeout=600]
#   scripts/bench.sh --hot-behind=10000 [--connections=32] [--drain-timeout=600]
#
# --vs-bare: closed-loop load (io.salesbot.bench.IntakeCeiling, like wrk -t1 -c32) first against
#   the bare WebFlux yardstick (benchmarks/bare-webflux: parse the body, answer 202, nothing else),
#   then, on the same port and with the same generator, against salesbot; reports both and the
#   ratio (benchmarks/target/ceiling-report.md), with each server's CPU per 202.
# --intake-alone: with --vs-bare, holds salesbot's inbound pipeline to one handler for the whole
#   run (ingress first at every rate: salesbot.pipeline.ingress-first-above=1, busy-concurrency=1,
#   ingress-first-max-hold=1h), so the figure is the request path's, not the request path's while
#   the pipeline drains the backlog on the same cores.
# --intake-paused: as --intake-alone, but the pipeline is paused for the whole run (busy-concurrency
#   0): the request path with nothing else of salesbot's running but its timers and outbox senders.
# --drain=N: submits N distinct leads as fast as salesbot takes them, then waits until all are
#   routed and reports the drain rate alone (leads/s from the server's routed audit times), where
#   the CPU went meanwhile (each server instance, PostgreSQL, Redis, the generator, the rest of the
#   machine: scripts/lib/drain-shares.sh) and, from PostgreSQL and every instance's metrics, that
#   each lead was routed once and its offer card delivered, and how many card commands each sent.
# --instances=K (with --drain, 1 to 3, default 1): K server processes on the first one's embedded
#   PostgreSQL and Redis (instances 2..K start with external-server settings pointing there). The
#   leads go to the first instance only; every instance's pipeline consumes the shared Redis lanes
#   (one consumer group), so all of them drain — the drain is the figure, and one intake target
#   keeps the submission identical to a one-instance run's.
# --hot-behind=N: N normal leads (no phone) as fast as they are taken, then one hot lead (with a
#   phone: the demo source is high-intent, so the hot lane); reports how long after its 202 the hot
#   lead was routed, how many normal leads it overtook, and that none was lost.
#
# 1. builds (./mvnw -B -q -DskipTests package; BENCH_SKIP_BUILD=1 reuses the last build);
# 2. starts bot-server/target/bot-server.jar as its own process on a free 127.0.0.1 port, with
#    fresh embedded PostgreSQL + Redis in a temporary folder (demo dataset: intake source "demo",
#    secret "demo-secret", sandbox platform on) and admin token bench-token;
# 3. waits for /actuator/health to be UP, then runs io.salesbot.bench.IntakeBenchmark (open-loop
#    load: a steady phase, then a 10x spike; then drain and loss via the admin API);
# 4. stops the server and deletes the temporary folder.
#
# The Markdown report goes to stdout and benchmarks/target/bench-report.md; the server's log to
# benchmarks/target/bench-server.log. It is a report, not a test: missed targets do not fail it.
# Exit status: 0 when the benchmark ran; non-zero only when it could not (build, start-up, server
# died, generator could not reach the server, bad arguments).
#
# Environment:
#   BENCH_SKIP_BUILD=1       skip step 1
#   BENCH_SERVER_JAR=path    run this bot-server.jar instead of the build's (e.g. an older build
#                            kept aside, for a before/after comparison in one sitting)
#   BENCH_SERVER_OPTS=...    JVM options for the server (default: none, the JVM's defaults)
#   BENCH_JFR=1              record the server with Java Flight Recorder from the moment it is UP
#                            (start-up left out) to benchmarks/target/bench-server.jfr and print
#                            where its CPU samples go (scripts/jfr-top.sh); with --drain=N the
#                            drain alone (from the last lead submitted to empty lanes), summarised
#                            by scripts/jfr-drain.sh, plus SQL statements, PostgreSQL transactions
#                            and Redis commands per lead (scripts/lib/drain-probe.sh;
#                            BENCH_SQL_WINDOW=5 seconds of SQL logging); with --instances=K the
#                            first instance only
#   BENCH_THREAD_DUMP=S      take a server thread dump S seconds into the load
#                            (benchmarks/target/bench-server-threads.txt)
#   BENCH_START_TIMEOUT=180  seconds to wait for the server to be UP
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/bench-server.sh
source scripts/lib/bench-server.sh

# start_jfr: with BENCH_JFR=1, starts recording the server now that it is UP (start-up left out).
start_jfr() {
  if [[ "${BENCH_JFR:-}" == 1 && "$mode" != drain ]]; then
    rm -f "$target/bench-server.jfr"
    jcmd "$server_pid" JFR.start name=bench settings=profile >/dev/null \
      || fail "could not start the flight recording (jcmd)"
  fi
}

mode=intake
server_args=()
drain_leads=0
hot_behind=0
instances=1
args=()
for arg in "$@"; do
  case "$arg" in
    --vs-bare) mode=vs-bare ;;
    --instances=*) instances=${arg#--instances=} ;;
    --intake-alone)
      server_args+=(--salesbot.pipeline.ingress-first-above=1 --salesbot.pipeline.busy-concurrency=1
        --salesbot.pipeline.ingress-first-max-hold=1h)
      ;;
    --intake-paused)
      server_args+=(--salesbot.pipeline.ingress-first-above=1 --salesbot.pipeline.busy-concurrency=0
        --salesbot.pipeline.ingress-first-max-hold=1h)
      ;;
    --drain=*) mode=drain; drain_leads=${arg#--drain=} ;;
    --hot-behind=*) mode=hot; hot_behind=${arg#--hot-behind=} ;;
    *) args+=("$arg") ;;
  esac
done
set -- "${args[@]+"${args[@]}"}"
[[ "$instances" =~ ^[1-3]$ ]] || fail "--instances must be 1, 2 or 3, not '$instances'"
if ((instances > 1)) && [[ "$mode" != drain ]]; then
  fail "--instances works with --drain=N only"
fi

ceiling() {
  java -Xms256m -Xmx1g -Dbench.redis-pid-file="$data_dir/redis/redis.pid" -cp "$bench_cp" \
    io.salesbot.bench.IntakeCeiling \
    --base-url="$base" --server-pid="${bare_pid:-$server_pid}" \
    --source=demo --secret=demo-secret --admin-token=bench-token \
    --report="$target/ceiling-report.md" --result="$target/ceiling-results.tsv" "$@"
}

# print_jfr: with BENCH_JFR=1, stops the server's recording and prints where its samples went.
print_jfr() {
  if [[ "${BENCH_JFR:-}" == 1 && "$mode" != drain ]]; then
    jcmd "$server_pid" JFR.stop name=bench filename="$target/bench-server.jfr" >/dev/null 2>&1 || true
    if command -v jfr >/dev/null && [[ -f "$target/bench-server.jfr" ]]; then
      log "server CPU profile (full recording: $target/bench-server.jfr)"
      scripts/jfr-top.sh "$target/bench-server.jfr" | tee "$target/bench-server-profile.md" >&2 || true
    fi
  fi
}

if [[ "$mode" == drain ]]; then
  # shellcheck source=scripts/lib/drain-shares.sh
  source scripts/lib/drain-shares.sh
  if [[ "${BENCH_JFR:-}" == 1 ]]; then
    # shellcheck source=scripts/lib/drain-probe.sh
    source scripts/lib/drain-probe.sh
  fi
fi
if [[ "$mode" == vs-bare ]]; then
  rm -f "$target/ceiling-report.md" "$target/ceiling-results.tsv"
  printf '# Intake: salesbot vs bare WebFlux, %s\n\n' "$(date -u +%FT%TZ)" >"$target/ceiling-report.md"
  start_bare "$target/bench-bare.log"
  ceiling --label=bare "$@" || fail "the load generator could not complete against the bare app"
  stop_bare
  start_server "$target/bench-server.log"
  start_jfr
  status=0
  # Other lead numbers than the bare run's, so that no lead is a repeat of an earlier one.
  ceiling --label=salesbot --offset=100000000 "$@" || status=$?
  check_server "$status"
  awk -F'\t' '$1 == "bare" { b = $2 } $1 == "salesbot" { s = $2 }
    END { if (b > 0) printf "## Ratio\n\nsalesbot %d req/s ÷ bare WebFlux %d req/s = **%.0f %%**\n", s, b, 100 * s / b }' \
    "$target/ceiling-results.tsv" | tee -a "$target/ceiling-report.md"
  print_jfr
  exit 0
fi

start_server "$target/bench-server.log"
if ((instances > 1)); then
  start_more_servers "$instances" "$target/bench-server"
fi
start_jfr

if [[ -n "${BENCH_THREAD_DUMP:-}" ]]; then
  (sleep "$BENCH_THREAD_DUMP" && jcmd "$server_pid" Thread.print >"$target/bench-server-threads.txt" 2>&1) &
fi

# memory <label> <pid> <report>: the process's VmRSS and VmHWM, logged and appended to the report.
memory() {
  local rss
  rss=$(awk '/VmRSS|VmHWM/ { printf "%s %s %s; ", $1, $2, $3 }' "/proc/$2/status" 2>/dev/null || true)
  log "$1: $rss"
  printf -- '- %s: %s(JVM options: %s)\n' "$1" "$rss" "${BENCH_SERVER_OPTS:-none}" | tee -a "$3"
}

status=0
if [[ "$mode" == drain ]]; then
  rm -f "$target/ceiling-report.md" "$target/ceiling-results.tsv"
  shares_start
  # The generator's stderr goes through drain_watch, which marks the drain's start and end on its
  # lines (and with BENCH_JFR=1 starts and stops the probe on them).
  { ceiling --label="drain, $instances instance$( ((instances > 1)) && echo s)" --leads="$drain_leads" \
    --warmup-seconds=0 "$@" 2>&1 1>&3 | drain_watch; } 3>&1 || status=$?
  shares_stop
  i=1
  for pid in "$server_pid" "${more_pids[@]}"; do
    memory "instance $i memory after the drain" "$pid" "$target/ceiling-report.md"
    i=$((i + 1))
  done
  if ((instances > 1)); then
    printf -- '- instances: %d salesbot processes on one embedded PostgreSQL and Redis (in instance 1);'"\
 the leads went to instance 1, all instances drained the shared lanes\n" "$instances" \
      | tee -a "$target/ceiling-report.md"
  fi
  { shares_report; cards_report; } | tee -a "$target/ceiling-report.md"
elif [[ "$mode" == hot ]]; then
  rm -f "$target/ceiling-report.md" "$target/ceiling-results.tsv"
  ceiling --label=hot --hot-behind="$hot_behind" --warmup-seconds=0 "$@" || status=$?
else
  java -Xms256m -Xmx1g -cp "$bench_cp" \
    io.salesbot.bench.IntakeBenchmark \
    --base-url="$base" \
    --server-pid="$server_pid" \
    --source=demo --secret=demo-secret --admin-token=bench-token \
    --report="$target/bench-report.md" \
    "$@" || status=$?
  # The peak (VmHWM) covers the whole run: warm-up, steady, the spike and its drain.
  memory "server memory after the run (VmHWM: its peak)" "$server_pid" "$target/bench-report.md"
fi

check_server "$status"

if [[ "$mode" == drain && "${BENCH_JFR:-}" == 1 ]]; then
  probe_report | tee -a "$target/ceiling-report.md"
else
  print_jfr
fi
