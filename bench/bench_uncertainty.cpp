// Uncertainty bands and calibration (issue 17; docs/dev/performance.md): targets 200 samples of
// the built-in park <= 30 s on two cores, a hall calibrated to an hourly year <= 60 s.

#include "parktwin/climate/catalog.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/bands.hpp"
#include "parktwin/physics/calibration.hpp"
#include "parktwin/physics/results_io.hpp"

#include <benchmark/benchmark.h>

#include "yardstick.hpp"

#include <filesystem>
#include <unistd.h>

using namespace parktwin;

namespace {

struct Fixture {
  model::Scenario park = model::Scenario::load(model::kBuiltinHaidong);
  model::Scenario reference =
      model::Scenario::load(PARKTWIN_SOURCE_DIR "/assets/scenarios/reference-telecom-qinghai.json");
  climate::ClimateCatalog catalog{climate::resolve_climate_dir(std::nullopt)};
  physics::ClimateInput climate{model::haidong::park_climate_year(catalog)};
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void bands(benchmark::State& state, const model::Scenario& s, const std::string& stage) {
  physics::BandsOptions o;
  o.samples = static_cast<std::size_t>(state.range(0));
  o.jobs = 2;
  double samples = 0.0;
  {
    const bench::YardstickCounter yardsticks(state);
    for (auto _ : state) {
      const auto r = physics::run_bands(s, stage, fixture().climate, model::UncertaintySet::builtin(), o);
      benchmark::DoNotOptimize(r.bands.size());
      samples += static_cast<double>(r.samples);
    }
  }
  state.counters["samples_per_s"] = benchmark::Counter(samples, benchmark::Counter::kIsRate);
}

/// The climate of one sample of `climate_hot_year`: the park year's hot year made from the
/// year as it is (what each sample with the climate parameter pays before its run).
void BM_HotYearClimateInput(benchmark::State& state) {
  const physics::ClimateInput& base = fixture().climate;
  double k = 0.5;
  const bench::YardstickCounter yardsticks(state);
  for (auto _ : state) {
    const physics::ClimateInput hot = base.for_hot_year(k);
    benchmark::DoNotOptimize(hot.wet_bulb_K().data());
    k = k > 1.5 ? 0.5 : k + 0.01;
  }
}
BENCHMARK(BM_HotYearClimateInput)->Unit(benchmark::kMillisecond);

/// The reference hall, 200 samples on two jobs.
void BM_BandsReferenceHall(benchmark::State& state) { bands(state, fixture().reference, "2024"); }
BENCHMARK(BM_BandsReferenceHall)->Arg(200)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

/// The built-in park at 2030 (48 halls, dispatched), 20 samples on two jobs: the 200 of the
/// target take ten times as long (the samples are independent).
void BM_BandsPark2030(benchmark::State& state) { bands(state, fixture().park, "2030"); }
BENCHMARK(BM_BandsPark2030)->Arg(20)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

/// The reference hall calibrated to a metered year (its own hourly output, every parameter of
/// the built-in set that reaches it), the default search, two jobs.
void BM_CalibrateReferenceHallHourly(benchmark::State& state) {
  auto& f = fixture();
  const auto dir = std::filesystem::temp_directory_path() / ("parktwin-bench-cal-" + std::to_string(::getpid()));
  physics::ParkRunOptions run;
  run.simulation.keep_hourly = true;
  const auto own = physics::simulate_park(f.reference.park(), *f.reference.park().find_stage("2024"), f.climate, run);
  physics::write_results_csv(dir, own, nullptr);
  const auto measured = physics::MeasuredData::read_csv((dir / "park_hourly.csv").string(), f.climate.hours());
  physics::CalibrationOptions o;
  o.jobs = 2;
  {
    const bench::YardstickCounter yardsticks(state);
    for (auto _ : state) {
      const auto r = physics::calibrate(f.reference, "2024", f.climate, model::UncertaintySet::builtin(), {}, &measured, o);
      benchmark::DoNotOptimize(r.objective);
      state.counters["model_runs"] = static_cast<double>(r.model_runs);
    }
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_CalibrateReferenceHallHourly)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

} // namespace
