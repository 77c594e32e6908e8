#!/usr/bin/env bash
# Deploy burst benchmark: Slipway in its own JVM (sandbox rollouts of 3 s), 100 services × 5 releases = 500
# deployments POSTed at once from 16 client threads; time to all ended, queue wait, rollout, peak RSS/heap/threads.
# Results: stdout and target/bench/deploy-burst.md. Exits with 1 when the goal is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
# bench/run-all builds once and sets SLIPWAY_BENCH_BUILT for the scripts it runs.
if [[ -z "${SLIPWAY_BENCH_BUILT:-}" || ! -f target/bench/classpath.txt ]]; then
  ./mvnw -q -B -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench/classpath.txt \
    -Dmdep.includeScope=test
fi
mkdir -p target/bench
exec java -Dslipway.bench.output-dir=target/bench \
  -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" dev.slipway.deploy.DeployBurstBenchmark "$@"
