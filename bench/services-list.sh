#!/usr/bin/env bash
# Services list with 20,000 services (see BENCHMARKS.md): starts Slipway on a fresh embedded PostgreSQL,
# loads the services, times the portal and API list requests and prints a Markdown table, also written
# to target/bench/services-list.md. Exits with 1 when a p99 is above 100 ms.
#   bench/services-list.sh             time the requests
#   bench/services-list.sh --explain   print the query plans of each request instead
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
if [ $# -gt 0 ]; then
  args=("-Dexec.args=$*")
fi
exec ./mvnw -q -Pbench test-compile exec:java ${args[@]+"${args[@]}"}
