// The benchmarks' main: Google Benchmark's, with the yardstick measured first (its median goes
// into the context printed before the results, and every figure's "yardsticks" counter divides
// by it; bench/yardstick.hpp).

#include "yardstick.hpp"

#include <benchmark/benchmark.h>

namespace {

void BM_Yardstick(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(parktwin::bench::yardstick_workload());
  }
}
BENCHMARK(BM_Yardstick)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
    return 1;
  }
  (void)parktwin::bench::yardstick_s();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
