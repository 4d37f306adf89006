#!/usr/bin/env bash
# Where a salesbot server's CPU samples go, from a Java Flight Recording, as Markdown on stdout:
#
#   scripts/jfr-top.sh benchmarks/target/bench-server.jfr [top-frames=15]
#
# Each jdk.ExecutionSample (a Java thread caught running Java code) is put in one *path* by what
# its whole stack holds, first match wins:
#   pipeline      the consumers draining the streams: StreamWorker, routing, SLA, timers, stages,
#                 PostgreSQL (R2DBC), the outbox and its senders, the sandbox platform
#   request path  answering an HTTP request: Reactor Netty's HTTP server, Spring's web handling,
#                 salesbot's filters and handlers (the intake: IntakeHandler, SubmitLead, the
#                 enqueue script and its group commit: a GroupCommit over Lettuce with no
#                 pipeline frame on the stack, as the pipeline's own Redis group commits show
#                 StreamWorker or RedisOutbox frames — an approximation)
#   redis client  Lettuce with no salesbot frame above it (the answers of both paths are read here)
#   netty         Netty's event loops with neither of the above (socket reads and writes of both)
#   other         anything else (metrics scrapes, schedulers, JFR itself)
# and in one *area* by its innermost frame that names a known library or salesbot package (HMAC,
# Jackson, Micrometer, ...). The tables give both, then the hottest innermost frames.
# Samples of native code and of the JVM's own threads (GC, JIT) are not execution samples; the
# recording's jdk.CPULoad events give the process's total.
set -euo pipefail
file=${1:?usage: scripts/jfr-top.sh <recording.jfr> [top-frames]}
top=${2:-15}
command -v jfr >/dev/null || { echo "jfr-top: the JDK's jfr tool is not on the PATH" >&2; exit 1; }

samples=$(mktemp)
trap 'rm -f "$samples"' EXIT
jfr print --stack-depth 96 --events jdk.ExecutionSample "$file" >"$samples"

printf '## Where the server CPU samples go (%s)\n\n' "$(basename "$file")"
jfr print --events jdk.CPULoad "$file" | awk '
  /jvmUser/ { u += $3 + 0 } /jvmSystem/ { s += $3 + 0 } /machineTotal/ { m += $3 + 0; n++ }
  END { if (n) printf "- process CPU (jdk.CPULoad, %d readings): JVM user %.1f %%, system %.1f %% of the machine on average; machine %.1f %% busy\n\n", n, u / n, s / n, m / n }'

awk -v top="$top" '
  function path(stack) {
    if (stack ~ /io[.]salesbot[.]adapter[.]redis[.]StreamWorker|io[.]salesbot[.]core[.](routing|sla|timer|stage|deal|score|command|team|platform)[.]|io[.]salesbot[.]adapter[.]postgres|io[.]r2dbc|io[.]salesbot[.]server[.]pipeline[.](PipelineLifecycle|TimerLifecycle|CountingDelivery)|io[.]salesbot[.]core[.]lead[.](Ingest|Route|RepeatVisit|HandleInbound)|io[.]salesbot[.]adapter[.]sandbox|io[.]salesbot[.]adapter[.]redis[.]Redis(Outbox|Streams)/)
      return "pipeline"
    if (stack ~ /reactor[.]netty[.]http[.]server|org[.]springframework[.]web[.]|org[.]springframework[.]http[.]|io[.]salesbot[.]server[.](intake|web)[.]|IngressFirst[.]filter|RedisInboundQueue|SubmitLead|FallbackInboundQueue|StreamOps[.](appendAllIfNew|flags|lambda[$]appendAllIfNew)/)
      return "request path"
    if (stack ~ /io[.]salesbot[.]core[.]kernel[.]GroupCommit/)
      return stack ~ /io[.]lettuce/ ? "request path" : "pipeline"
    if (stack ~ /io[.]lettuce/) return "redis client"
    if (stack ~ /io[.]netty/) return "netty"
    return "other"
  }
  function area(frame) {
    if (frame ~ /^(javax[.]crypto|com[.]sun[.]crypto|sun[.]security)/) return "HMAC / crypto"
    if (frame ~ /^io[.]salesbot[.]core[.]lead[.]IntakeSignature/) return "HMAC / crypto"
    if (frame ~ /^(tools[.]jackson|com[.]fasterxml)/) return "Jackson (JSON)"
    if (frame ~ /^io[.]micrometer/) return "Micrometer (metrics, observations)"
    if (frame ~ /^io[.]lettuce/) return "Lettuce (Redis client)"
    if (frame ~ /^io[.]r2dbc/) return "R2DBC PostgreSQL driver"
    if (frame ~ /^reactor[.]netty/) return "Reactor Netty"
    if (frame ~ /^io[.]netty/) return "Netty"
    if (frame ~ /^reactor[.]/) return "Reactor operators"
    if (frame ~ /^org[.]springframework/) return "Spring (web, codecs, routing)"
    if (frame ~ /^io[.]salesbot[.]/) { f = frame; sub(/[.][^.]*$/, "", f); sub(/^io[.]salesbot[.]/, "", f); return "salesbot: " f }
    if (frame ~ /^(java[.]util[.]regex)/) return "JDK regex"
    if (frame ~ /^(sun[.]nio|java[.]nio|sun[.]net)/) return "JDK NIO"
    if (frame ~ /^(java[.]|jdk[.]|sun[.])/) return "JDK other"
    return "other libraries"
  }
  /stackTrace = \[/ { inside = 1; stack = ""; first = ""; known = ""; next }
  inside && /^[ \t]*\]/ {
    inside = 0; total++
    p = path(stack); paths[p]++
    a = (known == "" ? "JDK other" : known)
    areas[p "\t" a]++
    frames[first]++
    next
  }
  inside {
    f = $0; sub(/^[ \t]+/, "", f); sub(/[(].*/, "", f)
    if (first == "") first = f
    stack = stack "\n" f
    if (known == "") { k = area(f); if (k != "JDK other") known = k }
  }
  END {
    if (total == 0) { print "no execution samples in the recording"; exit }
    printf "%d execution samples.\n\n| path | samples | share |\n|---|---:|---:|\n", total
    for (p in paths) printf "| %s | %d | %.1f %% |\n", p, paths[p], 100 * paths[p] / total | "sort -t\"|\" -k3 -rn"
    close("sort -t\"|\" -k3 -rn")
    printf "\n| path | area (innermost known frame) | samples | share of all |\n|---|---|---:|---:|\n"
    for (k in areas) { split(k, pa, "\t"); printf "| %s | %s | %d | %.1f %% |\n", pa[1], pa[2], areas[k], 100 * areas[k] / total | "sort -t\"|\" -k4 -rn" }
    close("sort -t\"|\" -k4 -rn")
    printf "\n| hottest innermost frames | samples |\n|---|---:|\n"
    for (f in frames) printf "| `%s` | %d |\n", f, frames[f] | "sort -t\"|\" -k3 -rn | head -" top
    close("sort -t\"|\" -k3 -rn | head -" top)
  }' "$samples"
