#!/usr/bin/env bash
# Load (see BENCHMARKS.md): Slipway in its own JVM with the sandbox cluster (rollouts of 3 s); 200 API clients for
# 60 s mixing reads, releases and deployments (with Idempotency-Key, some sent twice); then waits for the queue to
# drain and checks that every acknowledged deployment exists once and has ended, no key has two, the audit chain
# verifies. Prints p50/p99 per kind of request, errors, and the drain time against the burst benchmark's rate.
# Results: stdout and target/bench/load.md. Exits with 1 on errors, lost or duplicated deployments.
#   bench/load.sh [--clients 200] [--seconds 60] [--think-ms 1000] [--reads 88] [--releases 6] [--retry-percent 25]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_java dev.slipway.bench.LoadBenchmark "$@"
