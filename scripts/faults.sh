#!/usr/bin/env bash
# Runs issue 15's cross-process fault suite (bot-server's e2e FaultSuite): three salesbot server
# processes on one embedded PostgreSQL and one embedded Redis, WeCom played by WireMock; kill -9 of
# an instance, a Redis kill and restart, a PostgreSQL crash restart and three WeCom faults, each in
# the middle of a burst of signed leads. It fails when an acknowledged lead is lost or stored twice,
# a card is missing or sent twice, or a WeCom member budget is overrun; it prints each scenario's
# figures (also in bot-server/target/faults-report.md) and the machine they were measured on.
#
# Usage: scripts/faults.sh [extra Maven arguments, e.g. -o for offline]
# Each WeCom fault lasts 60 s (issue 15: "for a minute"); -Dfaults.platform-seconds=15 shortens it.
# Too slow for the build (three JVMs start in 1–3 minutes on a busy 2-core machine): the suite's
# class name is outside surefire's default includes, so only this script (or -Dtest=FaultSuite) runs
# it. Its server logs are under bot-server/target/fault-suite/<run>/.
set -euo pipefail
cd "$(dirname "$0")/.."

report=bot-server/target/faults-report.md
rm -f "$report"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
status=0
nice ./mvnw -B "$@" -pl bot-server -am test -Dtest=FaultSuite -Dsurefire.failIfNoSpecifiedTests=false \
  || status=$?
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1), $(uname -sr)," \
  "load average before $load_before, after $load_after"
if [[ -f "$report" ]]; then
  echo "| scenario | figures |"
  echo "|---|---|"
  cat "$report"
else
  echo "no figures: the suite did not get to a report (see bot-server/target/surefire-reports)"
fi
exit "$status"
