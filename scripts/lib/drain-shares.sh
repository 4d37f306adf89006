# shellcheck shell=bash
# Where the CPU goes while the backlog drains, and whether every card went out once, for
# scripts/bench.sh --drain=N [--instances=K]: sourced after scripts/lib/bench-server.sh, before
# start_server (it pins the embedded PostgreSQL's and Redis's ports: pin_dev_services). It
#   - samples, about once a second from shares_start until the first instance stops, the CPU time
#     used so far by each server instance, the embedded PostgreSQL (postmaster, reaped and live
#     backends), Redis and the load generator (/proc/<pid>/stat), and the machine's busy and total
#     time (/proc/stat);
#   - marks, from the generator's own lines (drain_watch, a filter for its stderr), the moment every
#     lead was submitted: the drain alone starts there and ends at the last `routed` audit time;
#   - reports (shares_report) each process's CPU over that window in cores, as a share of the
#     machine's busy time and per lead routed, what the rest of the machine used meanwhile, and the
#     drain rate in it;
#   - checks (cards_report), across all instances, that every lead of the run was routed once, that
#     every routed lead's offer card was delivered to its recipients (PostgreSQL `deliveries`), and
#     how many card commands each instance sent (salesbot_outbound_commands_total): a command sent
#     more often than there are cards would be a candidate duplicate.
# With BENCH_JFR=1 the filter also starts and stops scripts/lib/drain-probe.sh's profile.
# Needs psql (PostgreSQL's client) for the window's end and the checks; without it they are skipped.

