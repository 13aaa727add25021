// Model benchmarks. Target (docs/dev/performance.md): loading and validating the built-in
// scenario < 10 ms.

#include "parktwin/model/scenario.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <string>

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

/// A wing whose boundary is a circle of `points` vertices, holding `buildings` 20 x 20 m buildings on
/// a 30 m grid (issue 12, item 13: 20,000 points took 18 s and 10,000 buildings 35 s to check
/// when every pair of edges or buildings was tested).
Json big_layout(int points, int buildings) {
  Json doc = Json::parse(R"({"format": "parktwin-scenario", "version": 1, "name": "big",
    "stages": [{"id": "s", "year": 2027, "default_occupancy": 0.8}], "wings": [{"id": "w", "boundary_m": [], "buildings": []}]})");
  const int side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(buildings))));
  const double r = 30.0 * side; // the grid fits inside
  for (int i = 0; i < points; ++i) {
    const double a = 2.0 * 3.14159265358979 * i / points;
    doc["wings"][0]["boundary_m"].push_back({r * std::cos(a), r * std::sin(a)});
  }
  for (int k = 0; k < buildings; ++k) {
    const double x = -15.0 * side + 30.0 * (k % side), y = -15.0 * side + 30.0 * (k / side);
    doc["wings"][0]["buildings"].push_back(
        {{"id", "b" + std::to_string(k)}, {"position_m", {x, y}},
         {"footprint_m", {{0, 0}, {20, 0}, {20, 20}, {0, 20}}}, {"height_m", 10}, {"floors", 1},
         {"halls", Json::parse(R"([{"id": "h)" + std::to_string(k) + R"(", "stage": "s", "floor_area_m2": 300,
           "rack_groups": [{"id": "g", "count": 10, "design_kW_per_rack": 5}],
           "cooling": {"air_system": {"indirect_evaporative": {}}}}])")}});
  }
  return doc;
}

void BM_CheckLargeBoundary(benchmark::State& state) {
  const Json doc = big_layout(static_cast<int>(state.range(0)), 4);
  for (auto _ : state) {
    benchmark::DoNotOptimize(Scenario::check(doc).size());
  }
  state.counters["problems"] = static_cast<double>(Scenario::check(doc).size());
  state.SetLabel("wing boundary of " + std::to_string(state.range(0)) + " points");
}
BENCHMARK(BM_CheckLargeBoundary)->Arg(20000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_CheckManyBuildings(benchmark::State& state) {
  const Json doc = big_layout(64, static_cast<int>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(Scenario::check(doc).size());
  }
  state.counters["problems"] = static_cast<double>(Scenario::check(doc).size());
  state.SetLabel(std::to_string(state.range(0)) + " buildings");
}
BENCHMARK(BM_CheckManyBuildings)->Arg(10000)->Unit(benchmark::kMillisecond);

} // namespace
