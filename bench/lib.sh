# Sourced by the benchmark scripts. bench_java builds the benchmarks unless bench/run-all already did (it builds once
# and sets SLIPWAY_BENCH_BUILT), then replaces the script with one benchmark's main class on the test classpath:
#   bench_java [-J<JVM option>]... <main class> [argument]...
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bench_java() {
  local jvm=()
  while [[ "${1:-}" == -J* ]]; do
    jvm+=("${1#-J}")
    shift
  done
  local main="$1"
  shift
  if [[ -z "${SLIPWAY_BENCH_BUILT:-}" || ! -f target/bench/classpath.txt ]]; then
    ./mvnw -q -B -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=target/bench/classpath.txt \
      -Dmdep.includeScope=test
  fi
  mkdir -p target/bench
  exec java ${jvm[@]+"${jvm[@]}"} -Dslipway.bench.output-dir=target/bench \
    -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" "$main" "$@"
}
