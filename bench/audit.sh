#!/usr/bin/env bash
# Audit trail benchmark: append latency, verification and export of 1,000,000 events.
# Runs in a JVM with a deliberately small heap (384 MiB), so an export that held events in memory
# would fail rather than pass. Results: stdout and target/bench/audit.md.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_java -J-Xmx384m dev.slipway.audit.AuditBenchmark "$@"
