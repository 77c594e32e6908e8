#!/usr/bin/env bash
# Deploy benchmark: POST /api/v1/deployments → Deployment on the API server, 200 times, on the
# sandbox cluster; beside it kubectl --server-side apply of the same manifest. Results: stdout and
# target/bench/deploy.md. With --jfr, the run is recorded with Java Flight Recorder (profile settings) into
# target/bench/deploy.jfr; read it with `jfr summary` or `jfr print --events jdk.ExecutionSample`.
set -euo pipefail
jvm=()
if [[ "${1:-}" == "--jfr" ]]; then
  shift
  jvm=(-XX:StartFlightRecording=filename=target/bench/deploy.jfr,settings=profile)
fi
cd "$(dirname "$0")/.."
# bench/run-all builds once and sets SLIPWAY_BENCH_BUILT for the scripts it runs.
if [[ -z "${SLIPWAY_BENCH_BUILT:-}" || ! -f target/bench/classpath.txt ]]; then
  ./mvnw -q -B -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench/classpath.txt \
    -Dmdep.includeScope=test
fi
mkdir -p target/bench
exec java "${jvm[@]}" -Dslipway.bench.output-dir=target/bench \
  -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" dev.slipway.deploy.DeployBenchmark "$@"
