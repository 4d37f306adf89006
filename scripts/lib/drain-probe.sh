# shellcheck shell=bash
# The drain profile of scripts/bench.sh --drain=N with BENCH_JFR=1: sourced after
# scripts/lib/bench-server.sh and scripts/lib/drain-shares.sh (which pins the embedded PostgreSQL's
# and Redis's ports, so that it can ask them for their counters, and whose drain_watch calls
# probe_start and probe_stop) and, from the moment every lead was submitted until the lanes are
# empty (with --instances=K: of the first instance only),
#   - records the server with Java Flight Recorder (jcmd JFR.start/JFR.stop; the start-up and the
#     intake are left out) and summarises it with scripts/jfr-drain.sh;
#   - counts the Redis commands (INFO commandstats, before and after) and the PostgreSQL
#     transactions (pg_stat_database) per lead routed meanwhile;
#   - logs every SQL statement for a few seconds of the drain (log_statement = all, set and reset
#     with ALTER SYSTEM + pg_reload_conf(); BENCH_SQL_WINDOW seconds, default 5, 0 for none) and
#     counts them per lead routed in that window;
#   - logs the drain rate by the routed audit times as soon as the lanes are empty (the generator's
#     own figure comes after it has read every lead back).
# Needs psql (PostgreSQL's client) for the SQL counts; without it those are skipped.

probe_dir="$target/drain-probe"
probe_window=${BENCH_SQL_WINDOW:-5}

# probe_redis <command...>: one Redis command (inline protocol), its raw answer on stdout.
probe_redis() {
  local password
  password=$(cat "$data_dir/redis.password")
  exec 5<>"/dev/tcp/127.0.0.1/$redis_port"
  printf 'AUTH %s\r\n%s\r\nQUIT\r\n' "$password" "$*" >&5
  timeout 5 cat <&5 | tr -d '\r'
  exec 5<&-
}

# probe_pg <sql>: one psql query against the embedded database (drain-shares.sh pg_query).
probe_pg() { pg_query "$1"; }

# probe_cpu: CPU time used so far (clock ticks) by the server JVM, PostgreSQL (the postmaster, its
# finished children and its live ones) and Redis, as "server postgres redis".
probe_cpu() { shares_sample | awk '{ print $7, $5, $6 }'; }

probe_routed() { probe_pg "SELECT count(*) FROM lead_audit WHERE action = 'routed'" || echo 0; }

# probe_commandstats <file>: "command calls" lines from INFO commandstats.
probe_commandstats() {
  probe_redis INFO commandstats \
    | awk -F'[:,=]' '/^cmdstat_/ { sub(/^cmdstat_/, "", $1); print $1, $3 }' | sort >"$1"
}

probe_postgres_log() { [[ -f "$data_dir/postgres.log" ]] && echo "$data_dir/postgres.log"; }

