// Failure ride-through (issue 18; docs/physics/ride-through.md, docs/dev/performance.md):
// targets one event on one hall <= 10 ms, every hour of a year on one hall <= 30 s.

#include "parktwin/climate/catalog.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/bands.hpp"
#include "parktwin/physics/ridethrough.hpp"

#include <benchmark/benchmark.h>

#include "yardstick.hpp"

using namespace parktwin;

namespace {

struct Fixture {
  model::Scenario reference =
      model::Scenario::load(PARKTWIN_SOURCE_DIR "/assets/scenarios/reference-telecom-qinghai.json");
  climate::ClimateCatalog catalog{climate::resolve_climate_dir(std::nullopt)};
  physics::ClimateInput climate{model::haidong::park_climate_year(catalog)};
  physics::HallResult year = simulate_year();
  /// The hall's year with the state at the start of every hour.
  physics::HallResult simulate_year() const {
    physics::SimulationOptions o;
    o.keep_states = true;
    o.keep_hourly = false;
    const model::Park& p = reference.park();
    return physics::simulate_hall(p, p.wings[0].buildings[0].halls[0], p.stages[0], climate, o);
  }
  physics::RideThroughResult event(const char* text, std::size_t hour) const {
    const model::Park& p = reference.park();
    return physics::simulate_ride_through(p, p.wings[0].buildings[0].halls[0], p.stages[0], climate, year.plant.design,
                                          physics::RideThroughEvent::parse(text), year.states.at(hour - 1), hour);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

/// One 30-min event (every IEC unit tripped at the hottest hour), the hall's year outside the timing.
void BM_RideThroughEvent(benchmark::State& state) {
  const Fixture& f = fixture();
  const bench::YardstickCounter yardsticks(state);
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.event("trip:iec", 4818).peak_inlet_C);
  }
}
BENCHMARK(BM_RideThroughEvent)->Unit(benchmark::kMillisecond);

/// A 30-min utility outage at the hottest hour: three phases (no power, generators with the
/// compressors restarting, all back), the integrator restarted at each.
void BM_RideThroughOutage(benchmark::State& state) {
  const Fixture& f = fixture();
  const bench::YardstickCounter yardsticks(state);
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.event("outage", 4818).peak_inlet_C);
  }
}
BENCHMARK(BM_RideThroughOutage)->Unit(benchmark::kMillisecond);

/// The same event at the start of every hour of the year on two threads (the year included).
void BM_RideThroughEveryHour(benchmark::State& state) {
  Fixture& f = fixture();
  const bench::YardstickCounter yardsticks(state);
  for (auto _ : state) {
    f.year = f.simulate_year();
    std::vector<double> peak(f.climate.hours());
    physics::for_each_sample(peak.size(), 2, [&](std::size_t k) { peak[k] = f.event("trip:iec", k + 1).peak_inlet_C; });
    benchmark::DoNotOptimize(peak.data());
  }
}
BENCHMARK(BM_RideThroughEveryHour)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

} // namespace
