# shellcheck shell=bash
# What the benchmark scripts share: sourced by scripts/bench.sh and scripts/bench-callbacks.sh from
# the repository's root, after `set -euo pipefail`. It
#   - checks java and curl, builds unless BENCH_SKIP_BUILD=1, checks the build is there;
#   - picks a free loopback port for the server ($port, $base);
#   - makes a temporary data folder ($data_dir) and copies the jars to run into it, so that a build
#     running meanwhile cannot swap them ($bench_cp: the load generator's classpath);
#   - stops the server and any left-over embedded PostgreSQL/Redis on exit, and deletes the folder.
# Then the script calls start_server <server log> <extra server arguments...>, which returns once
# /actuator/health is UP (BENCH_START_TIMEOUT, default 180 s), and after the load check_server.

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

data_dir=$(mktemp -d "${TMPDIR:-/tmp}/salesbot-bench.XXXXXX")
chmod 755 "$data_dir"   # embedded PostgreSQL may run as an unprivileged user
server_pid=""
server_log=""
bare_pid=""

cleanup() {
  local status=$?
  stop_bare
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    log "stopping the server (pid $server_pid)"
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      log "the server did not stop within 30 s; killing it"
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || true
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
  local started
  started=$(date +%s)
  until curl -sf "$base/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      tail -n 40 "$server_log" >&2 || true
      server_pid=""
      fail "the server exited during start-up (log above)"
    fi
    if (($(date +%s) - started > start_timeout)); then
      tail -n 40 "$server_log" >&2 || true
      fail "the server was not UP within $start_timeout s"
    fi
    sleep 1
  done
  log "server UP after $(($(date +%s) - started)) s"
}

# check_server <generator exit status>: fails when the server died or the generator failed.
check_server() {
  if ! kill -0 "$server_pid" 2>/dev/null; then
    tail -n 40 "$server_log" >&2 || true
    server_pid=""
    fail "the server died during the benchmark (log above)"
  fi
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

