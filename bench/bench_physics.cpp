// Physics benchmarks. Targets (docs/dev/performance.md): a hall-year < 20 ms on one core (aim
// 5 ms); the built-in park at the 2030 stage < 2 s on two cores.

#include "parktwin/climate/catalog.hpp"
#include "parktwin/model/haidong_site.hpp"
#include "parktwin/model/scenario.hpp"
#include "parktwin/physics/park_dispatch.hpp"
#include "parktwin/physics/park_simulation.hpp"
#include "parktwin/physics/park_supply.hpp"
#include "parktwin/physics/pv.hpp"
#include "parktwin/physics/supply_balance.hpp"
#include "parktwin/physics/wind.hpp"

#include <algorithm>
#include <map>
#include <cmath>

#include <benchmark/benchmark.h>

#include "yardstick.hpp"

using namespace parktwin;

namespace {

struct Fixture {
  model::Scenario scenario = model::Scenario::load(model::kBuiltinHaidong);
  climate::ClimateCatalog catalog{climate::resolve_climate_dir(std::nullopt)};
  climate::ClimateYear year = model::haidong::park_climate_year(catalog);
  physics::ClimateInput climate{year};
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
  const bench::YardstickCounter yardsticks(state);
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
  const bench::YardstickCounter yardsticks(state);
  for (auto _ : state) {
    auto r = physics::simulate_park(park, *park.find_stage("2030"), f.climate, o);
    benchmark::DoNotOptimize(r.halls.data());
  }
  state.SetLabel("48 halls, hourly outputs kept");
}
BENCHMARK(BM_Park2030)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SupplyYear(benchmark::State& state) {
  // Issue 14's supply year on one core: the sun's position every hour, eight PV arrays (roofs
  // and fields of different tilts and azimuths), a wind farm, a battery's balance against an
  // hourly load of the park's size, and the accounts. Target <= 20 ms.
  auto& f = fixture();
  std::vector<double> load(f.year.hours());
  for (std::size_t i = 0; i < load.size(); ++i) {
    load[i] = 250e6 * (1.0 + 0.05 * std::sin(2.0 * 3.14159265358979 * static_cast<double>(i % 24) / 24.0));
  }
  std::vector<int> month(f.year.month.begin(), f.year.month.end());
  for (auto _ : state) {
    const auto sun = physics::pv::sun_positions(f.year);
    std::vector<double> pv(f.year.hours(), 0.0);
    for (int k = 0; k < 8; ++k) {
      physics::pv::Array a;
      a.dc_rating_W = 25e6;
      a.orientation.tilt_deg = 10.0 + 4.0 * k;
      a.orientation.azimuth_deg = 150.0 + 8.0 * k;
      const auto ac = physics::pv::array_ac_W(a, f.year, sun);
      for (std::size_t i = 0; i < pv.size(); ++i) {
        pv[i] += ac[i];
      }
    }
    physics::wind::Farm farm;
    farm.turbines = 30;
    const auto wind = physics::wind::farm_power_W(farm, f.year);
    physics::supply::Battery b;
    b.energy_J = 400.0 * 3.6e9;
    b.charge_W = b.discharge_W = 100e6;
    const auto balance = physics::supply::balance(load, pv, wind, b, physics::supply::Rules::day_charge_night_use());
    const auto accounts = physics::supply::accounts(balance, physics::supply::Grid(), month);
    benchmark::DoNotOptimize(accounts.cfe_score);
  }
  state.SetLabel("8 PV arrays, a wind farm, a battery, accounts");
}
BENCHMARK(BM_SupplyYear)->Unit(benchmark::kMillisecond);

void BM_SizingSearch(benchmark::State& state) {
  // Issue 14's sizing answer: the least PV for each of nine storage sizes (0-4,000 MWh) that
  // reaches a green share (the argument, %) against a 250 MW load, by bisection to 0.1 MW.
  // Target <= 2 s.
  auto& f = fixture();
  physics::supply::SizingProblem p;
  p.load_W.resize(f.year.hours());
  for (std::size_t i = 0; i < p.load_W.size(); ++i) {
    p.load_W[i] = 250e6 * (1.0 + 0.05 * std::sin(2.0 * 3.14159265358979 * static_cast<double>(i % 24) / 24.0));
  }
  physics::pv::Array a;
  a.dc_rating_W = 1.0;
  a.orientation.tilt_deg = 30.0;
  p.added_pv_W_per_W = physics::pv::array_ac_W(a, f.year, physics::pv::sun_positions(f.year));
  p.month_of_hour.assign(f.year.month.begin(), f.year.month.end());
  int evaluations = 0, reached = 0;
  for (auto _ : state) {
    const auto answer = physics::supply::size_pv_and_storage(
        p, {physics::supply::Target::Measure::GreenShare, static_cast<double>(state.range(0)) / 100.0});
    evaluations = answer.evaluations;
    reached = static_cast<int>(std::count_if(answer.frontier.begin(), answer.frontier.end(), [](const auto& pt) { return pt.reached; }));
    benchmark::DoNotOptimize(answer.frontier.data());
  }
  state.counters["balances"] = evaluations;
  state.counters["sizes_reaching_it"] = reached;
}
BENCHMARK(BM_SizingSearch)->Arg(50)->Arg(80)->Unit(benchmark::kMillisecond);

void BM_ParkSupply(benchmark::State& state) {
  // Issue 14: the built-in park's supply year from its halls' results (simulated once, outside
  // the timing) at a stage: every roof array and the plan rule's PV through the sun, the
  // battery, export, certificates, the ledger of every tenant and hall; with (1) or without (0)
  // the sizing search for the stage's target. Targets: <= 20 ms without, the search <= 2 s.
  auto& f = fixture();
  const auto& park = f.scenario.park();
  const model::Stage& stage = *park.find_stage(state.range(0) == 2027 ? "2027" : "2030");
  static std::map<std::string, physics::ParkResult> halls;
  if (halls.count(stage.id) == 0) {
    physics::ParkRunOptions o;
    o.simulation.keep_hourly = true;
    halls[stage.id] = physics::simulate_park(park, stage, f.climate, o);
  }
  physics::SupplyOptions so;
  so.sizing = state.range(1) != 0;
  int evaluations = 0;
  for (auto _ : state) {
    const auto s = physics::simulate_supply(park, stage, halls[stage.id], f.climate, so);
    evaluations = s.sizing ? s.sizing->evaluations : 0;
    benchmark::DoNotOptimize(s.tenants.data());
  }
  state.counters["balances_searched"] = evaluations;
}
BENCHMARK(BM_ParkSupply)->Args({2027, 0})->Args({2027, 1})->Args({2030, 0})->Args({2030, 1})->Unit(benchmark::kMillisecond);

void BM_ParkDispatch(benchmark::State& state) {
  // Issue 15: the built-in park's year as operated at a stage on two cores, the halls and the
  // supply year (no sizing): (0) without the dispatch (the scenario's removed) and (1) with it,
  // the rounds of dispatch and re-simulation of the flexible halls included. Target: (1) <= 3 x (0).
  auto& f = fixture();
  static const model::Scenario plain = [] {
    auto doc = fixture().scenario.document();
    doc.erase("dispatch");
    for (auto& w : doc["wings"]) {
      for (auto& b : w["buildings"]) {
        for (auto& h : b["halls"]) {
          for (auto& g : h["rack_groups"]) {
            g.erase("flexibility");
          }
        }
      }
    }
    return model::Scenario::from_document(doc, "haidong without dispatch");
  }();
  const auto& park = state.range(1) != 0 ? f.scenario.park() : plain.park();
  const model::Stage& stage = *park.find_stage(state.range(0) == 2027 ? "2027" : "2030");
  physics::ParkRunOptions o;
  o.threads = 2;
  physics::SupplyOptions so;
  so.sizing = false;
  std::size_t rounds = 0;
  const bench::YardstickCounter yardsticks(state);
  for (auto _ : state) {
    const auto y = physics::simulate_operated_year(park, stage, f.climate, o, so);
    rounds = y.dispatch ? y.dispatch->rounds.size() : 0;
    benchmark::DoNotOptimize(y.halls.halls.data());
  }
  state.counters["rounds"] = static_cast<double>(rounds);
}
BENCHMARK(BM_ParkDispatch)->Args({2027, 0})->Args({2027, 1})->Args({2030, 0})->Args({2030, 1})->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace
