# shellcheck shell=bash
# What the benchmark scripts share: sourced by the scripts/bench*.sh scripts from the repository's
# root, after `set -euo pipefail`. It
#   - checks java and curl, builds unless BENCH_SKIP_BUILD=1, checks the build is there;
#   - picks a free loopback port for the server ($port, $base);
#   - makes a temporary data folder ($data_dir) and copies the jars to run into it, so that a build
#     running meanwhile cannot swap them ($bench_cp: the load generator's classpath);
#   - stops the servers and any left-over embedded PostgreSQL/Redis on exit, and deletes the folder.
# Then the script calls start_server <server log> <extra server arguments...>, which returns once
# /actuator/health is UP (BENCH_START_TIMEOUT, default 180 s), and after the load check_server.
# Also here: use_stand_in (WeCom and DingTalk on, their APIs at a loopback stand-in),
# run_generator_first (a generator that runs that stand-in, started before the server),
# pin_dev_services (fixed ports for the embedded PostgreSQL and Redis) and start_more_servers
# (instances 2..N on the first instance's PostgreSQL and Redis).

root=$(pwd)
target="$root/benchmarks/target"
start_timeout=${BENCH_START_TIMEOUT:-180}

log() { printf 'bench: %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

command -v java >/dev/null || fail "java is not on the PATH"
command -v curl >/dev/null || fail "curl is not on the PATH"

if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  log "building (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests package || fail "the build failed"
fi
server_jar=${BENCH_SERVER_JAR:-bot-server/target/bot-server.jar}
[[ -f "$server_jar" ]] || fail "$server_jar is missing; build first"
[[ -f "$target/bench-classpath.txt" && -d "$target/classes" ]] \
  || fail "benchmarks/target is not built; run without BENCH_SKIP_BUILD"
mkdir -p "$target"

# A free loopback port: one that nothing answers on.
free_port() {
  local candidate
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
port=$(free_port) || fail "found no free port"
base="http://127.0.0.1:$port"
taken_ports=("$port")

# another_port <variable name>: sets the variable to a free port that none of this run's servers
# uses yet (taken_ports), and records it there (hence a variable, not $(...): a subshell would lose
# the record).
another_port() {
  local candidate used clash
  for _ in $(seq 1 20); do
    candidate=$(free_port) || break
    clash=0
    for used in "${taken_ports[@]}"; do
      [[ "$candidate" == "$used" ]] && clash=1
    done
    if ((clash == 0)); then
      taken_ports+=("$candidate")
      printf -v "$1" '%s' "$candidate"
      return 0
    fi
  done
  fail "found no free port"
}

data_dir=$(mktemp -d "${TMPDIR:-/tmp}/salesbot-bench.XXXXXX")
chmod 755 "$data_dir"   # embedded PostgreSQL may run as an unprivileged user
server_args=()   # the script's own server arguments, for every instance it starts
server_pid=""
server_log=""
bare_pid=""
# Instances 2..N (start_more_servers): their pids, base URLs and logs.
more_pids=()
more_bases=()
more_logs=()

# stop_pid <pid> <what>: SIGTERM, up to 30 s for a graceful stop, then SIGKILL.
stop_pid() {
  kill -0 "$1" 2>/dev/null || return 0
  log "stopping $2 (pid $1)"
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$1" 2>/dev/null; then
    log "$2 did not stop within 30 s; killing it"
    kill -KILL "$1" 2>/dev/null || true
  fi
  wait "$1" 2>/dev/null || true
}

cleanup() {
  local status=$?
  stop_bare
  # Instances 2..N first: the first one runs the embedded PostgreSQL and Redis they use.
  local i
  for i in "${!more_pids[@]}"; do
    stop_pid "${more_pids[$i]}" "instance $((i + 2))"
  done
  if [[ -n "$server_pid" ]]; then
    stop_pid "$server_pid" "the server"
  fi
  # Embedded PostgreSQL and Redis normally stop with the server; if one was left behind (its command
  # line names this run's unique data folder), stop it by its pid.
  local left
  left=$(pgrep -f -- "$data_dir" || true)
  if [[ -n "$left" ]]; then
    log "stopping left-over dev services: $left"
    # shellcheck disable=SC2086
    kill -TERM $left 2>/dev/null || true
    sleep 2
    # shellcheck disable=SC2086
    kill -KILL $left 2>/dev/null || true
  fi
  rm -rf "$data_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# stop_bare: stops the bare WebFlux yardstick (scripts/bench.sh --vs-bare) if it runs.
stop_bare() {
  if [[ -n "$bare_pid" ]] && kill -0 "$bare_pid" 2>/dev/null; then
    kill -TERM "$bare_pid" 2>/dev/null || true
    wait "$bare_pid" 2>/dev/null || true
  fi
  bare_pid=""
}

# start_bare <log file>: the bare WebFlux yardstick (benchmarks/bare-webflux) in the background on
# $port; returns when it answers /actuator/health with UP. Same JVM options as the server.
start_bare() {
  [[ -f "$data_dir/app/bare-webflux.jar" ]] \
    || fail "benchmarks/bare-webflux/target/bare-webflux.jar is missing; build without BENCH_SKIP_BUILD"
  log "starting the bare WebFlux yardstick on $base (log in $1)"
  # shellcheck disable=SC2086
  java ${BENCH_SERVER_OPTS:-} -jar "$data_dir/app/bare-webflux.jar" \
    --server.address=127.0.0.1 --server.port="$port" --logging.level.root=WARN >"$1" 2>&1 &
  bare_pid=$!
  local started
  started=$(date +%s)
  until curl -sf "$base/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    kill -0 "$bare_pid" 2>/dev/null || { tail -n 40 "$1" >&2; bare_pid=""; fail "the bare app exited"; }
    (($(date +%s) - started > start_timeout)) && fail "the bare app was not UP within $start_timeout s"
    sleep 1
  done
}

# Run copies, so that a build running meanwhile in this work tree cannot swap jars under the JVMs.
mkdir -p "$data_dir/app" "$data_dir/lib"
cp "$server_jar" "$data_dir/app/bot-server.jar"
if [[ -f benchmarks/bare-webflux/target/bare-webflux.jar ]]; then
  cp benchmarks/bare-webflux/target/bare-webflux.jar "$data_dir/app/bare-webflux.jar"
fi
cp -r "$target/classes" "$data_dir/lib/classes"
bench_cp="$data_dir/lib/classes"
IFS=":" read -r -a deps <"$target/bench-classpath.txt" || true  # no newline at its end
for dep in "${deps[@]}"; do
  if [[ "$dep" == "$root"/* ]]; then
    cp "$dep" "$data_dir/lib/"
    dep="$data_dir/lib/$(basename "$dep")"
  fi
  bench_cp="$bench_cp:$dep"
done

# await_up <pid> <base URL> <log file> <what>: returns when <base URL>/actuator/health is UP; fails
# when the process exits first or BENCH_START_TIMEOUT passes.
await_up() {
  local started
  started=$(date +%s)
  until curl -sf "$2/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    if ! kill -0 "$1" 2>/dev/null; then
      tail -n 40 "$3" >&2 || true
      fail "$4 exited during start-up (log above)"
    fi
    if (($(date +%s) - started > start_timeout)); then
      tail -n 40 "$3" >&2 || true
      fail "$4 was not UP within $start_timeout s"
    fi
    sleep 1
  done
  log "$4 UP after $(($(date +%s) - started)) s"
}

# start_server <log file> [java options and server arguments...]: the server in the background on
# $port with its embedded servers in $data_dir; returns when it is UP.
start_server() {
  server_log=$1
  shift
  log "starting salesbot on $base (data in $data_dir, log in $server_log)"
  # shellcheck disable=SC2086
  java ${BENCH_SERVER_OPTS:-} "$@" -jar "$data_dir/app/bot-server.jar" \
    --server.address=127.0.0.1 \
    --server.port="$port" \
    --salesbot.dev-services.data-dir="$data_dir" \
    --salesbot.admin.token=bench-token \
    --logging.level.root=WARN \
    "${server_args[@]}" \
    >"$server_log" 2>&1 &
  server_pid=$!
  await_up "$server_pid" "$base" "$server_log" "the server"
}

# pin_dev_services: the first instance's embedded PostgreSQL and Redis on fixed free ports
# ($pg_port, $redis_port), so that the script (psql, Redis probes) and instances 2..N can reach
# them; their passwords are in $data_dir/postgres.password and $data_dir/redis.password once the
# first instance is UP. Call before start_server.
pin_dev_services() {
  [[ -n "${pg_port:-}" ]] && return 0
  another_port pg_port
  another_port redis_port
  server_args+=("--salesbot.dev-services.postgres-port=$pg_port"
    "--salesbot.dev-services.redis-port=$redis_port")
}

# start_more_servers <count> <log prefix> [server arguments...]: instances 2..<count> of the same
# jar, with the script's server_args and these, on free loopback ports and on the first instance's
# embedded PostgreSQL and Redis (pin_dev_services before start_server) instead of dev services of
# their own; the demo dataset loaded explicitly (the server loads it by itself only on its dev
# services), the sandbox on and the same admin token. Started together; returns once each is UP.
# Their base URLs are in more_bases, pids in more_pids, logs <log prefix>-<n>.log in more_logs. The
# passwords go in the environment, not on the command line.
start_more_servers() {
  local count=$1 prefix=$2 n instance_port instance_log
  shift 2
  [[ -n "${pg_port:-}" ]] || fail "start_more_servers needs pin_dev_services before start_server"
  for ((n = 2; n <= count; n++)); do
    another_port instance_port
    instance_log="$prefix-$n.log"
    log "starting instance $n on http://127.0.0.1:$instance_port (log in $instance_log)"
    # shellcheck disable=SC2086
    SPRING_R2DBC_PASSWORD=$(cat "$data_dir/postgres.password") \
      SPRING_DATA_REDIS_PASSWORD=$(cat "$data_dir/redis.password") \
      java ${BENCH_SERVER_OPTS:-} -jar "$data_dir/app/bot-server.jar" \
      --server.address=127.0.0.1 \
      --server.port="$instance_port" \
      --salesbot.dev-services.enabled=false \
      --spring.r2dbc.url="r2dbc:postgresql://127.0.0.1:$pg_port/salesbot" \
      --spring.r2dbc.username=postgres \
      --spring.data.redis.host=127.0.0.1 \
      --spring.data.redis.port="$redis_port" \
      --spring.config.additional-location=classpath:/salesbot-demo.yaml \
      --salesbot.sandbox.enabled=true \
      --salesbot.admin.token=bench-token \
      --logging.level.root=WARN \
      "${server_args[@]}" \
      "$@" \
      >"$instance_log" 2>&1 &
    more_pids+=($!)
    more_bases+=("http://127.0.0.1:$instance_port")
    more_logs+=("$instance_log")
  done
  for n in "${!more_pids[@]}"; do
    await_up "${more_pids[$n]}" "${more_bases[$n]}" "${more_logs[$n]}" "instance $((n + 2))"
  done
}

# use_stand_in <WeCom daily sends per member>: WeCom (agent 1000002) and DingTalk (HTTP mode, card
# callbacks included) on, both platforms' API base URLs at a stand-in on a second free loopback port
# ($stand_in_port, $stand_in; the generator runs it: see run_generator_first). Adds the server
# arguments that scripts/bench-callbacks.sh and scripts/bench-publish.sh both need to server_args;
# the script adds its own after.
use_stand_in() {
  another_port stand_in_port
  stand_in="http://127.0.0.1:$stand_in_port"
  server_args+=(
    --salesbot.wecom.enabled=true
    --salesbot.wecom.corp-id=wwbench0000000001
    --salesbot.wecom.api-base-url="$stand_in"
    --salesbot.wecom.apps.1000002.secret=bench-secret
    --salesbot.wecom.apps.1000002.token=benchtoken
    --salesbot.wecom.apps.1000002.aes-key=jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C
    --salesbot.wecom.daily-sends="$1"
    --salesbot.dingtalk.enabled=true
    --salesbot.dingtalk.mode=http
    --salesbot.dingtalk.client-id=dingbenchclient
    --salesbot.dingtalk.client-secret=bench-dingtalk-secret
    --salesbot.dingtalk.corp-id=dingbenchcorp
    --salesbot.dingtalk.token=benchtoken
    --salesbot.dingtalk.aes-key=1234567890123456789012345678901234567890123
    --salesbot.dingtalk.card-templates.default=bench-template.schema
    --salesbot.dingtalk.api-base-url="$stand_in"
    --salesbot.dingtalk.public-base-url=https://salesbot.bench.invalid
    --salesbot.dingtalk.card-callback-route-key=bench
    --salesbot.dingtalk.card-callback-secret=bench-card-callback-secret
  )
}

# run_generator_first <server log> <generator main class> [generator arguments...]: starts the
# generator (which runs the platform stand-in) in the background first, so that the server finds the
# platforms' APIs from its start (in HTTP mode it registers DingTalk's card callback then, and its
# health is not UP until it has); then the server; writes its pid to $data_dir/server.pid (pass
# --server-pid-file="$data_dir/server.pid" to the generator, which waits for the server to be UP on
# its own, given --start-timeout="$start_timeout"); waits for the generator, then check_server.
run_generator_first() {
  local log_file=$1 status=0
  shift
  bench_pid=""
  # (set +e first: under set -e the "(exit $st)" that hands cleanup the status would end the trap
  # before cleanup, leaving the server running after a failed run)
  trap 'st=$?; set +e; [[ -n "$bench_pid" ]] && kill "$bench_pid" 2>/dev/null; (exit "$st"); cleanup' EXIT
  java -Xms256m -Xmx1g -cp "$bench_cp" "$@" &
  bench_pid=$!
  start_server "$log_file"
  echo "$server_pid" >"$data_dir/server.pid"
  wait "$bench_pid" || status=$?
  bench_pid=""
  check_server "$status"
}

# check_server <generator exit status>: fails when a server died or the generator failed.
check_server() {
  if ! kill -0 "$server_pid" 2>/dev/null; then
    tail -n 40 "$server_log" >&2 || true
    server_pid=""
    fail "the server died during the benchmark (log above)"
  fi
  local i
  for i in "${!more_pids[@]}"; do
    if ! kill -0 "${more_pids[$i]}" 2>/dev/null; then
      tail -n 40 "${more_logs[$i]}" >&2 || true
      fail "instance $((i + 2)) died during the benchmark (log above)"
    fi
  done
  if (($1 != 0)); then
    fail "the load generator could not complete (exit $1)"
  fi
}

# With BENCH_JFR=1 the server records with Java Flight Recorder: pass "${jfr_opts[@]}" to
# start_server, and call print_jfr at the end.
jfr_opts=()
if [[ "${BENCH_JFR:-}" == 1 ]]; then
  rm -f "$target/bench-server.jfr"
  jfr_opts=("-XX:StartFlightRecording=filename=$target/bench-server.jfr,settings=profile,dumponexit=true")
fi

# print_jfr: with BENCH_JFR=1, dumps the server's recording and prints its hottest frames.
print_jfr() {
  if [[ "${BENCH_JFR:-}" == 1 ]]; then
    jcmd "$server_pid" JFR.dump filename="$target/bench-server.jfr" >/dev/null 2>&1 || true
    if command -v jfr >/dev/null && [[ -f "$target/bench-server.jfr" ]]; then
      log "server CPU profile (JFR execution samples; full recording: $target/bench-server.jfr)"
      jfr print --stack-depth 64 --events jdk.ExecutionSample "$target/bench-server.jfr" \
        >"$target/bench-server-samples.txt" || true
      log "hottest top frames:"
      awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/[(].*/, ""); print }' \
        "$target/bench-server-samples.txt" | sort | uniq -c | sort -rn | head -15 >&2 || true
      log "innermost salesbot frame of each sample:"
      awk '/stackTrace = \[/ { t = 1; a = ""; next }
           t && /^[ \t]*\]/ { t = 0; print (a == "" ? "(no salesbot frame)" : a); next }
           t && a == "" && /io[.]salesbot[.]/ { a = $0; sub(/^[ \t]+/, "", a); sub(/[(].*/, "", a) }' \
        "$target/bench-server-samples.txt" | sort | uniq -c | sort -rn | head -15 >&2 || true
    fi
  fi
}

