// Physics benchmarks. Targets (docs/dev/performance.md): a hall-year < 20 ms on one core (aim
// 5 ms); the built-in park at the 2030 stage < 2 s on two cores.

#include "parktwin/climate/catalog.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/park_simulation.hpp"

#include <benchmark/benchmark.h>

using namespace parktwin;

namespace {

struct Fixture {
  model::Scenario scenario = model::Scenario::load(model::kBuiltinHaidong);
  climate::ClimateCatalog catalog{climate::resolve_climate_dir(std::nullopt)};
  physics::ClimateInput climate{model::haidong::park_climate_year(catalog)};
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void hall_year(benchmark::State& state, const char* id) {
  auto& f = fixture();
  const auto& park = f.scenario.park();
  physics::ParkRunOptions o;
  o.only_hall = id;
  o.threads = 1;
  o.simulation.keep_hourly = false;
  for (auto _ : state) {
    auto r = physics::simulate_park(park, *park.find_stage("2030"), f.climate, o);
    benchmark::DoNotOptimize(r.halls.data());
  }
}

void BM_HallYear_IndirectEvaporative(benchmark::State& s) { hall_year(s, "mobile-2-h1"); }
void BM_HallYear_LiquidHeatRecovery(benchmark::State& s) { hall_year(s, "silk-1a-h1"); }
void BM_HallYear_ChilledWater(benchmark::State& s) { hall_year(s, "telecom-1-h1"); }
BENCHMARK(BM_HallYear_IndirectEvaporative)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HallYear_LiquidHeatRecovery)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HallYear_ChilledWater)->Unit(benchmark::kMillisecond);

void BM_Park2030(benchmark::State& state) {
  auto& f = fixture();
  const auto& park = f.scenario.park();
  physics::ParkRunOptions o;
  o.threads = static_cast<unsigned>(state.range(0));
  o.simulation.keep_hourly = true;
  for (auto _ : state) {
    auto r = physics::simulate_park(park, *park.find_stage("2030"), f.climate, o);
    benchmark::DoNotOptimize(r.halls.data());
  }
  state.SetLabel("48 halls, hourly outputs kept");
}
BENCHMARK(BM_Park2030)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace
