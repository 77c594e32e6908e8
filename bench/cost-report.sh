#!/usr/bin/env bash
# Cost report benchmark: imports 10,000,000 FOCUS line items over six months through the API, then times
# GET /api/v1/costs by team and month (six months) and by service and day (one month), and one allocation
# recompute. Results: stdout and target/bench/cost-report.md. Exits with 1 when a p99 is 200 ms or more.
#   bench/cost-report.sh [--rows 10000000] [--requests 300] [--warm-up 20] [--heap 1g] [--gzip]
#   bench/cost-report.sh --rows 200k     a quick run
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_java dev.slipway.bench.CostReportBenchmark "$@"