shares_dir="$target/drain-shares"
mkdir -p "$shares_dir"
rm -f "$shares_dir"/*
pin_dev_services

# pg_query <sql>: one query against the first instance's embedded database, unaligned, no header.
pg_query() {
  command -v psql >/dev/null || return 1
  PGPASSWORD=$(cat "$data_dir/postgres.password") PGCONNECT_TIMEOUT=5 psql -X -q -h 127.0.0.1 \
    -p "$pg_port" -U postgres -d salesbot -Atc "$1" 2>>"$shares_dir/psql.log"
}

shares_generator=""

# shares_sample: "epoch machine-busy machine-total generator postgres redis instance-1 [instance-2 …]",
# CPU times in clock ticks: the machine's from /proc/stat, each process's from /proc/<pid>/stat
# (PostgreSQL: the postmaster with its reaped children, and its live backends). Few processes per
# sample (one awk, one pgrep), so that it keeps its once-a-second pace on a loaded machine.
shares_sample() {
  local pg="" redis="" kids=""
  [[ -r "$data_dir/postgres/postmaster.pid" ]] && read -r pg <"$data_dir/postgres/postmaster.pid"
  [[ -r "$data_dir/redis/redis.pid" ]] && read -r redis <"$data_dir/redis/redis.pid"
  if [[ -z "$shares_generator" || ! -d "/proc/$shares_generator" ]]; then
    shares_generator=$(pgrep -f -- "$data_dir/lib/classes.* io[.]salesbot[.]bench[.]IntakeCeiling" \
      | head -n 1 || true)
  fi
  [[ -n "$pg" ]] && kids=$(pgrep -P "$pg" || true)
  awk -v now="$EPOCHREALTIME" -v gen="$shares_generator" -v pg="$pg" -v kids="$kids" \
    -v redis="$redis" -v inst="$server_pid ${more_pids[*]}" '
    # user + system time of a process (with 1: and of its reaped children); 0 when it is gone
    function ticks(pid, reaped,   file, line, f) {
      if (pid == "") return 0
      file = "/proc/" pid "/stat"
      if ((getline line < file) <= 0) return 0
      close(file)
      sub(/^.*\) /, "", line)   # the fields after the command name, which may hold spaces
      split(line, f, " ")
      return f[12] + f[13] + (reaped ? f[14] + f[15] : 0)
    }
    BEGIN {
      getline cpu < "/proc/stat"; split(cpu, c, " "); busy = 0
      for (i = 2; i <= 9; i++) if (i != 5 && i != 6) busy += c[i]
      p = ticks(pg, 1); n = split(kids, k, " "); for (i = 1; i <= n; i++) p += ticks(k[i], 0)
      out = now " " busy " " busy + c[5] + c[6] " " ticks(gen, 0) " " p " " ticks(redis, 0)
      n = split(inst, s, " "); for (i = 1; i <= n; i++) out = out " " ticks(s[i], 0)
      print out
    }'
}

# shares_start: samples once a second in the background until the first instance stops.
shares_start() {
  date +%s.%N >"$shares_dir/run-start.txt"
  (
    while kill -0 "$server_pid" 2>/dev/null; do
      shares_sample >>"$shares_dir/samples.txt"
      sleep 1
    done
  ) &
  shares_pid=$!
}

# shares_stop: ends the sampling (the sampler is this script's own child).
shares_stop() {
  if [[ -n "${shares_pid:-}" ]]; then
    kill "$shares_pid" 2>/dev/null || true
    wait "$shares_pid" 2>/dev/null || true
    shares_pid=""
  fi
}

# drain_watch: a filter for the generator's stderr (passed through) that marks when every lead was
# submitted and when the lanes were empty; with BENCH_JFR=1 it starts and stops the drain profile.
drain_watch() {
  local line
  while IFS= read -r line; do
    printf '%s\n' "$line" >&2
    case "$line" in
      *"leads accepted; waiting for the pipeline"*)
        date +%s.%N >"$shares_dir/drain-start.txt"
        cut -d' ' -f1-3 /proc/loadavg >"$shares_dir/loadavg-start.txt"
        if [[ "${BENCH_JFR:-}" == 1 ]]; then probe_start & fi
        ;;
      *"the lanes are empty"*)
        date +%s.%N >"$shares_dir/lanes-empty.txt"
        cut -d' ' -f1-3 /proc/loadavg >"$shares_dir/loadavg-empty.txt"
        if [[ "${BENCH_JFR:-}" == 1 ]]; then
          wait
          probe_stop
        fi
        ;;
    esac
  done
  wait
}

# shares_report: Markdown on stdout.
shares_report() {
  local start end routed names
  printf '\n## CPU while the backlog drained alone (%d instance%s)\n\n' "$((1 + ${#more_pids[@]}))" \
    "$([[ ${#more_pids[@]} -gt 0 ]] && echo s)"
  if [[ ! -s "$shares_dir/drain-start.txt" || ! -s "$shares_dir/samples.txt" ]]; then
    printf -- '- not measured: the generator did not get to the drain, or nothing was sampled\n'
    return 0
  fi
  start=$(cat "$shares_dir/drain-start.txt")
  # The window ends at the last routed lead (the server's audit time; same machine, same clock).
  end=$(pg_query "SELECT extract(epoch FROM max(at)) FROM lead_audit WHERE action = 'routed'" || true)
  routed=$(pg_query "SELECT count(*) FROM lead_audit WHERE action = 'routed' AND at > to_timestamp($start)" || true)
  if [[ -z "$end" ]]; then
    end=$(cat "$shares_dir/lanes-empty.txt" 2>/dev/null || tail -n 1 "$shares_dir/samples.txt" | cut -d' ' -f1)
    printf -- '- (no psql: the window ends when the generator saw empty lanes, up to ~6 s late)\n'
  fi
  names="generator postgres redis"
  for i in $(seq 1 $((1 + ${#more_pids[@]}))); do names="$names instance-$i"; done
  awk -v start="$start" -v end="$end" -v routed="${routed:-0}" -v hz="$(getconf CLK_TCK)" \
    -v cores="$(nproc)" -v names="$names" \
    -v load="$(cat "$shares_dir/loadavg-start.txt" 2>/dev/null) at the start, $(cat "$shares_dir/loadavg-empty.txt" 2>/dev/null) when the lanes were empty" '
    # the samples around the window: the last at or before its start (else the first) and the
    # first at or after its end (else the last)
    NR == 1 || $1 <= start { split($0, A, " ") }
    !b { split($0, B, " "); if ($1 >= end) b = 1 }
    END {
      secs = B[1] - A[1]
      if (NR < 2 || secs <= 0) { print "- too few samples around the drain window"; exit }
      n = split(names, N, " ")
      busy = (B[2] - A[2]) / hz / secs; total = (B[3] - A[3]) / hz / secs
      printf "- window: from the last lead submitted to the last lead routed, %.1f s (CPU from the samples around it, %.1f s apart);", end - start, secs
      if (routed > 0) printf " %d leads routed in it: **%.0f leads/s**", routed, routed / (end - start)
      printf "\n- machine: %d cores, **%.2f busy** (%.0f %%); load average %s\n\n", cores, busy, 100 * busy / cores, load
      print "| process | CPU, cores | share of the busy machine | CPU ms per lead routed |"
      print "|---|---:|---:|---:|"
      known = 0; servers = 0
      for (i = 1; i <= n; i++) {
        c = (B[i + 3] - A[i + 3]) / hz / secs; known += c
        label = N[i]
        if (label == "generator") label = "load generator (IntakeCeiling: gauges and, after, the read-back)"
        else if (label == "postgres") label = "PostgreSQL (embedded, in instance 1)"
        else if (label == "redis") label = "Redis (embedded, in instance 1)"
        else { sub(/instance-/, "", label); label = "salesbot instance " label; servers += c }
        row(label, c)
      }
      if (n > 4) row("**salesbot instances together**", servers)
      printf "| everything else on the machine (not this benchmark) | %.2f | %.0f %% | |\n", busy - known, (busy > 0 ? 100 * (busy - known) / busy : 0)
    }
    # one table row: cores, share of the busy machine, CPU per lead routed (over the samples span)
    function row(label, c) {
      printf "| %s | %.2f | %.0f %% | %s |\n", label, c, (busy > 0 ? 100 * c / busy : 0), (routed > 0 ? sprintf("%.2f", 1000 * c * secs / routed) : "-")
    }' "$shares_dir/samples.txt"
}

# instance_bases: every instance's base URL, the first one first.
instance_bases() {
  printf '%s\n' "$base" "${more_bases[@]}"
}

# sent_cards <base URL>: the card commands that instance handled successfully so far
# (salesbot_outbound_commands_total, kind DeliverCard, outcome sent).
sent_cards() {
  curl -sf -H "Authorization: Bearer bench-token" "$1/actuator/prometheus" 2>/dev/null \
    | awk '/^salesbot_outbound_commands_total[{]/ && /kind="DeliverCard"/ && /outcome="sent"/ { s += $NF }
        END { printf "%d\n", s }'
}

# cards_report: Markdown on stdout; every lead of this run (routed since shares_start).
cards_report() {
  local since routed missing deliveries offers waited=0 b i=1 total=0 per=""
  printf '\n## Leads and cards across the instances\n\n'
  if ! pg_query "SELECT 1" >/dev/null; then
    printf -- '- not checked: psql is missing or PostgreSQL did not answer\n'
    return 0
  fi
  since="to_timestamp($(cat "$shares_dir/run-start.txt"))"
  # The offer cards leave through the outbox after the lanes are empty; wait for them (bounded).
  local missing_sql="SELECT count(DISTINCT a.lead_id) FROM lead_audit a WHERE a.action = 'routed'
      AND a.at >= $since AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.command_id = 'offer-' || a.lead_id)"
  missing=$(pg_query "$missing_sql")
  while ((missing > 0 && waited < 60)); do
    sleep 1
    waited=$((waited + 1))
    missing=$(pg_query "$missing_sql")
  done
  routed=$(pg_query "SELECT count(*) || ' ' || count(DISTINCT lead_id) FROM lead_audit
      WHERE action = 'routed' AND at >= $since")
  read -r deliveries offers < <(pg_query "SELECT count(*) || ' ' || count(DISTINCT command_id)
      FROM deliveries WHERE command_id LIKE 'offer-%' AND delivered_at >= $since")
  read -r rows leads <<<"$routed"
  printf -- '- leads routed: %d, `routed` audit rows %d: **%s**\n' "$leads" "$rows" \
    "$([[ "$rows" == "$leads" ]] && echo "each routed once" || echo "$((rows - leads)) routed more than once")"
  printf -- '- offer cards delivered (PostgreSQL `deliveries`): %d cards, %d deliveries (%s per card); routed leads without their card after %d s: **%d**\n' \
    "$offers" "$deliveries" "$(awk -v d="$deliveries" -v o="$offers" 'BEGIN { if (o > 0) printf "%.2f", d / o; else printf "-" }')" \
    "$waited" "$missing"
  while read -r b; do
    local n
    n=$(sent_cards "$b")
    total=$((total + n))
    per="$per${per:+, }instance $i: $n"
    i=$((i + 1))
  done < <(instance_bases)
  printf -- '- card commands sent, per instance (`salesbot_outbound_commands_total`, DeliverCard, sent): %s; total %d for %d cards: **%s**\n' \
    "$per" "$total" "$offers" \
    "$( ((total == offers)) && echo "none sent twice" || echo "$((total - offers)) more sends than cards (a command handled again; DeliverOutbound then sends only to recipients without a delivery)")"
}
