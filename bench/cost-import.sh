#!/usr/bin/env bash
# Cost import benchmark: a FOCUS file of 1,000,000 rows through POST /api/v1/cost-imports (Slipway in
# its own JVM, -Xmx256m), against psql \copy of the same file into a bare table on the same PostgreSQL;
# 3 runs, alternating. Results: stdout and target/bench/cost-import.md. Exits with 1 when Slipway loads
# fewer than half as many rows a second as psql (median).
#   bench/cost-import.sh [--rows 1000000] [--runs 3] [--heap 256m] [--gzip] [--psql /usr/bin/psql]
set -euo pipefail
cd "$(dirname "$0")/.."
# bench/run-all builds once and sets SLIPWAY_BENCH_BUILT for the scripts it runs.
if [[ -z "${SLIPWAY_BENCH_BUILT:-}" || ! -f target/bench/classpath.txt ]]; then
  ./mvnw -q -B -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench/classpath.txt \
    -Dmdep.includeScope=test
fi
mkdir -p target/bench
exec java -Dslipway.bench.output-dir=target/bench \
  -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" dev.slipway.bench.CostImportBenchmark "$@"
