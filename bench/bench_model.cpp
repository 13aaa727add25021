// Model benchmarks. Target (docs/dev/performance.md): loading and validating the built-in
// scenario < 10 ms.

#include "parktwin/model/scenario.hpp"

#include <benchmark/benchmark.h>

using namespace parktwin::model;

namespace {

void BM_LoadBuiltinScenario(benchmark::State& state) {
  for (auto _ : state) {
    Scenario s = Scenario::load(kBuiltinHaidong); // parse + schema + rules + Park in SI
    benchmark::DoNotOptimize(s.park().wings.data());
  }
  state.SetLabel("haidong: 3 wings, 22 buildings, 52 halls, 90 kB");
}
BENCHMARK(BM_LoadBuiltinScenario)->Unit(benchmark::kMillisecond);

void BM_CheckBuiltinScenario(benchmark::State& state) {
  const Json doc = Json::parse(builtin_haidong_text());
  for (auto _ : state) {
    benchmark::DoNotOptimize(Scenario::check(doc).size());
  }
  state.SetLabel("schema + rules only, document already parsed");
}
BENCHMARK(BM_CheckBuiltinScenario)->Unit(benchmark::kMillisecond);

void BM_SerialiseBuiltinScenario(benchmark::State& state) {
  const Scenario s = Scenario::load(kBuiltinHaidong);
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.to_text().size());
  }
}
BENCHMARK(BM_SerialiseBuiltinScenario)->Unit(benchmark::kMillisecond);

} // namespace
