// Sweep benchmarks (docs/dev/performance.md): throughput in hall-years per second per core,
// scaling from 1 to 2 jobs, and the wall time of a 1,000-variant hall sweep. Each iteration
// runs a whole sweep into a fresh folder, journal and summaries included.

#include "parktwin/climate/catalog.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/model/sweep_plan.hpp"
#include "parktwin/physics/sweep.hpp"

#include <benchmark/benchmark.h>

#include "yardstick.hpp"

#include <filesystem>
#include <unistd.h>

using namespace parktwin;

namespace {

physics::SweepSetup hall_sweep(std::size_t variants, unsigned jobs) {
  static const auto climate = [] {
    climate::ClimateCatalog catalog{climate::resolve_climate_dir(std::nullopt)};
    return std::make_shared<const physics::ClimateInput>(model::haidong::park_climate_year(catalog));
  }();
  model::SweepPlan plan;
  plan.climates = {"haidong-park"};
  plan.stages = {"2024"};
  // Cold-aisle set points from 18 C in steps small enough for `variants` values.
  plan.dimensions.push_back(model::SweepDimension::parse(
      "halls[*].air.supply_air_C=18:27:" + std::to_string(9.0 / static_cast<double>(variants - 1))));
  plan.dimensions.back().values.resize(variants, plan.dimensions.back().values.back());
  plan.prepare();
  physics::SweepSetup s{model::Scenario::load(PARKTWIN_SOURCE_DIR "/assets/scenarios/reference-telecom-qinghai.json"),
                        plan, {}, "", {}, jobs, false, {}, "bench"};
  physics::SweepClimate c;
  c.name = "haidong-park";
  c.input = climate;
  s.climates.push_back(c);
  return s;
}

void run(benchmark::State& state, std::size_t variants) {
  const auto jobs = static_cast<unsigned>(state.range(0));
  const auto setup = hall_sweep(variants, jobs);
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("parktwin-bench-sweep-" + std::to_string(::getpid()));
  double hall_years = 0.0;
  {
    const bench::YardstickCounter yardsticks(state); // the timing loop only
    for (auto _ : state) {
      std::filesystem::remove_all(dir);
      const auto o = physics::run_sweep(setup, dir, false);
      hall_years += o.progress.hall_years;
    }
  }
  std::filesystem::remove_all(dir);
  state.counters["hall_years_per_s"] = benchmark::Counter(hall_years, benchmark::Counter::kIsRate);
  state.counters["hall_years_per_s_per_core"] =
      benchmark::Counter(hall_years / static_cast<double>(jobs), benchmark::Counter::kIsRate);
}

void BM_HallSweep40(benchmark::State& state) { run(state, 40); }
BENCHMARK(BM_HallSweep40)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_HallSweep1000(benchmark::State& state) { run(state, 1000); }
BENCHMARK(BM_HallSweep1000)->Arg(2)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

} // namespace
