#!/usr/bin/env bash
# Deploy burst benchmark: Slipway in its own JVM (sandbox rollouts of 3 s), 100 services × 5 releases = 500
# deployments POSTed at once from 16 client threads; time to all ended, queue wait, rollout, peak RSS/heap/threads.
# Results: stdout and target/bench/deploy-burst.md. Exits with 1 when the goal is missed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_java dev.slipway.deploy.DeployBurstBenchmark "$@"
