#!/usr/bin/env bash
# Deploy recovery benchmark: Slipway in its own JVM (sandbox rollouts of 3 s), an environment with automatic
# rollback; 10 times a crash-looping release, timed from the POST to the failure named and to the previous release
# serving again. Results: stdout and target/bench/deploy-recovery.md. Exits with 1 when a recovery takes 15 s or more.
set -euo pipefail
cd "$(dirname "$0")/.."
# bench/run-all builds once and sets SLIPWAY_BENCH_BUILT for the scripts it runs.
if [[ -z "${SLIPWAY_BENCH_BUILT:-}" || ! -f target/bench/classpath.txt ]]; then
  ./mvnw -q -B -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench/classpath.txt \
    -Dmdep.includeScope=test
fi
mkdir -p target/bench
exec java -Dslipway.bench.output-dir=target/bench \
  -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" dev.slipway.deploy.DeployRecoveryBenchmark "$@"