# probe_start: every lead submitted; the drain alone starts now.
probe_start() {
  mkdir -p "$probe_dir"
  rm -f "$probe_dir"/*
  jcmd "$server_pid" JFR.start name=drain settings=profile >/dev/null 2>&1 \
    && log "JFR: recording the drain alone" || log "JFR: could not start a recording"
  probe_cpu >"$probe_dir/cpu-before.txt"
  date +%s.%N >"$probe_dir/wall-before.txt"
  probe_commandstats "$probe_dir/redis-before.txt" || true
  probe_routed >"$probe_dir/routed-start.txt"
  probe_pg "SELECT now()" >"$probe_dir/start-time.txt" || true
  probe_pg "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'salesbot'" \
    >"$probe_dir/xacts-before.txt" || true
  local pglog
  pglog=$(probe_postgres_log)
  if ((probe_window > 0)) && [[ -n "$pglog" ]] && probe_pg "ALTER SYSTEM SET log_statement = 'all'" >/dev/null \
    && probe_pg "SELECT pg_reload_conf()" >/dev/null; then
    printf '%s\n' "$pglog" >"$probe_dir/pglog-path.txt"
    stat -c %s "$pglog" >"$probe_dir/pglog-from.txt"
    probe_routed >"$probe_dir/routed-window-start.txt"
    sleep "$probe_window"
    probe_pg "ALTER SYSTEM RESET log_statement" >/dev/null || true
    probe_pg "SELECT pg_reload_conf()" >/dev/null || true
    probe_routed >"$probe_dir/routed-window-end.txt"
    stat -c %s "$pglog" >"$probe_dir/pglog-to.txt"
  fi
}

# probe_stop: the lanes are empty.
probe_stop() {
  jcmd "$server_pid" JFR.stop name=drain filename="$target/bench-server.jfr" >/dev/null 2>&1 || true
  probe_cpu >"$probe_dir/cpu-after.txt"
  cut -d' ' -f1-3 /proc/loadavg >"$probe_dir/loadavg-after.txt"
  date +%s.%N >"$probe_dir/wall-after.txt"
  probe_commandstats "$probe_dir/redis-after.txt" || true
  probe_routed >"$probe_dir/routed-end.txt"
  # The drain alone by the routed audit times, without waiting for the generator's read-back.
  probe_pg "SELECT count(*), round(extract(epoch FROM max(at) - min(at))::numeric, 1)
      FROM lead_audit WHERE action = 'routed' AND at >= '$(cat "$probe_dir/start-time.txt")'" \
    | tr '|' ' ' >"$probe_dir/drain-alone.txt" || true
  log "probe: routed after the last lead was submitted (count, seconds first → last): $(cat "$probe_dir/drain-alone.txt")"
  probe_pg "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'salesbot'" \
    >"$probe_dir/xacts-after.txt" || true
}

# probe_report: Markdown on stdout.
probe_report() {
  local routed_start routed_end leads
  routed_start=$(cat "$probe_dir/routed-start.txt" 2>/dev/null || echo 0)
  routed_end=$(cat "$probe_dir/routed-end.txt" 2>/dev/null || echo 0)
  leads=$((routed_end - routed_start))
  printf '\n## Drain profile (from the last lead submitted to empty lanes)\n\n'
  printf -- '- leads routed meanwhile: %d' "$leads"
  read -r alone seconds <"$probe_dir/drain-alone.txt" || true
  if [[ -n "${seconds:-}" ]] && awk -v s="$seconds" 'BEGIN { exit !(s > 0) }'; then
    awk -v n="$alone" -v s="$seconds" 'BEGIN { printf " (%d routed in %.1f s by their audit times: %.0f leads/s)", n, s, (n - 1) / s }'
  fi
  printf '\n'
  if ((leads > 0)) && [[ -s "$probe_dir/cpu-after.txt" ]]; then
    # shellcheck disable=SC2046
    awk -v n="$leads" -v hz="$(getconf CLK_TCK)" -v wall="$(awk '{ print $1 }' "$probe_dir/wall-after.txt") - $(cat "$probe_dir/wall-before.txt")" \
      -v b="$(cat "$probe_dir/cpu-before.txt")" -v a="$(cat "$probe_dir/cpu-after.txt")" 'BEGIN {
        split(b, x, " "); split(a, y, " "); split(wall, w, " - "); secs = w[1] - w[2]
        printf "- **CPU per lead** (from /proc, the probe'"'"'s %.0f s): server JVM **%.2f ms**, PostgreSQL %.2f ms, Redis %.2f ms", secs,
          1000 * (y[1] - x[1]) / hz / n, 1000 * (y[2] - x[2]) / hz / n, 1000 * (y[3] - x[3]) / hz / n
        printf "; the server used %.2f cores meanwhile (machine: %s cores, load average %s when the lanes were empty)\n", (y[1] - x[1]) / hz / secs, "'"$(nproc)"'", "'"$(cat "$probe_dir/loadavg-after.txt" 2>/dev/null)"'"
      }'
  fi
  if ((leads > 0)) && [[ -s "$probe_dir/xacts-after.txt" && -s "$probe_dir/xacts-before.txt" ]]; then
    awk -v a="$(cat "$probe_dir/xacts-before.txt")" -v b="$(cat "$probe_dir/xacts-after.txt")" -v n="$leads" \
      'BEGIN { printf "- PostgreSQL transactions: %d, **%.2f per lead**\n", b - a, (b - a) / n }'
  fi
  if [[ -s "$probe_dir/pglog-to.txt" ]]; then
    local from to wstart wend wleads
    from=$(cat "$probe_dir/pglog-from.txt")
    to=$(cat "$probe_dir/pglog-to.txt")
    wstart=$(cat "$probe_dir/routed-window-start.txt")
    wend=$(cat "$probe_dir/routed-window-end.txt")
    wleads=$((wend - wstart))
    tail -c +"$((from + 1))" "$(cat "$probe_dir/pglog-path.txt")" | head -c "$((to - from))" \
      | grep -E 'LOG:  (execute [^:]*|statement): ' | grep -v -E 'pg_reload_conf|ALTER SYSTEM|lead_audit WHERE action = .routed.$' \
      | sed -E 's/.*LOG:  (execute [^:]*|statement): //' >"$probe_dir/statements.txt" || true
    local statements
    statements=$(wc -l <"$probe_dir/statements.txt")
    printf -- '- SQL statements in a %s s window of the drain (log_statement = all): %d for %d leads routed' \
      "$probe_window" "$statements" "$wleads"
    if ((wleads > 0)); then
      awk -v s="$statements" -v n="$wleads" 'BEGIN { printf ", **%.2f per lead**\n", s / n }'
      printf '\n| statements | per lead | statement (first 100 characters) |\n|---:|---:|---|\n'
      cut -c1-100 "$probe_dir/statements.txt" | sed -E 's/\$[0-9]+/$n/g' | sort | uniq -c | sort -rn | head -n 25 \
        | awk -v n="$wleads" '{ c = $1; $1 = ""; sub(/^ /, ""); gsub(/\|/, "\\|"); printf "| %d | %.2f | `%s` |\n", c, c / n, $0 }'
    else
      printf '\n'
    fi
  fi
  if ((leads > 0)) && [[ -s "$probe_dir/redis-after.txt" ]]; then
    printf '\n| Redis command | calls | per lead |\n|---|---:|---:|\n'
    join -a 2 -e 0 -o 0,1.2,2.2 "$probe_dir/redis-before.txt" "$probe_dir/redis-after.txt" \
      | awk -v n="$leads" '{ d = $3 - $2; if (d > 0) printf "%s %d %.2f\n", $1, d, d / n }' \
      | sort -k2,2nr | awk '{ printf "| `%s` | %d | %s |\n", $1, $2, $3; t += $2 } END { printf "| all | %d | %.2f |\n", t, t / '"$leads"' }'
  fi
  if [[ -f "$target/bench-server.jfr" ]]; then
    printf '\n'
    scripts/jfr-drain.sh "$target/bench-server.jfr" 20 || true
  fi
}
