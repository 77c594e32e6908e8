#!/usr/bin/env bash
# Audit trail benchmark: append latency, verification and export of 1,000,000 events.
# Runs in a JVM with a deliberately small heap (384 MiB), so an export that held events in memory
# would fail rather than pass. Results: stdout and target/bench/audit.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# bench/run-all builds once and sets SLIPWAY_BENCH_BUILT for the scripts it runs.
if [[ -z "${SLIPWAY_BENCH_BUILT:-}" || ! -f target/bench/classpath.txt ]]; then
  ./mvnw -q -B -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench/classpath.txt \
    -Dmdep.includeScope=test
fi
mkdir -p target/bench
exec java -Xmx384m -Dslipway.bench.output-dir=target/bench \
  -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" dev.slipway.audit.AuditBenchmark "$@"
