#!/usr/bin/env bash
# Cost import benchmark: a FOCUS file of 1,000,000 rows through POST /api/v1/cost-imports (Slipway in
# its own JVM, -Xmx256m), against psql \copy of the same file into a bare table on the same PostgreSQL;
# 3 runs, alternating. Results: stdout and target/bench/cost-import.md. Exits with 1 when Slipway loads
# fewer than half as many rows a second as psql (median).
#   bench/cost-import.sh [--rows 1000000] [--runs 3] [--heap 256m] [--gzip] [--psql /usr/bin/psql]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_java dev.slipway.bench.CostImportBenchmark "$@"
