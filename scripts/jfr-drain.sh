#!/usr/bin/env bash
# Where a server's CPU goes, from a Java Flight Recording, as a Markdown report on stdout:
#
#   scripts/jfr-drain.sh <recording.jfr> [rows=20]
#
# Reads the recording's jdk.ExecutionSample events (one sample of a running Java thread about
# every 10-20 ms with settings=profile) and counts them
#   - by thread pool (the thread's name without its number: reactor-tcp-epoll, boundedElastic, ...);
#   - by top frame (the method running when sampled, its own time);
#   - by library: the innermost frame that is not the JDK's (java., javax., jdk., sun.) decides,
#     cut to its first three package names (io.r2dbc.postgresql, reactor.core.publisher, ...), so
#     that a HashMap.get called by Lettuce counts as Lettuce's;
#   - by the innermost salesbot frame (io.salesbot.*) of each sample: which of our methods, with
#     everything it called, takes the CPU.
# scripts/bench.sh --drain=N with BENCH_JFR=1 records the drain alone (from the moment every lead
# was submitted) and prints this report. Needs the JDK's `jfr` on the PATH.
set -euo pipefail

recording=${1:?usage: scripts/jfr-drain.sh <recording.jfr> [rows]}
rows=${2:-20}
command -v jfr >/dev/null || { echo "jfr-drain: the JDK's jfr tool is not on the PATH" >&2; exit 1; }
[[ -f "$recording" ]] || { echo "jfr-drain: $recording does not exist" >&2; exit 1; }

samples=$(mktemp "${TMPDIR:-/tmp}/jfr-drain.XXXXXX")
trap 'rm -f "$samples"' EXIT
# One line per sample: thread pool <TAB> top frame <TAB> library <TAB> innermost salesbot frame.
jfr print --stack-depth 96 --events jdk.ExecutionSample "$recording" | awk '
  function method(line) { sub(/^[ \t]+/, "", line); sub(/[(].*/, "", line); return line }
  function library(m,   n, p, out, i) {
    n = split(m, p, ".")
    out = p[1]
    for (i = 2; i <= 3 && i < n - 1; i++) out = out "." p[i]
    return out
  }
  /sampledThread = / {
    thread = $0
    sub(/^[^"]*"/, "", thread); sub(/".*/, "", thread)
    gsub(/[-#][0-9]+$/, "", thread); gsub(/-[0-9]+$/, "", thread); gsub(/ [0-9]+$/, "", thread)
  }
  /stackTrace = \[/ { inside = 1; top = ""; lib = ""; ours = ""; next }
  inside && /^[ \t]*\]/ {
    inside = 0
    if (top == "") next
    printf "%s\t%s\t%s\t%s\n", thread, top, (lib == "" ? "(JDK only)" : lib), (ours == "" ? "(no salesbot frame)" : ours)
    next
  }
  inside && /^[ \t]*\.\.\./ { next }
  inside {
    m = method($0)
    if (top == "") top = m
    if (lib == "" && m !~ /^(java|javax|jdk|sun|com\.sun)\./) lib = library(m)
    if (ours == "" && m ~ /^io\.salesbot\./) ours = m
  }
' >"$samples"

total=$(wc -l <"$samples")
printf '## CPU profile: %s\n\n' "$(basename "$recording")"
printf '%s execution samples (Java threads running when sampled; time in native code and the GC is not sampled here).\n' "$total"
((total > 0)) || exit 0

table() { # <title> <column> <header>
  printf '\n### %s\n\n| samples | share | %s |\n|---:|---:|---|\n' "$1" "$3"
  cut -f "$2" "$samples" | sort | uniq -c | sort -rn | head -n "$rows" \
    | awk -v total="$total" '{ n = $1; $1 = ""; sub(/^ /, ""); printf "| %d | %.1f %% | `%s` |\n", n, 100 * n / total, $0 }'
}
table "By thread pool" 1 "thread"
table "By library (innermost frame outside the JDK)" 3 "package"
table "By top frame (own time)" 2 "method"
table "By innermost salesbot frame (with what it calls)" 4 "method"
