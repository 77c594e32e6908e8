#!/usr/bin/env bash
# Services list vs PostgreSQL's ceiling (see BENCHMARKS.md): Slipway in its own JVM on a fresh embedded PostgreSQL
# with 20,000 services; wrk against GET /api/v1/services?size=25 at 1, 8 and 32 clients, and pgbench running the
# SQL that request sends (captured from PostgreSQL's statement log) against the same database at the same
# concurrencies. Needs /usr/bin/wrk and /usr/bin/pgbench (Debian: apt-get install wrk postgresql-client).
# Results: stdout and target/bench/services-list-ceiling.md. Exits with 1 when the API serves less than half of
# pgbench's rate at some concurrency.
#   bench/services-list-ceiling.sh [--seconds 20] [--clients 1,8,32] [--heap 1g] [--jfr]
#   --jfr  also records a further wrk run at 8 clients with Java Flight Recorder and prints where the time goes
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_java dev.slipway.bench.ServiceListCeilingBenchmark "$@"
