#!/usr/bin/env bash
# Deploy benchmark: POST /api/v1/deployments → Deployment on the API server, 200 times, on the
# sandbox cluster; beside it kubectl --server-side apply of the same manifest. Results: stdout and
# target/bench/deploy.md. With --jfr, the run is recorded with Java Flight Recorder (profile settings) into
# target/bench/deploy.jfr; read it with `jfr summary` or `jfr print --events jdk.ExecutionSample`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
jvm=()
if [[ "${1:-}" == "--jfr" ]]; then
  shift
  jvm=(-J-XX:StartFlightRecording=filename=target/bench/deploy.jfr,settings=profile)
fi
bench_java ${jvm[@]+"${jvm[@]}"} dev.slipway.deploy.DeployBenchmark "$@"
