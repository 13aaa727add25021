// Climate benchmarks. Targets (docs/dev/performance.md): reading and checking one EPW year
// < 20 ms; psychrometric wet bulb < 1 us on average.
//   build/ci/bench/parktwin_bench [--benchmark_filter=...]

#include "parktwin/climate/catalog.hpp"
#include "parktwin/climate/epw.hpp"
#include "parktwin/climate/psychrometrics.hpp"
#include "parktwin/climate/statistics.hpp"
#include "parktwin/common/sha256.hpp"
#include "parktwin/common/text.hpp"
#include "parktwin/model/haidong_site.hpp"

#include <benchmark/benchmark.h>

#include <random>

using namespace parktwin;
using namespace parktwin::climate;

namespace {

const CatalogEntry& xining_entry() {
  static const ClimateCatalog catalog(resolve_climate_dir(std::nullopt));
  return catalog.find("xining");
}

void BM_ReadEpwYear(benchmark::State& state) {
  const auto path = xining_entry().path;
  for (auto _ : state) {
    ClimateYear y = read_epw(path);
    benchmark::DoNotOptimize(y.T_db_K.data());
  }
  state.SetLabel("Xining CSWD, 8760 rows, file read + every field checked");
}
BENCHMARK(BM_ReadEpwYear)->Unit(benchmark::kMillisecond);

void BM_ParseEpwInMemory(benchmark::State& state) {
  const std::string text = read_file(xining_entry().path);
  for (auto _ : state) {
    ClimateYear y = parse_epw(text, "xining");
    benchmark::DoNotOptimize(y.T_db_K.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ParseEpwInMemory)->Unit(benchmark::kMillisecond);

void BM_WetBulb(benchmark::State& state) {
  // Random states over the park's range: -25..35 C, RH 5-100 %, 75-81 kPa.
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> T(248.15, 308.15), rh(0.05, 1.0), p(75000.0, 81000.0);
  struct S {
    double T, W, p;
  };
  std::vector<S> states(4096);
  for (auto& s : states) {
    s.T = T(rng);
    s.p = p(rng);
    s.W = psy::humidity_ratio_from_rh(s.T, rh(rng), s.p);
  }
  std::size_t i = 0;
  for (auto _ : state) {
    const S& s = states[i++ & 4095];
    benchmark::DoNotOptimize(psy::wet_bulb_K(s.T, s.W, s.p));
  }
}
BENCHMARK(BM_WetBulb);

void BM_ClimateStatistics(benchmark::State& state) {
  const ClimateYear y = read_epw(xining_entry().path);
  for (auto _ : state) {
    auto s = compute_statistics(y);
    benchmark::DoNotOptimize(s.mean_db_K);
  }
}
BENCHMARK(BM_ClimateStatistics)->Unit(benchmark::kMillisecond);

void BM_HaidongParkYear(benchmark::State& state) {
  const ClimateYear y = read_epw(xining_entry().path);
  for (auto _ : state) {
    ClimateYear park = adapt_climate(y, model::haidong::park_adaptation());
    benchmark::DoNotOptimize(park.T_db_K.data());
  }
  state.SetLabel("adaptation only (no read, no sha256)");
}
BENCHMARK(BM_HaidongParkYear)->Unit(benchmark::kMillisecond);

void BM_Sha256ClimateFile(benchmark::State& state) {
  const std::string text = read_file(xining_entry().path);
  for (auto _ : state) {
    benchmark::DoNotOptimize(sha256_hex(text));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_Sha256ClimateFile)->Unit(benchmark::kMillisecond);

} // namespace

