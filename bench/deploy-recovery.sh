#!/usr/bin/env bash
# Deploy recovery benchmark: Slipway in its own JVM (sandbox rollouts of 3 s), an environment with automatic
# rollback; 10 times a crash-looping release, timed from the POST to the failure named and to the previous release
# serving again. Results: stdout and target/bench/deploy-recovery.md. Exits with 1 when a recovery takes 15 s or more.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_java dev.slipway.deploy.DeployRecoveryBenchmark "$@"
